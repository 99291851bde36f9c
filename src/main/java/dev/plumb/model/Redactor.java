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
    public static final Redactor NONE = new Redactor(List.of());

    private final List<String> secrets;

    private Redactor(List<String> secrets) {
        this.secrets = secrets;
    }

    /** Empty strings are ignored: they would match everywhere. */
    public static Redactor of(Collection<String> secrets) {
        return new Redactor(secrets.stream()
                .filter(Objects::nonNull)
                .filter(s -> !s.isEmpty())
                .distinct()
                .sorted(Comparator.comparingInt(String::length).reversed())
                .toList());
    }

    public String redact(String text) {
        String out = text;
        for (String secret : secrets) {
            out = out.replace(secret, Sensitive.MASK);
        }
        return out;
    }

    public Diagnostic redact(Diagnostic d) {
        return new Diagnostic(d.location(), redact(d.message()), d.hint().map(this::redact));
    }

    /** Never shows the secrets, only how many there are. */
    @Override
    public String toString() {
        return "Redactor[" + secrets.size() + " secrets]";
    }
}
