package dev.plumb.model;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * Replaces every occurrence of every known secret plaintext by {@link Sensitive#MASK}. The last
 * line of defence for anything printed: diagnostics, plans, command output, error messages.
 * Longer secrets are replaced first, so a secret that contains another is masked whole.
 */
public final class Redactor {
    public static final Redactor NONE = new Redactor(List.of(), Keyed.random());

    private final List<String> secrets;
    private final Keyed tags;

    private Redactor(List<String> secrets, Keyed tags) {
        this.secrets = secrets;
        this.tags = tags;
    }

    /** This redactor, tagging masked values under {@code key} (stable across runs sharing the key). */
    public Redactor withTagKey(Keyed key) {
        return new Redactor(secrets, key);
    }

    /**
     * A short keyed tag for a masked value: equal values get equal tags, so a plan can show that a
     * secret changed without showing it.
     */
    public String tag(String value) {
        return tags.hmac(value).substring(0, 6);
    }

    /** A keyed fingerprint of every secret value: changes when any secret does. */
    public String secretsFingerprint(Keyed key) {
        return key.hmac(String.join("\u0000", secrets.stream().sorted().toList()));
    }

    /** Empty strings are ignored: they would match everywhere. */
    public static Redactor of(Collection<String> secrets) {
        return new Redactor(secrets.stream()
                .filter(Objects::nonNull)
                .filter(s -> !s.isEmpty())
                .distinct()
                .sorted(Comparator.comparingInt(String::length).reversed())
                .toList(), Keyed.random());
    }

    public String redact(String text) {
        String out = text;
        for (String secret : secrets) {
            out = out.replace(secret, Sensitive.MASK);
        }
        return out;
    }

    public Diagnostic redact(Diagnostic d) {
        return d.mapText(this::redact);
    }

    /** Never shows the secrets, only how many there are. */
    @Override
    public String toString() {
        return "Redactor[" + secrets.size() + " secrets]";
    }
}
