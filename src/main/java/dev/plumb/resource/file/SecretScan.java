package dev.plumb.resource.file;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds what an import must not write as a value: the parts of a text that look secret. Pure; the
 * spans it returns are offsets only, and their labels and descriptions never quote the text.
 *
 * <ul>
 *   <li>a value whose key is named like {@code *PASSWORD*}, {@code *PASSWD*}, {@code *SECRET*},
 *       {@code *TOKEN*} or {@code *KEY*} (any case): the whole value;</li>
 *   <li>the password part of a URL ({@code scheme://user:PASSWORD@host}), anywhere;</li>
 *   <li>in a {@link #whole} file (mode 0600 or tighter): every value, or all the text but its
 *       final line breaks.</li>
 * </ul>
 * A value that only names a variable ({@code ${TOKEN}}, {@code $TOKEN}) or is empty is no secret.
 */
public final class SecretScan {
    /**
     * Characters {@code [start, end)} of a text are secret. {@code label} names it within its
     * file (a key in lower case, {@code url}; empty for the whole text); {@code what} says what it
     * is, for the operator.
     */
    public record Span(int start, int end, String label, String what) {}

    private static final Pattern SECRET_KEY = Pattern.compile("(?i).*(PASSWORD|PASSWD|SECRET|TOKEN|KEY).*");
    /** The password part of a URL's user information; it may hold an unencoded '@': the last one ends it. */
    private static final Pattern URL_PASSWORD =
            Pattern.compile("[A-Za-z][A-Za-z0-9+.\\-]*://[^\\s/?#@:\"']*:([^\\s/?#\"']+)@");
    /** A key named like a secret and its separator, in a line of a configuration file. */
    private static final Pattern KEY_VALUE = Pattern.compile(
            "(?i)(?<![A-Za-z0-9_.\\-])([A-Za-z0-9_.\\-]*(?:PASSWORD|PASSWD|SECRET|TOKEN|KEY)[A-Za-z0-9_.\\-]*)"
                    + "[\"']?[ \\t]*[:=][ \\t]*");
    /** The key whose value starts right after it: {@code name=}, {@code "name": "}. */
    private static final Pattern KEY_BEFORE = Pattern.compile("([A-Za-z0-9_.\\-]+)[\"']?[ \\t]*[:=][ \\t]*[\"']?$");
    private static final Pattern REFERENCE = Pattern.compile("\\$\\{?[A-Za-z_][A-Za-z0-9_]*}?");
    private static final Pattern LINE_START = Pattern.compile("[ \\t]*(export[ \\t]+)?[\"'\\-]*");

    private SecretScan() {}

    /** Whether a key names a secret. */
    public static boolean secretKey(String key) {
        return SECRET_KEY.matcher(key).matches();
    }

    /** Whether {@code mode} (octal digits) lets only the owner in: every value of the file is secret. */
    public static boolean secretMode(String mode) {
        return (Integer.parseInt(mode, 8) & 0077) == 0;
    }

    /** The secret parts of the value of {@code key} in an environment file. */
    public static List<Span> envValue(String key, String value, boolean wholeFile) {
        if (!secret(value)) {
            return List.of();
        }
        if (wholeFile || secretKey(key)) {
            return List.of(new Span(0, value.length(), key.toLowerCase(Locale.ROOT), key));
        }
        List<Span> out = new ArrayList<>();
        Matcher m = URL_PASSWORD.matcher(value);
        while (m.find()) {
            out.add(new Span(m.start(1), m.end(1), key.toLowerCase(Locale.ROOT) + (out.isEmpty() ? "" : "_" + (out.size() + 1)),
                    "the password of the URL in " + key));
        }
        return out;
    }

    /** All of {@code text} but its final line breaks, as one secret; none when that is empty. */
    public static List<Span> whole(String text) {
        int end = text.length();
        while (end > 0 && (text.charAt(end - 1) == '\n' || text.charAt(end - 1) == '\r')) {
            end--;
        }
        return end == 0 ? List.of() : List.of(new Span(0, end, "", "the content"));
    }

    /**
     * The secret parts of a configuration file or unit: values of keys named like secrets
     * ({@code password = x}, {@code "api_key": "x"}, {@code Environment=API_TOKEN=x},
     * {@code --password=x}) and URL passwords. A quoted value ends at its closing quote, as does
     * one quoted with its key ({@code "KEY=a b"}); an unquoted one at the end of the line when its
     * key starts the line, else at the next blank.
     */
    public static List<Span> content(String text) {
        List<Span> out = new ArrayList<>();
        Map<String, Integer> labels = new HashMap<>();
        int lineStart = 0;
        while (lineStart < text.length()) {
            int nl = text.indexOf('\n', lineStart);
            int lineEnd = nl < 0 ? text.length() : nl;
            String line = text.substring(lineStart, lineEnd);
            List<Span> inLine = new ArrayList<>();
            Matcher m = KEY_VALUE.matcher(line);
            int from = 0;
            while (from < line.length() && m.find(from)) {
                int end = valueEnd(line, m.start(), m.end());
                int start = m.end() < line.length() && isQuote(line.charAt(m.end())) ? m.end() + 1 : m.end();
                String value = line.substring(start, Math.max(start, end));
                if (secret(value)) {
                    inLine.add(new Span(start, end, label(labels, m.group(1)), m.group(1)));
                }
                from = Math.max(end, m.end());
            }
            Matcher u = URL_PASSWORD.matcher(line);
            while (u.find()) {
                int s = u.start(1);
                int e = u.end(1);
                if (inLine.stream().noneMatch(x -> s < x.end() && e > x.start())) {
                    Matcher k = KEY_BEFORE.matcher(line.substring(0, u.start()));
                    String key = k.find() ? k.group(1) : "url";
                    inLine.add(new Span(s, e, label(labels, key), "the password of a URL (" + key + ")"));
                }
            }
            int offset = lineStart;
            inLine.stream().sorted(java.util.Comparator.comparingInt(Span::start))
                    .map(x -> new Span(x.start() + offset, x.end() + offset, x.label(), x.what()))
                    .forEach(out::add);
            lineStart = lineEnd + 1;
        }
        return out;
    }

    /** Where the value that starts at {@code valueStart} ends. */
    private static int valueEnd(String line, int keyStart, int valueStart) {
        if (valueStart < line.length() && isQuote(line.charAt(valueStart))) {
            int close = line.indexOf(line.charAt(valueStart), valueStart + 1);
            return close < 0 ? trimmedEnd(line) : close;
        }
        if (keyStart > 0 && isQuote(line.charAt(keyStart - 1))) {
            // Quoted with its key, as systemd's Environment="KEY=a b": the value ends at that quote.
            int close = line.indexOf(line.charAt(keyStart - 1), valueStart);
            return close < 0 ? Math.max(valueStart, trimmedEnd(line)) : close;
        }
        if (LINE_START.matcher(line.substring(0, keyStart)).matches()) {
            return Math.max(valueStart, trimmedEnd(line));
        }
        int end = valueStart;
        while (end < line.length() && !Character.isWhitespace(line.charAt(end)) && !isQuote(line.charAt(end))) {
            end++;
        }
        return end;
    }

    private static int trimmedEnd(String line) {
        int end = line.length();
        while (end > 0 && Character.isWhitespace(line.charAt(end - 1))) {
            end--;
        }
        return end;
    }

    private static boolean isQuote(char c) {
        return c == '"' || c == '\'';
    }

    /** A value worth hiding: not empty, not only the name of a variable. */
    private static boolean secret(String value) {
        return !value.isEmpty() && !REFERENCE.matcher(value).matches();
    }

    /** {@code key} in lower case, numbered from its second use in the file. */
    private static String label(Map<String, Integer> labels, String key) {
        String k = key.toLowerCase(Locale.ROOT);
        int n = labels.merge(k, 1, Integer::sum);
        return n == 1 ? k : k + "_" + n;
    }
}
