package dev.plumb.config;

import dev.plumb.model.Diagnostic;
import dev.plumb.model.Location;
import java.io.StringReader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.composer.Composer;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.parser.ParserImpl;
import org.yaml.snakeyaml.reader.ReaderException;
import org.yaml.snakeyaml.reader.StreamReader;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * One YAML file composed into SnakeYAML nodes (never constructed into Java objects, so every
 * value keeps its position), with its text for finding positions inside values. An alias is the
 * node it names, so the walker reads that node again: a document whose aliases would make it
 * read more than {@link #MAX_ALIAS_NODES} nodes again ("billion laughs"), or an alias inside
 * the node it names, is refused at the alias. The document also holds the budget of characters
 * that {@code ${...}} references may add to its values ({@link #reference}).
 */
final class Doc {
    /** The most nodes all aliases of a document may repeat, counting everything each one holds. */
    static final int MAX_ALIAS_NODES = 10_000;
    /** The most characters references may add to a document's values, over every host. */
    static final long MAX_REFERENCED_CHARS = 64L << 20;

    final Path path;
    private final List<String> lines;
    final Node root;
    private long referenced;

    private Doc(Path path, String text, Node root) {
        this.path = path;
        this.lines = text.lines().toList();
        this.root = root;
    }

    /**
     * Reads and parses {@code path}. Empty, after reporting, when it cannot be read, is
     * malformed, expands too far through aliases, or holds no document ("" or only comments:
     * "{@code what} is empty").
     */
    static Optional<Doc> load(Path path, String what, Sources sources, Problems problems) {
        return sources.document(path, what).flatMap(text -> parse(path, what, text, problems));
    }

    static Optional<Doc> parse(Path path, String what, String text, Problems problems) {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(true); // Walker reports them with both positions
        options.setMaxAliasesForCollections(100);
        options.setCodePointLimit((int) Sources.MAX_DOCUMENT_BYTES);
        MarkingParser parser = new MarkingParser(new ParserImpl(new StreamReader(new StringReader(text)), options));
        try {
            Node root = new Composer(parser, new Resolver(), options).getSingleNode();
            if (root == null) {
                problems.add(new Location(path, 1, 1), what + " is empty", null);
                return Optional.empty();
            }
            Doc doc = new Doc(path, text, root);
            return doc.new Expansion(parser.aliases().stream().map(MarkingParser.Alias::start).toList()).refused(problems) ? Optional.empty() : Optional.of(doc);
        } catch (MarkedYAMLException e) {
            // Only the short problem text: the full message quotes source lines, which may hold secrets.
            Mark mark = Optional.ofNullable(e.getProblemMark()).orElse(e.getContextMark());
            String context = Optional.ofNullable(e.getContext()).map(c -> " (" + c + ")").orElse("");
            problems.add(mark == null ? last(parser, path) : at(path, mark),
                    "invalid YAML: " + e.getProblem() + context, "fix the YAML syntax at this position");
        } catch (ReaderException e) {
            problems.add(codePoint(path, text, e.getPosition()), "invalid YAML: character "
                    + String.format("U+%04X", e.getCodePoint()) + " is not allowed in a YAML file",
                    "YAML files hold printable text; write control characters as escapes in double quotes (\\t)");
        } catch (YAMLException e) {
            // Limits the composer checks without a position (nesting depth, aliases): where it stopped reading.
            problems.add(last(parser, path), "invalid YAML: " + Optional.ofNullable(e.getMessage()).orElse("unreadable")
                    .lines().findFirst().orElse(""), null);
        }
        return Optional.empty();
    }

    /**
     * Counts what the aliases of the document repeat, depth first in document order, so the
     * n-th node met again is the n-th alias of the file.
     */
    private final class Expansion {
        private final List<Mark> aliases;
        private final Map<Node, Integer> sizes = new IdentityHashMap<>();
        private final Set<Node> open = Collections.newSetFromMap(new IdentityHashMap<>());
        private long repeated;
        private int aliasesSeen;
        private Optional<Diagnostic> refusal = Optional.empty();

        Expansion(List<Mark> aliases) {
            this.aliases = aliases;
        }

        /** Reports and returns true when the document expands too far. */
        boolean refused(Problems problems) {
            open.add(root);
            size(root);
            refusal.ifPresent(problems::add);
            return refusal.isPresent();
        }

        private int size(Node node) {
            int total = 1;
            for (Node child : children(node)) {
                if (refusal.isPresent()) {
                    break;
                }
                if (open.contains(child) || sizes.containsKey(child)) {
                    Location at = aliasesSeen < aliases.size() ? at(path, aliases.get(aliasesSeen)) : at(child);
                    aliasesSeen++;
                    if (open.contains(child)) {
                        refusal = Optional.of(Diagnostic.at(at, "alias '*" + child.getAnchor()
                                + "' is inside the value it names", "a value cannot contain itself; write it out"));
                        break;
                    }
                    repeated += sizes.get(child);
                    if (repeated > MAX_ALIAS_NODES) {
                        refusal = Optional.of(Diagnostic.at(at, "aliases repeat more than " + MAX_ALIAS_NODES
                                + " values in this file", "an alias repeats everything under its anchor, and aliases"
                                + " inside that repeat it again; write the values out, or share them through vars"));
                        break;
                    }
                    total += sizes.get(child);
                } else {
                    open.add(child);
                    int size = size(child);
                    open.remove(child);
                    sizes.put(child, size);
                    total += size;
                }
            }
            return total;
        }
    }

    private static List<Node> children(Node node) {
        if (node instanceof SequenceNode seq) {
            return seq.getValue();
        }
        if (node instanceof MappingNode map) {
            List<Node> out = new ArrayList<>(map.getValue().size() * 2);
            for (NodeTuple t : map.getValue()) {
                out.add(t.getKeyNode());
                out.add(t.getValueNode());
            }
            return out;
        }
        return List.of();
    }

    /** Where {@code parser} stopped reading: the start of its last event. */
    private static Location last(MarkingParser parser, Path path) {
        return parser.last().map(m -> at(path, m)).orElseGet(() -> new Location(path, 1, 1));
    }

    /** The line and column of the {@code index}-th code point of {@code text}, counted as SnakeYAML counts lines. */
    private static Location codePoint(Path path, String text, int index) {
        int line = 1;
        int column = 1;
        int i = 0;
        for (int n = 0; n < index && i < text.length(); n++) {
            char c = text.charAt(i);
            if (c == '\n' || c == '\r' && (i + 1 >= text.length() || text.charAt(i + 1) != '\n')) {
                line++;
                column = 1;
            } else {
                column++;
            }
            i += Character.charCount(text.codePointAt(i));
        }
        return new Location(path, line, column);
    }

    /**
     * Adds {@code chars} characters inserted by a reference to what this document's references
     * have added so far, and returns the new total (see {@link #MAX_REFERENCED_CHARS}).
     */
    long reference(long chars) {
        referenced += chars;
        return referenced;
    }

    Location at(Node node) {
        return at(path, node.getStartMark());
    }

    private static Location at(Path path, Mark mark) {
        return new Location(path, mark.getLine() + 1, mark.getColumn() + 1);
    }

    /**
     * Where the {@code occurrence}-th (0-based) copy of {@code needle} is inside {@code node}'s
     * source text, or the node's start when it cannot be found (escapes, folded lines).
     */
    Location find(Node node, String needle, int occurrence) {
        Mark start = node.getStartMark();
        Mark end = node.getEndMark();
        int seen = 0;
        for (int line = start.getLine(); line <= end.getLine() && line < lines.size(); line++) {
            String text = lines.get(line);
            int from = line == start.getLine() ? charIndex(text, start.getColumn()) : 0;
            int to = line == end.getLine() ? charIndex(text, end.getColumn()) : text.length();
            for (int i = text.indexOf(needle, from); i >= 0 && i + needle.length() <= to; i = text.indexOf(needle, i + 1)) {
                if (seen++ == occurrence) {
                    return new Location(path, line + 1, text.codePointCount(0, i) + 1);
                }
            }
        }
        return at(node);
    }

    private static int charIndex(String text, int codePoints) {
        return text.offsetByCodePoints(0, Math.min(codePoints, text.codePointCount(0, text.length())));
    }
}
