package dev.plumb.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.DumperOptions.ScalarStyle;
import org.yaml.snakeyaml.nodes.ScalarNode;

/**
 * Edits to one YAML document's text that leave every byte outside the edited values as it was:
 * comments, blank lines, key order, quoting elsewhere, anchors, document markers and CRLF line
 * breaks. A value is addressed by a path from the document root: map keys (String, matched by
 * the key's value however it is quoted) and list indices (Integer).
 *
 * <p>Values are strings, integers, booleans, and maps (String keys) and lists of those. A string
 * is written exactly as given (a {@code ${...}} in it stays as it is: the caller escapes).
 *
 * <p>Every edit is checked: the edited text is parsed again and must mean the document's old
 * data with exactly that one change; otherwise the next way of writing the value is tried, and
 * when none reads back as intended the edit fails. Instances are immutable; each edit returns a
 * new one. Failures are {@link YamlEditException}s with a one-line message.
 */
public final class YamlEdit {
    private static final Pattern SIMPLE_KEY = Pattern.compile("[A-Za-z0-9_-]+");

    private final YamlTree tree;
    private final YamlData data;

    private YamlEdit(YamlTree tree, YamlData data) {
        this.tree = tree;
        this.data = data;
    }

    /** Parses {@code text}, which must hold exactly one non-empty YAML document. */
    public static YamlEdit of(String text) {
        YamlTree tree = YamlTree.parse(text);
        return new YamlEdit(tree, YamlData.of(tree.root));
    }

    /** The document's text with every edit so far. */
    public String text() {
        return tree.text;
    }

    /**
     * Makes the value at {@code path} equal {@code value}. An existing scalar's characters are
     * replaced; an existing mapping or list given a map or list is updated entry by entry (keys
     * it lacks removed, new keys appended, the file's key order kept); otherwise the value is
     * replaced whole. A missing key is added to its mapping, and missing mappings on the way
     * (string keys only) are created with it; index {@code size} appends to a list. Setting the
     * value a path already has changes nothing.
     */
    public YamlEdit set(List<?> path, Object value) {
        List<Object> at = normalize(path);
        YamlData want = YamlData.of(value);
        Optional<YamlSpan> found = tree.at(at);
        if (found.isEmpty()) {
            return create(at, value);
        }
        if (data.at(at).filter(want::equals).isPresent()) {
            return this;
        }
        editable(at);
        YamlSpan span = found.get();
        if (span.isMapping() && value instanceof Map<?, ?> map && !map.isEmpty()) {
            YamlEdit edit = this;
            for (Map.Entry<?, ?> e : map.entrySet()) {
                edit = edit.set(YamlTree.append(at, e.getKey()), e.getValue());
            }
            for (YamlSpan child : span.children()) {
                Object key = child.path() == null ? null : child.path().get(child.path().size() - 1);
                if (key != null && !map.containsKey(key)) {
                    edit = edit.remove(child.path());
                }
            }
            return edit;
        }
        if (span.isSequence() && value instanceof List<?> list && !list.isEmpty()) {
            YamlEdit edit = this;
            for (int i = 0; i < list.size(); i++) {
                edit = edit.set(YamlTree.append(at, i), list.get(i));
            }
            for (int i = span.children().size() - 1; i >= list.size(); i--) {
                edit = edit.remove(YamlTree.append(at, i));
            }
            return edit;
        }
        return replace(span, value, data.with(at, want));
    }

    /**
     * Removes the mapping entry or list item at {@code path}: its whole line(s) in block style,
     * its text and separating comma in flow style. The last entry of a collection leaves
     * {@code {}} or {@code []}.
     */
    public YamlEdit remove(List<?> path) {
        List<Object> at = normalize(path);
        if (at.isEmpty()) {
            throw new YamlEditException("cannot remove the document root");
        }
        YamlSpan span = tree.at(at).orElseThrow(() -> missing(at, "nothing to remove at "));
        editable(at);
        YamlSpan parent = tree.at(at.subList(0, at.size() - 1)).orElseThrow();
        List<YamlSpan> siblings = parent.children();
        int i = siblings.indexOf(span);
        YamlData want = data.without(at);
        if (siblings.size() == 1) {
            return replaceWith(parent, List.of(parent.isMapping() ? "{}" : "[]"), want, "remove " + show(at));
        }
        Splice cut;
        if (parent.isFlowCollection()) {
            cut = i > 0 ? new Splice(siblings.get(i - 1).end(), span.end(), "")
                    : new Splice(span.entryStart(), siblings.get(1).entryStart(), "");
        } else if (tree.firstOnLine(span.entryStart()) || i > 0) {
            cut = new Splice(tree.lineStart(span.entryStart()), tree.nextLine(tree.endOfLastLine(span)), "");
        } else {
            cut = new Splice(span.entryStart(), siblings.get(1).entryStart(), ""); // "- key: v" keeps its dash
        }
        return apply(List.of(cut), want, "remove " + show(at));
    }

    /**
     * The path of the innermost value whose entry (key and value, or list item) holds the 1-based
     * {@code line} and {@code column} (counted in code points); empty outside the document.
     */
    public Optional<List<Object>> pathAt(int line, int column) {
        return tree.pathAt(line, column);
    }

    private YamlEdit create(List<Object> path, Object value) {
        int n = path.size() - 1;
        while (n > 0 && tree.at(path.subList(0, n)).isEmpty()) {
            n--;
        }
        List<Object> parentPath = path.subList(0, n);
        YamlSpan parent = tree.at(parentPath).orElseThrow();
        editable(path);
        Object step = path.get(n);
        Object nested = value;
        for (int i = path.size() - 1; i > n; i--) {
            if (!(path.get(i) instanceof String key)) {
                throw new YamlEditException("cannot set " + show(path) + ": " + show(path.subList(0, i))
                        + " does not exist, and only mappings are created on the way");
            }
            Map<String, Object> wrap = new LinkedHashMap<>();
            wrap.put(key, nested);
            nested = wrap;
        }
        String what = "set " + show(path);
        if (parent.isMapping() && step instanceof String key) {
            return insertKey(parent, key, nested, data.with(YamlTree.append(parentPath, key), YamlData.of(nested)), what);
        }
        if (parent.isSequence() && step instanceof Integer i && i == parent.children().size()) {
            return appendItem(parent, nested, data.with(YamlTree.append(parentPath, i), YamlData.of(nested)), what);
        }
        if (parent.isNull() && step instanceof String key) {
            Map<String, Object> map = new LinkedHashMap<>();
            map.put(key, nested);
            return replace(parent, map, data.with(parentPath, YamlData.of(map)));
        }
        throw missing(path, "cannot set ");
    }

    private YamlEdit replace(YamlSpan span, Object value, YamlData want) {
        String what = "set " + show(span.path());
        if (!span.isScalar()) {
            return replaceWith(span, YamlRender.inline(value, span.flow(), null), want, what);
        }
        String text = tree.text;
        int start = span.start();
        String space = "";
        if (span.isEmptyNull()) { // "key:" or "-" with nothing after: write after one space
            if (text.startsWith(" ", start) && !text.startsWith(" #", start) && !text.startsWith("  ", start)) {
                start++;
            } else if (start > 0 && !Character.isWhitespace(text.charAt(start - 1))) {
                space = " ";
            }
        }
        String rest = "";
        List<Splice> candidates = new ArrayList<>();
        if (span.isBlockScalar()) {
            int header = span.start();
            while (header < text.length() && text.charAt(header) != '|' && text.charAt(header) != '>') {
                header++;
            }
            header++;
            while (header < text.length() && "+-0123456789".indexOf(text.charAt(header)) >= 0) {
                header++;
            }
            rest = text.substring(header, tree.lineEnd(span.start()));
            if (value instanceof String s) {
                String restOfHeader = rest;
                YamlRender.literal(s, blockIndent(span), tree.eol).ifPresent(l -> candidates.add(
                        new Splice(span.start(), span.end(), l.header() + restOfHeader + l.body())));
            }
        }
        ScalarStyle style = ((ScalarNode) span.node()).getScalarStyle();
        for (String inline : YamlRender.inline(value, span.flow(), style)) {
            candidates.add(new Splice(start, Math.max(start, span.end()), space + inline + rest));
        }
        return apply(candidates, want, what);
    }

    /** Replaces a whole value (a collection, or the parent of a removed last entry) by one of {@code texts}. */
    private YamlEdit replaceWith(YamlSpan span, List<String> texts, YamlData want, String what) {
        int start = span.start();
        String prefix = "";
        if (!span.isFlowCollection() && !span.isScalar() && span.indicatorEnd() >= 0
                && tree.lineStart(span.indicatorEnd()) != tree.lineStart(span.start())) {
            String afterIndicator = tree.text.substring(span.indicatorEnd(), tree.lineEnd(span.indicatorEnd()));
            if (afterIndicator.contains("#")) {
                start = tree.lineStart(span.start()); // keep the comment after "key:" on its line
                prefix = YamlRender.spaces(span.ownerColumn() + 2);
            } else {
                start = span.indicatorEnd();
                prefix = " ";
            }
        }
        List<Splice> candidates = new ArrayList<>();
        for (String text : texts) {
            candidates.add(new Splice(start, span.end(), prefix + text));
        }
        return apply(candidates, want, what);
    }

    private YamlEdit insertKey(YamlSpan map, String key, Object value, YamlData want, String what) {
        List<YamlSpan> entries = map.children();
        List<Splice> candidates = new ArrayList<>();
        if (map.isFlowCollection()) {
            int at = entries.isEmpty() ? map.start() + 1 : entries.get(entries.size() - 1).end();
            String separator = entries.isEmpty() ? "" : ", ";
            for (String text : YamlRender.inline(value, true, null)) {
                candidates.add(new Splice(at, at, separator + YamlRender.flow(key) + ": " + text));
            }
            return apply(candidates, want, what);
        }
        int column = tree.column(entries.get(0).entryStart());
        String line = tree.eol + YamlRender.spaces(column) + YamlRender.blockKey(key) + ":";
        int at = tree.endOfLastLine(entries.get(entries.size() - 1));
        String indent = YamlRender.spaces(column + 2);
        if (value instanceof String s && s.contains("\n")) {
            YamlRender.literal(s, indent, tree.eol).ifPresent(l ->
                    candidates.add(new Splice(at, at, line + " " + l.header() + l.body())));
        }
        if (value instanceof Map<?, ?> m && !m.isEmpty()) {
            candidates.add(new Splice(at, at, line + tree.eol + indent + YamlRender.blockEntries(m, indent, tree.eol)));
        }
        for (String text : YamlRender.inline(value, false, null)) {
            candidates.add(new Splice(at, at, line + " " + text));
        }
        return apply(candidates, want, what);
    }

    private YamlEdit appendItem(YamlSpan list, Object value, YamlData want, String what) {
        List<YamlSpan> items = list.children();
        List<Splice> candidates = new ArrayList<>();
        if (list.isFlowCollection()) {
            int at = items.isEmpty() ? list.start() + 1 : items.get(items.size() - 1).end();
            String separator = items.isEmpty() ? "" : ", ";
            for (String text : YamlRender.inline(value, true, null)) {
                candidates.add(new Splice(at, at, separator + text));
            }
            return apply(candidates, want, what);
        }
        int column = tree.column(items.get(0).entryStart());
        String line = tree.eol + YamlRender.spaces(column) + "- ";
        YamlSpan last = items.get(items.size() - 1);
        int at = tree.endOfLastLine(last);
        if (value instanceof Map<?, ?> m && !m.isEmpty() && last.isMapping() && !last.isFlowCollection()) {
            String entries = YamlRender.blockEntries(m, YamlRender.spaces(column + 2), tree.eol);
            candidates.add(new Splice(at, at, line + entries)); // like the item before it
        }
        if (value instanceof String s && s.contains("\n")) {
            YamlRender.literal(s, YamlRender.spaces(column + 2), tree.eol).ifPresent(l ->
                    candidates.add(new Splice(at, at, line + l.header() + l.body())));
        }
        for (String text : YamlRender.inline(value, false, null)) {
            candidates.add(new Splice(at, at, line + text));
        }
        return apply(candidates, want, what);
    }

    /** The indentation of a block scalar's lines: as they are, or two more than its key or dash. */
    private String blockIndent(YamlSpan span) {
        int min = Integer.MAX_VALUE;
        for (int p = tree.nextLine(tree.lineEnd(span.start())); p < span.end(); p = tree.nextLine(tree.lineEnd(p))) {
            String line = tree.text.substring(p, tree.lineEnd(p));
            if (!line.isBlank()) {
                min = Math.min(min, line.length() - line.stripLeading().length());
            }
        }
        return YamlRender.spaces(min != Integer.MAX_VALUE ? min : span.ownerColumn() < 0 ? 2 : span.ownerColumn() + 2);
    }

    /** The first candidate whose text reads back as {@code want}; fails when none does. */
    private YamlEdit apply(List<Splice> candidates, YamlData want, String what) {
        for (Splice splice : candidates) {
            String text = tree.text.substring(0, splice.start()) + splice.text() + tree.text.substring(splice.end());
            try {
                YamlTree edited = YamlTree.parse(text);
                YamlData read = YamlData.of(edited.root);
                if (read.equals(want)) {
                    return new YamlEdit(edited, read);
                }
            } catch (YamlEditException e) {
                // this way of writing it breaks the document: try the next
            }
        }
        throw new YamlEditException("cannot " + what + ": no way of writing it reads back as intended");
    }

    /**
     * Refuses edits through or of an alias, an anchored value (its aliases would change too) or
     * a key that appears twice, checking each existing value from the root along {@code path}.
     */
    private void editable(List<Object> path) {
        for (int n = 0; n <= path.size(); n++) {
            List<Object> prefix = path.subList(0, n);
            Optional<YamlSpan> found = tree.at(prefix);
            if (found.isEmpty()) {
                return;
            }
            YamlSpan span = found.get();
            String where = show(prefix) + " at " + tree.position(span.start());
            if (span.alias()) {
                throw new YamlEditException("cannot edit " + show(path) + ": " + where + " is an alias of &"
                        + span.node().getAnchor() + "; edit the anchored value, or write it out");
            }
            if (span.node().getAnchor() != null) {
                throw new YamlEditException("cannot edit " + show(path) + ": " + where + " has anchor &"
                        + span.node().getAnchor() + ", and its aliases would change too");
            }
            if (tree.duplicate(prefix)) {
                throw new YamlEditException("cannot edit " + show(path) + ": the key of " + where
                        + " appears more than once in its mapping");
            }
        }
    }

    /** Why {@code path} leads nowhere, from its longest existing prefix. */
    private YamlEditException missing(List<Object> path, String verb) {
        int n = path.size() - 1;
        while (n > 0 && tree.at(path.subList(0, n)).isEmpty()) {
            n--;
        }
        YamlSpan at = tree.at(path.subList(0, n)).orElseThrow();
        Object step = path.get(n);
        String where = show(path.subList(0, n)) + " at " + tree.position(at.start());
        String why;
        if (at.isMapping()) {
            why = step instanceof String key ? where + " has no key '" + key + "'"
                    : where + " is a mapping, not a list";
        } else if (at.isSequence()) {
            why = step instanceof Integer i ? where + " has " + at.children().size() + " items, no index " + i
                    : where + " is a list, not a mapping";
        } else {
            why = where + " is " + at.kind() + ", not a " + (step instanceof Integer ? "list" : "mapping");
        }
        return new YamlEditException(verb + show(path) + ": " + why);
    }

    private static List<Object> normalize(List<?> path) {
        List<Object> out = new ArrayList<>(path.size());
        for (Object step : path) {
            if (step instanceof String || step instanceof Integer) {
                out.add(step);
            } else if (step instanceof Long || step instanceof Short || step instanceof Byte) {
                out.add(Math.toIntExact(((Number) step).longValue()));
            } else {
                throw new YamlEditException("a path step is a key (String) or an index (Integer), not "
                        + YamlData.describe(step));
            }
        }
        return List.copyOf(out);
    }

    /** A path as {@code plays[0].postgres.roles[1]["odd key"]}; the root is "the document". */
    static String show(List<Object> path) {
        if (path.isEmpty()) {
            return "the document";
        }
        StringBuilder b = new StringBuilder();
        for (Object step : path) {
            if (step instanceof Integer i) {
                b.append('[').append(i).append(']');
            } else if (SIMPLE_KEY.matcher((String) step).matches()) {
                b.append(b.length() == 0 ? "" : ".").append(step);
            } else {
                b.append('[').append(YamlRender.doubleQuoted((String) step)).append(']');
            }
        }
        return b.toString();
    }

    /** Replace {@code start..end} of the text with {@code text}. */
    private record Splice(int start, int end, String text) {
    }
}
