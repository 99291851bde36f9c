package dev.plumb.model;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Masks secrets in anything shown: diagnostics, plans, command output, error messages, journal
 * lines. {@link #show(Text)} masks a text's secret spans wherever they are; {@link #redact} is
 * the defence in depth for free text: it replaces every occurrence of every known secret, and of
 * the usual encodings of each (escaped, quoted, URL-encoded, base64), by {@link Sensitive#MASK}.
 * Overlapping occurrences are masked as one, so a secret that contains another is masked whole.
 * A form shorter than {@value #WHOLE_TOKEN_BELOW} characters is masked only where it stands as a
 * whole token, so that a short secret does not garble text (and reveal itself by the gaps).
 */
public final class Redactor {
    public static final Redactor NONE = new Redactor(List.of(), Keyed.random());
    private static final int LINE = 6;
    /** Forms shorter than this are masked only as whole tokens (see {@link #token}). */
    static final int WHOLE_TOKEN_BELOW = 8;

    private final List<String> secrets;
    private final List<String> forms;
    private final Keyed tags;

    private Redactor(List<String> secrets, Keyed tags) {
        this.secrets = secrets;
        this.tags = tags;
        Set<String> all = new LinkedHashSet<>();
        secrets.forEach(s -> all.addAll(forms(s)));
        this.forms = all.stream().filter(f -> !f.isEmpty()).toList();
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

    /** {@code value} masked with its tag: "(sensitive 1a2b3c)". */
    public String masked(String value) {
        return Sensitive.MASK.replace(")", " " + tag(value) + ")");
    }

    /** The text for display: each secret span {@link #masked}, the rest {@link #redact}ed. */
    public String show(Text text) {
        String s = text.reveal();
        StringBuilder out = new StringBuilder();
        int at = 0;
        for (Text.Span span : text.spans()) {
            out.append(redact(s.substring(at, span.start()))).append(masked(s.substring(span.start(), span.end())));
            at = span.end();
        }
        return out.append(redact(s.substring(at))).toString();
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

    /**
     * The ways a secret is commonly written out: as is; backslash-escaped inside sh or systemd
     * double quotes, or every special character escaped (sh {@code printf %q}); inside sh single
     * quotes; with quotes doubled (SQL, pg_hba.conf); JSON-escaped; URL-encoded (space as
     * {@code +} and as {@code %20}); base64 of its UTF-8 bytes (standard with and without
     * padding, URL-safe); and each line of a secret of several lines, when it is long enough
     * ({@value #LINE}+ characters) not to turn up by chance.
     */
    private static List<String> forms(String secret) {
        byte[] bytes = secret.getBytes(StandardCharsets.UTF_8);
        String url = URLEncoder.encode(secret, StandardCharsets.UTF_8);
        Set<String> out = new LinkedHashSet<>(List.of(secret,
                secret.replaceAll("([\"\\\\`$])", "\\\\$1"),
                secret.replaceAll("([^A-Za-z0-9_@%+=:,./\\-])", "\\\\$1"),
                secret.replace("'", "'\\''"),
                secret.replace("'", "''"),
                secret.replace("\"", "\"\""),
                json(secret),
                url,
                url.replace("+", "%20"),
                Base64.getEncoder().encodeToString(bytes),
                Base64.getEncoder().withoutPadding().encodeToString(bytes),
                Base64.getUrlEncoder().withoutPadding().encodeToString(bytes)));
        if (secret.lines().count() > 1) {
            secret.lines().filter(l -> l.strip().length() >= LINE).forEach(out::add);
        }
        return List.copyOf(out);
    }

    private static String json(String s) {
        StringBuilder b = new StringBuilder();
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                case '\b' -> b.append("\\b");
                case '\f' -> b.append("\\f");
                default -> b.append(c < 0x20 ? String.format("\\u%04X", (int) c) : String.valueOf(c));
            }
        }
        return b.toString();
    }

    public String redact(String text) {
        if (forms.isEmpty() || text.isEmpty()) {
            return text;
        }
        List<int[]> hits = new ArrayList<>();
        for (String f : forms) {
            for (int i = text.indexOf(f); i >= 0; i = text.indexOf(f, i + 1)) {
                if (f.length() >= WHOLE_TOKEN_BELOW || token(text, i, i + f.length())) {
                    hits.add(new int[] {i, i + f.length()});
                }
            }
        }
        if (hits.isEmpty()) {
            return text;
        }
        hits.sort(Comparator.comparingInt(h -> h[0]));
        StringBuilder out = new StringBuilder();
        int at = 0;
        int k = 0;
        while (k < hits.size()) {
            int start = hits.get(k)[0];
            int end = hits.get(k)[1];
            // Overlapping occurrences are one masked run; adjacent ones stay apart.
            while (++k < hits.size() && hits.get(k)[0] < end) {
                end = Math.max(end, hits.get(k)[1]);
            }
            out.append(text, at, start).append(Sensitive.MASK);
            at = end;
        }
        return out.append(text.substring(at)).toString();
    }

    /**
     * Whether {@code text[start, end)} stands alone: no letter, digit or {@code _} right before or
     * after it. A short secret is masked only there, so that "db" masks {@code u:db@h} but does
     * not garble {@code createdb} (and reveal itself by the gap).
     */
    private static boolean token(String text, int start, int end) {
        return (start == 0 || !word(text.codePointBefore(start))) && (end == text.length() || !word(text.codePointAt(end)));
    }

    private static boolean word(int c) {
        return Character.isLetterOrDigit(c) || c == '_';
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
