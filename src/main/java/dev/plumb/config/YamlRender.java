package dev.plumb.config;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.yaml.snakeyaml.DumperOptions.ScalarStyle;
import org.yaml.snakeyaml.nodes.NodeId;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * Writes values as YAML text. Every rendering here is a proposal: {@link YamlEdit} keeps one only
 * if the document then reads back as intended, so these checks may be conservative but need not
 * be complete.
 */
final class YamlRender {
    private static final Resolver RESOLVER = new Resolver();
    private static final String FLOW_INDICATORS = ",[]{}";

    private YamlRender() {
    }

    /** A literal block scalar: its header ({@code |}, {@code |-}, {@code |+}) and its lines, each after a line break. */
    record Literal(String header, String body) {
    }

    /**
     * Texts for {@code value} on one line, best first: for a string, the style {@code keep} (the
     * replaced scalar's, may be null) when it can hold the value, then plain, then double-quoted;
     * integers and booleans plain; maps and lists in flow style.
     */
    static List<String> inline(Object value, boolean flow, ScalarStyle keep) {
        if (!(value instanceof String s)) {
            return List.of(flow(value));
        }
        Set<String> out = new LinkedHashSet<>();
        if (keep == ScalarStyle.SINGLE_QUOTED) {
            single(s).ifPresent(out::add);
        } else if (keep == ScalarStyle.DOUBLE_QUOTED) {
            out.add(doubleQuoted(s));
        }
        plain(s, flow).ifPresent(out::add);
        out.add(doubleQuoted(s));
        return List.copyOf(out);
    }

    /** {@code value} in flow style: strings plain when safe, else double-quoted. */
    static String flow(Object value) {
        if (value instanceof String s) {
            return plain(s, true).orElseGet(() -> doubleQuoted(s));
        }
        if (value instanceof Map<?, ?> map) {
            return map.entrySet().stream().map(e -> flow(e.getKey()) + ": " + flow(e.getValue()))
                    .collect(Collectors.joining(", ", "{", "}"));
        }
        if (value instanceof List<?> list) {
            return list.stream().map(YamlRender::flow).collect(Collectors.joining(", ", "[", "]"));
        }
        return String.valueOf(value);
    }

    /**
     * A mapping's entries in block style, one a line, each line after the first starting with
     * {@code indent}; values are written inline (collections in flow style).
     */
    static String blockEntries(Map<?, ?> map, String indent, String eol) {
        return map.entrySet().stream()
                .map(e -> blockKey((String) e.getKey()) + ": " + inline(e.getValue(), false, null).get(0))
                .collect(Collectors.joining(eol + indent));
    }

    /** A mapping key in block context. */
    static String blockKey(String key) {
        return plain(key, false).orElseGet(() -> doubleQuoted(key));
    }

    /** {@code s} as a plain scalar, if it reads back as that string in block or flow context. */
    static Optional<String> plain(String s, boolean flow) {
        if (s.isEmpty() || !s.strip().equals(s) || !printable(s, false)) {
            return Optional.empty();
        }
        if (!Tag.STR.equals(RESOLVER.resolve(NodeId.scalar, s, true))) {
            return Optional.empty(); // yes, 0600, 1.5, null, ~ ... read as something else
        }
        char first = s.charAt(0);
        if ("#,[]{}&*!|>'\"%@`".indexOf(first) >= 0) {
            return Optional.empty();
        }
        if ("-?:".indexOf(first) >= 0 && (s.length() == 1 || Character.isWhitespace(s.charAt(1))
                || flow && FLOW_INDICATORS.indexOf(s.charAt(1)) >= 0)) {
            return Optional.empty();
        }
        if (s.contains(": ") || s.contains(":\t") || s.contains(" #") || s.contains("\t#") || s.endsWith(":")
                || s.startsWith("---") || s.startsWith("...")) {
            return Optional.empty();
        }
        if (flow && s.chars().anyMatch(c -> FLOW_INDICATORS.indexOf(c) >= 0)) {
            return Optional.empty();
        }
        return Optional.of(s);
    }

    /** {@code s} single-quoted, if it has no line break or character that needs an escape. */
    static Optional<String> single(String s) {
        return printable(s, false) ? Optional.of("'" + s.replace("'", "''") + "'") : Optional.empty();
    }

    /** {@code s} double-quoted, escaping what YAML cannot hold as it is. */
    static String doubleQuoted(String s) {
        StringBuilder b = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\t' -> b.append("\\t");
                case '\r' -> b.append("\\r");
                case '\0' -> b.append("\\0");
                default -> {
                    if (c < 0x20 || c >= 0x7f && c <= 0x9f || c == '\u2028' || c == '\u2029' || c == '\uFEFF'
                            || Character.isSurrogate(c) && !validPair(s, i)) {
                        b.append(c <= 0xff ? String.format("\\x%02X", (int) c) : String.format("\\u%04X", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }

    /**
     * {@code s} as a literal block whose lines are indented by {@code indent}; the chomping
     * indicator keeps its trailing line breaks exactly. The body ends without a line break: the
     * line break after the replaced text ends the last line. Empty when a line would start the
     * block with spaces (that needs an indentation indicator) or a character needs an escape.
     */
    static Optional<Literal> literal(String s, String indent, String eol) {
        if (!printable(s, true)) {
            return Optional.empty();
        }
        int breaks = 0;
        while (breaks < s.length() && s.charAt(s.length() - 1 - breaks) == '\n') {
            breaks++;
        }
        String body = s.substring(0, s.length() - breaks);
        String firstLine = body.lines().filter(l -> !l.isEmpty()).findFirst().orElse("");
        if (body.isEmpty() || firstLine.startsWith(" ") || firstLine.startsWith("\t")) {
            return Optional.empty();
        }
        StringBuilder b = new StringBuilder();
        for (String line : body.split("\n", -1)) {
            b.append(eol);
            if (!line.isEmpty()) {
                b.append(indent).append(line);
            }
        }
        b.append(eol.repeat(Math.max(0, breaks - 1)));
        return Optional.of(new Literal(breaks == 0 ? "|-" : breaks == 1 ? "|" : "|+", b.toString()));
    }

    private static boolean printable(String s, boolean lineBreaks) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean ok = c >= 0x20 && c != 0x7f && !(c >= 0x80 && c <= 0x9f) && c != '\u2028' && c != '\u2029'
                    && c != '\uFEFF' && (!Character.isSurrogate(c) || validPair(s, i))
                    || c == '\t' || lineBreaks && c == '\n';
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    private static boolean validPair(String s, int i) {
        char c = s.charAt(i);
        return Character.isHighSurrogate(c) ? i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))
                : i > 0 && Character.isHighSurrogate(s.charAt(i - 1));
    }

    static String spaces(int n) {
        return " ".repeat(Math.max(0, n));
    }
}
