package dev.plumb.config;

import dev.plumb.model.Location;
import java.io.StringReader;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.Node;

/**
 * One YAML file composed into SnakeYAML nodes (never constructed into Java objects, so every
 * value keeps its position), with its text for finding positions inside values.
 */
final class Doc {
    final Path path;
    private final List<String> lines;
    final Node root;

    private Doc(Path path, String text, Node root) {
        this.path = path;
        this.lines = text.lines().toList();
        this.root = root;
    }

    /**
     * Reads and parses {@code path}. Empty, after reporting, when it cannot be read, is
     * malformed, or holds no document ("" or only comments: "{@code what} is empty").
     */
    static Optional<Doc> load(Path path, String what, Sources sources, Problems problems) {
        return sources.read(path, what, Optional.empty()).flatMap(text -> parse(path, what, text, problems));
    }

    static Optional<Doc> parse(Path path, String what, String text, Problems problems) {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(true); // Walker reports them with both positions
        options.setMaxAliasesForCollections(100);
        try {
            Node root = new Yaml(new SafeConstructor(options)).compose(new StringReader(text));
            if (root == null) {
                problems.add(new Location(path, 1, 1), what + " is empty", null);
                return Optional.empty();
            }
            return Optional.of(new Doc(path, text, root));
        } catch (MarkedYAMLException e) {
            // Only the short problem text: the full message quotes source lines, which may hold secrets.
            Mark mark = Optional.ofNullable(e.getProblemMark()).orElse(e.getContextMark());
            String context = Optional.ofNullable(e.getContext()).map(c -> " (" + c + ")").orElse("");
            problems.add(mark == null ? new Location(path, 1, 1) : at(path, mark),
                    "invalid YAML: " + e.getProblem() + context, "fix the YAML syntax at this position");
        } catch (YAMLException e) {
            problems.add(new Location(path, 1, 1), "invalid YAML: " + e.getClass().getSimpleName(), null);
        }
        return Optional.empty();
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
