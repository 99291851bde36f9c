package dev.plumb.resource.postgres;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A function as a grant names it, {@code add(int, int)} or {@code "My Fn"(text, numeric(10,2))}:
 * the name as PostgreSQL reads it (unquoted: lower case) and the argument types as written.
 * {@link #parse} accepts only what {@code to_regprocedure} and {@code to_regtype} parse without
 * raising a syntax error, so the catalog query can resolve signatures without failing on one;
 * a type that does not exist is then reported, not raised.
 */
public record FunctionSignature(String name, List<String> args) {
    private static final String WORD = "(?:[A-Za-z_\\x{80}-\\x{10FFFF}][A-Za-z0-9_$\\x{80}-\\x{10FFFF}]*|\"(?:[^\"]|\"\")+\")";
    private static final String TYPMOD = "(?:\\s*\\(\\s*\\d+\\s*(?:,\\s*\\d+\\s*)?\\))?";
    private static final String ARRAY = "(?:\\s*\\[\\s*\\d*\\s*\\])*";
    /** A type: one (qualified) name, or one of SQL's names of several words; a modifier; array brackets. */
    private static final Pattern TYPE = Pattern.compile("(?:" + WORD + "(?:\\s*\\.\\s*" + WORD + ")?" + TYPMOD
            + "|(?i:double\\s+precision|(?:national\\s+)?(?:character|char)\\s+varying" + TYPMOD + "|bit\\s+varying"
            + TYPMOD + "|(?:timestamp|time)" + TYPMOD + "\\s+with(?:out)?\\s+time\\s+zone))" + ARRAY);
    private static final Pattern NAME = Pattern.compile(WORD);

    public FunctionSignature {
        args = List.copyOf(args);
    }

    /** The signature, or why it is not one, for a validation message. */
    public static Result parse(String text) {
        String t = text.strip();
        int open = nameEnd(t);
        if (open < 0 || open >= t.length() || t.charAt(open) != '(' || !t.endsWith(")")) {
            return new Result(Optional.empty(), Optional.of("function '" + text + "' needs its argument types, e.g."
                    + " add(integer, integer) or now()"));
        }
        String rawName = t.substring(0, open).strip();
        if (!NAME.matcher(rawName).matches()) {
            return new Result(Optional.empty(), Optional.of("function '" + text + "': '" + rawName
                    + "' is not a function name; quote it as \"" + rawName.replace("\"", "\"\"") + "\""));
        }
        List<String> args = new ArrayList<>();
        for (String a : split(t.substring(open + 1, t.length() - 1))) {
            String arg = a.strip();
            if (!TYPE.matcher(arg).matches()) {
                return new Result(Optional.empty(), Optional.of("function '" + text + "': '" + arg
                        + "' is not an argument type; write types only, e.g. integer, text, numeric(10,2),"
                        + " \"My Type\", myschema.mytype, integer[]"));
            }
            args.add(arg);
        }
        String name = rawName.startsWith("\"") ? rawName.substring(1, rawName.length() - 1).replace("\"\"", "\"")
                : rawName.toLowerCase(Locale.ROOT);
        return new Result(Optional.of(new FunctionSignature(name, args)), Optional.empty());
    }

    /** A parse: the signature or the problem. */
    public record Result(Optional<FunctionSignature> signature, Optional<String> problem) {}

    /** Where the name ends: the first {@code (} outside double quotes, or -1. */
    private static int nameEnd(String t) {
        boolean quoted = false;
        for (int i = 0; i < t.length(); i++) {
            char c = t.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            } else if (c == '(' && !quoted) {
                return i;
            }
        }
        return -1;
    }

    /** The argument list split at commas outside parentheses and quotes; empty for {@code ()}. */
    private static List<String> split(String list) {
        List<String> out = new ArrayList<>();
        if (list.isBlank()) {
            return out;
        }
        int depth = 0;
        boolean quoted = false;
        int start = 0;
        for (int i = 0; i < list.length(); i++) {
            char c = list.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            } else if (!quoted && c == '(') {
                depth++;
            } else if (!quoted && c == ')') {
                depth--;
            } else if (!quoted && depth == 0 && c == ',') {
                out.add(list.substring(start, i));
                start = i + 1;
            }
        }
        out.add(list.substring(start));
        return out;
    }
}
