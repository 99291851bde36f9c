package dev.plumb.inventory;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A parsed host pattern such as {@code web}, {@code db1}, {@code all}, {@code web:db},
 * {@code web,db}, {@code web:!web2}, {@code web:&eu} or {@code host*}. Terms are separated by
 * {@code :} or {@code ,}; {@code !} excludes, {@code &} intersects; {@code *} matches any run of
 * characters in host and group names. Terms combine the way Ansible combines them: first the
 * union of the plain terms (every host when there is none), then each {@code &} term, then
 * each {@code !} term, so {@code web:!web2:&eu} and {@code web:&eu:!web2} mean the same.
 */
public record HostPattern(String text, List<Term> terms) {

    public enum Op { UNION, INTERSECT, EXCLUDE }

    /** One name (a host, a group, {@code all}, or a glob) with how it combines. */
    public record Term(Op op, String name) {
        public Term {
            Objects.requireNonNull(op, "op");
            Objects.requireNonNull(name, "name");
        }

        boolean isGlob() {
            return name.indexOf('*') >= 0;
        }

        /**
         * Whether the glob matches all of {@code candidate}, {@code *} matching any run of
         * characters. Without backtracking: the text before the first {@code *} must start the
         * candidate, the text after the last must end it, and each piece between is taken at its
         * first place after the previous one (taking it later never helps), so the time is at
         * most the candidate's length times the pattern's, however many {@code *} there are.
         */
        boolean matches(String candidate) {
            String[] pieces = name.split("\\*", -1);
            if (pieces.length == 1) {
                return name.equals(candidate);
            }
            String first = pieces[0];
            String last = pieces[pieces.length - 1];
            if (candidate.length() < first.length() + last.length() || !candidate.startsWith(first)
                    || !candidate.endsWith(last)) {
                return false;
            }
            int from = first.length();
            int end = candidate.length() - last.length();
            for (int i = 1; i < pieces.length - 1; i++) {
                int at = candidate.indexOf(pieces[i], from);
                if (at < 0 || at + pieces[i].length() > end) {
                    return false;
                }
                from = at + pieces[i].length();
            }
            return true;
        }
    }

    private static final Pattern TERM_NAME = Pattern.compile("[A-Za-z0-9_.*\\-]+");

    public HostPattern {
        Objects.requireNonNull(text, "text");
        terms = List.copyOf(terms);
    }

    /**
     * Parses {@code text}.
     *
     * @throws IllegalArgumentException with a message fit for a diagnostic when the text is
     *     empty, has an empty term, or a term with characters no host or group name can have
     */
    public static HostPattern parse(String text) {
        if (text.isBlank()) {
            throw new IllegalArgumentException("host pattern is empty");
        }
        List<Term> terms = new ArrayList<>();
        for (String raw : text.split("[:,]", -1)) {
            String part = raw.strip();
            Op op = Op.UNION;
            if (part.startsWith("!")) {
                op = Op.EXCLUDE;
                part = part.substring(1);
            } else if (part.startsWith("&")) {
                op = Op.INTERSECT;
                part = part.substring(1);
            }
            if (part.isEmpty()) {
                throw new IllegalArgumentException("host pattern '" + text + "' has an empty term");
            }
            if (!TERM_NAME.matcher(part).matches()) {
                throw new IllegalArgumentException("host pattern '" + text + "' has an invalid term '" + part
                        + "' (names are letters, digits, '_', '.', '-' and '*')");
            }
            terms.add(new Term(op, part));
        }
        return new HostPattern(text, terms);
    }
}
