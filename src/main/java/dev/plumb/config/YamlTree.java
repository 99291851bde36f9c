package dev.plumb.config;

import java.io.StringReader;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.yaml.snakeyaml.DumperOptions.FlowStyle;
import org.yaml.snakeyaml.DumperOptions.ScalarStyle;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.composer.Composer;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.parser.ParserImpl;
import org.yaml.snakeyaml.reader.ReaderException;
import org.yaml.snakeyaml.reader.StreamReader;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * One YAML document composed by SnakeYAML, with every addressable value's {@link YamlSpan} by
 * path (map keys as strings, list indices as integers). Values reached through an alias are not
 * indexed below the alias. Offsets are Java char offsets into {@link #text}; SnakeYAML's marks
 * count code points and are converted.
 */
final class YamlTree {
    final String text;
    final Node root;
    /** The document's line break: that of its first line, else "\n". */
    final String eol;
    final YamlSpan rootSpan;
    private final int[] charOfCodePoint;
    private final Deque<MarkingParser.Alias> aliases;
    private final Set<Node> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    private final Map<List<Object>, YamlSpan> index = new HashMap<>();
    private final Set<List<Object>> duplicates = new HashSet<>();

    private YamlTree(String text, Node root, List<MarkingParser.Alias> aliases) {
        this.text = text;
        this.root = root;
        this.charOfCodePoint = text.codePointCount(0, text.length()) == text.length() ? null : codePoints(text);
        this.aliases = new ArrayDeque<>(aliases);
        int lf = text.indexOf('\n');
        this.eol = lf > 0 && text.charAt(lf - 1) == '\r' ? "\r\n" : "\n";
        this.rootSpan = walk(List.of(), root, -1, -1, -1, false);
        index(rootSpan);
    }

    /** Parses one document; a malformed or empty one is a {@link YamlEditException}. */
    static YamlTree parse(String text) {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(true);
        options.setMaxAliasesForCollections(100);
        MarkingParser parser = new MarkingParser(new ParserImpl(new StreamReader(new StringReader(text)), options));
        Node root;
        try {
            root = new Composer(parser, new Resolver(), options).getSingleNode();
        } catch (MarkedYAMLException e) {
            Mark mark = Optional.ofNullable(e.getProblemMark()).orElse(e.getContextMark());
            throw new YamlEditException("invalid YAML" + (mark == null ? "" : " at " + position(mark)) + ": "
                    + Optional.ofNullable(e.getProblem()).orElse(e.getContext()));
        } catch (ReaderException e) {
            throw new YamlEditException("invalid YAML: character " + String.format("U+%04X", e.getCodePoint())
                    + " is not allowed in a YAML file");
        } catch (YAMLException e) {
            throw new YamlEditException("invalid YAML: "
                    + Optional.ofNullable(e.getMessage()).orElse("unreadable").lines().findFirst().orElse(""));
        }
        if (root == null) {
            throw new YamlEditException("the document is empty");
        }
        return new YamlTree(text, root, parser.aliases());
    }

    Optional<YamlSpan> at(List<Object> path) {
        return Optional.ofNullable(index.get(path));
    }

    /** True when the last key of {@code path} appears more than once in its mapping. */
    boolean duplicate(List<Object> path) {
        return duplicates.contains(path);
    }

    /** The innermost indexed value whose entry holds the 1-based line and column (code points). */
    Optional<List<Object>> pathAt(int line, int column) {
        int lineStart = 0;
        for (int l = 1; l < line; l++) {
            int end = lineEnd(lineStart);
            if (end == text.length()) {
                return Optional.empty();
            }
            lineStart = nextLine(end);
        }
        int at;
        try {
            at = text.offsetByCodePoints(lineStart, column - 1);
        } catch (IndexOutOfBoundsException e) {
            return Optional.empty();
        }
        if (at > lineEnd(lineStart) || line < 1 || column < 1) {
            return Optional.empty();
        }
        List<Object> best = null;
        for (YamlSpan span : index.values()) {
            boolean inside = span.entryStart() <= at && (at < span.end() || at == span.entryStart());
            if (inside && (best == null || span.path().size() > best.size())) {
                best = span.path();
            }
        }
        return Optional.ofNullable(best);
    }

    /** "line:column", 1-based, of a char offset. */
    String position(int offset) {
        int line = 1;
        for (int i = 0; i < offset; i++) {
            char c = text.charAt(i);
            if (c == '\n' || c == '\r' && (i + 1 >= text.length() || text.charAt(i + 1) != '\n')) {
                line++;
            }
        }
        return line + ":" + (text.codePointCount(lineStart(offset), offset) + 1);
    }

    int lineStart(int pos) {
        int p = Math.min(pos, text.length());
        while (p > 0 && text.charAt(p - 1) != '\n' && text.charAt(p - 1) != '\r') {
            p--;
        }
        return p;
    }

    /** The offset of the line break ending the line that holds {@code pos}, or the text's length. */
    int lineEnd(int pos) {
        int p = pos;
        while (p < text.length() && text.charAt(p) != '\n' && text.charAt(p) != '\r') {
            p++;
        }
        return p;
    }

    /** The start of the line after the line break at {@code lineEnd}. */
    int nextLine(int lineEnd) {
        if (lineEnd >= text.length()) {
            return text.length();
        }
        return text.startsWith("\r\n", lineEnd) ? lineEnd + 2 : lineEnd + 1;
    }

    /** Chars from the start of the line to {@code pos} (a byte order mark not counted): the indentation of what starts there. */
    int column(int pos) {
        int start = lineStart(pos);
        return pos - start - (start == 0 && text.startsWith("\uFEFF") && pos > 0 ? 1 : 0);
    }

    /**
     * The end of the last line of a value, before its line break: where a line after it goes.
     * A kept block scalar's trailing empty lines are part of it.
     */
    int endOfLastLine(YamlSpan span) {
        int end = span.end();
        return end > span.entryStart() && end == lineStart(end) ? lineEnd(end) : lineEnd(Math.max(end - 1, span.entryStart()));
    }

    /** Only spaces between the start of the line and {@code pos}. */
    boolean firstOnLine(int pos) {
        return text.substring(lineStart(pos), pos).isBlank();
    }

    private YamlSpan walk(List<Object> path, Node node, int entryStart, int indicatorEnd, int ownerColumn,
            boolean flow) {
        if (node.getAnchor() != null && !seen.add(node)) {
            MarkingParser.Alias alias = aliases.poll();
            int start = offset(alias == null ? node.getStartMark() : alias.start());
            int end = offset(alias == null ? node.getEndMark() : alias.end());
            return YamlSpan.of(path, node, entryStart < 0 ? start : entryStart, start, end, indicatorEnd,
                    ownerColumn, flow, true);
        }
        int start = offset(node.getStartMark());
        int entry = entryStart < 0 ? start : entryStart;
        if (node instanceof ScalarNode scalar) {
            int end = offset(node.getEndMark());
            if (scalar.getScalarStyle() == ScalarStyle.LITERAL || scalar.getScalarStyle() == ScalarStyle.FOLDED) {
                end = lastContentEnd(start, end, keeps(start));
            }
            return YamlSpan.of(path, node, entry, start, end, indicatorEnd, ownerColumn, flow, false);
        }
        List<YamlSpan> kids = new ArrayList<>();
        boolean flowStyle;
        if (node instanceof MappingNode map) {
            flowStyle = map.getFlowStyle() == FlowStyle.FLOW;
            Set<String> keys = new HashSet<>();
            for (NodeTuple tuple : map.getValue()) {
                YamlSpan key = walk(null, tuple.getKeyNode(), -1, -1, -1, flowStyle);
                String name = key.node() instanceof ScalarNode s && !key.alias() ? s.getValue() : null;
                List<Object> kidPath = path == null || name == null ? null : append(path, name);
                if (kidPath != null && !keys.add(name)) {
                    duplicates.add(kidPath);
                }
                kids.add(walk(kidPath, tuple.getValueNode(), key.start(), colonAfter(key.end()),
                        column(key.start()), flowStyle));
            }
        } else {
            SequenceNode seq = (SequenceNode) node;
            flowStyle = seq.getFlowStyle() == FlowStyle.FLOW;
            for (int i = 0; i < seq.getValue().size(); i++) {
                List<Object> kidPath = path == null ? null : append(path, i);
                YamlSpan item = walk(kidPath, seq.getValue().get(i), -1, -1, -1, flowStyle);
                if (!flowStyle) {
                    int dash = dashBefore(item.start(), i == 0 ? start : kids.get(i - 1).end());
                    item = new YamlSpan(kidPath, item.node(), dash, item.start(), item.end(), dash + 1, column(dash),
                            false, item.alias(), item.children());
                }
                kids.add(item);
            }
        }
        int end = flowStyle || kids.isEmpty() ? offset(node.getEndMark()) : kids.get(kids.size() - 1).end();
        YamlSpan span = YamlSpan.of(path, node, entry, start, end, indicatorEnd, ownerColumn, flow, false);
        span.children().addAll(kids);
        return span;
    }

    private void index(YamlSpan span) {
        if (span.path() != null) {
            index.put(span.path(), span);
        }
        span.children().forEach(this::index);
    }

    /** Just after the ':' following a key that ends at {@code keyEnd}, or -1. */
    private int colonAfter(int keyEnd) {
        int p = keyEnd;
        while (p < text.length() && (text.charAt(p) == ' ' || text.charAt(p) == '\t')) {
            p++;
        }
        return p < text.length() && text.charAt(p) == ':' ? p + 1 : -1;
    }

    /** The dash of a block list item that starts at {@code itemStart}; the previous item ends at {@code from}. */
    private int dashBefore(int itemStart, int from) {
        int p = itemStart - 1;
        while (p >= 0 && Character.isWhitespace(text.charAt(p))) {
            p--;
        }
        if (p >= 0 && text.charAt(p) == '-') {
            return p;
        }
        for (p = from; p < itemStart; p++) {
            char c = text.charAt(p);
            if (c == '#') {
                p = lineEnd(p);
            } else if (c == '-') {
                return p;
            }
        }
        return itemStart;
    }

    /**
     * The end of the last line of a block scalar's text {@code start..end}, before its line break:
     * the last non-blank line, or with keep chomping ({@code |+}) the last line, since its trailing
     * empty lines are part of its value.
     */
    private int lastContentEnd(int start, int end, boolean keep) {
        int last = lineEnd(start);
        int p = nextLine(last);
        while (p < end) {
            int lineEnd = lineEnd(p);
            if (keep || !text.substring(p, lineEnd).isBlank()) {
                last = lineEnd;
            }
            p = nextLine(lineEnd);
        }
        return last;
    }

    /** A block scalar's header has the keep indicator {@code +}. */
    private boolean keeps(int start) {
        String header = text.substring(start, lineEnd(start));
        int indicator = Math.max(header.indexOf('|'), header.indexOf('>'));
        return header.substring(indicator + 1).matches("[0-9]?\\+.*");
    }

    private int offset(Mark mark) {
        return charOfCodePoint == null ? mark.getIndex() : charOfCodePoint[mark.getIndex()];
    }

    private static int[] codePoints(String text) {
        int[] chars = new int[text.codePointCount(0, text.length()) + 1];
        int c = 0;
        for (int i = 0; i < text.length(); i += Character.charCount(text.codePointAt(i))) {
            chars[c++] = i;
        }
        chars[c] = text.length();
        return chars;
    }

    private static String position(Mark mark) {
        return (mark.getLine() + 1) + ":" + (mark.getColumn() + 1);
    }

    static List<Object> append(List<Object> path, Object step) {
        List<Object> out = new ArrayList<>(path);
        out.add(step);
        return List.copyOf(out);
    }
}
