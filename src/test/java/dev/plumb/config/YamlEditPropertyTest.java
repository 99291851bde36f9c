package dev.plumb.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Random edits of a realistic playbook: after each, the document reads as the expected data
 * (edited the same way as plain Java maps and lists) and only the lines of the edited value
 * differ.
 */
class YamlEditPropertyTest {
    static final Path FLASKAPP = Path.of("src/test/resources/config/yamledit/flaskapp.yml");
    static final Path TRICKY = Path.of("src/test/resources/config/yamledit/tricky.yml");
    static final List<Object> VALUES = List.of("x", "yes", "a: b", "#c", " lead", "*", "", "0600", "5432",
            "héllo ünïcode 😀", "${vars.db_name}", "$${literal}", "it's", "say \"hi\"", "multi\nline\n",
            "no break\nat end", "tab\there", "[a, b]", "{x}", "- x", "null", "a,b", 42L, -7L, true, false,
            List.of("a", "b c"), Map.of("k", "v"), List.of(), Map.of(), "kept\n\n");

    static Stream<Arguments> seeds() {
        return Stream.of(FLASKAPP, TRICKY).flatMap(file -> IntStream.range(0, 100).mapToObj(
                seed -> Arguments.of(file.getFileName().toString(), seed)));
    }

    @ParameterizedTest(name = "{0} seed {1}")
    @MethodSource("seeds")
    void randomEditsChangeOnlyTheirValues(String file, int seed) throws IOException {
        Random random = new Random(seed);
        String text = Files.readString(FLASKAPP.resolveSibling(file));
        if (seed % 3 == 0) {
            text = text.replace("\n", "\r\n");
        }
        YamlEdit edit = YamlEdit.of(text);
        Object expected = normalize(YamlEditTest.load(text));
        for (int step = 0; step < 6; step++) {
            String before = edit.text();
            YamlTree tree = YamlTree.parse(before);
            List<List<Object>> paths = new ArrayList<>();
            collect(expected, List.of(), paths);
            List<Object> path = paths.get(random.nextInt(paths.size()));
            Object value = VALUES.get(random.nextInt(VALUES.size()));
            YamlSpan span;
            String op;
            switch (random.nextInt(4)) {
                case 0 -> {
                    op = "set";
                    span = tree.at(path).orElseThrow();
                    edit = edit.set(path, value);
                    expected = with(expected, path, value);
                }
                case 1 -> {
                    op = "remove";
                    span = tree.at(path.subList(0, path.size() - 1)).orElseThrow();
                    edit = edit.remove(path);
                    expected = without(expected, path);
                }
                default -> {
                    List<Object> map = mappings(expected, paths, random);
                    List<Object> added = YamlTree.append(map, "new" + step);
                    if (random.nextBoolean()) {
                        added = YamlTree.append(added, "deeper");
                    }
                    op = "insert";
                    path = added;
                    span = tree.at(map).orElseThrow();
                    edit = edit.set(added, value);
                    expected = with(expected, added, value);
                }
            }
            String after = edit.text();
            String what = file + " seed " + seed + " step " + step + ": " + op + " " + path + " = " + value;
            assertThat(normalize(YamlEditTest.load(after))).as(what).isEqualTo(expected)
                    .hasToString(expected.toString());
            Integer[] lines = linesOf(tree, span);
            YamlEditTest.assertOnlyLinesChanged(before, after, lines);
            if (seed % 3 == 0) {
                assertThat(after.replace("\r\n", "")).as(what).doesNotContain("\n");
            }
        }
    }

    /** The 1-based lines from a value's entry to its end. */
    private static Integer[] linesOf(YamlTree tree, YamlSpan span) {
        int first = line(tree, span.entryStart());
        int last = line(tree, tree.endOfLastLine(span));
        return IntStream.rangeClosed(first, last).boxed().toArray(Integer[]::new);
    }

    private static int line(YamlTree tree, int offset) {
        return Integer.parseInt(tree.position(offset).split(":")[0]);
    }

    /** A mapping of the document, root included, reached by string keys only. */
    private static List<Object> mappings(Object root, List<List<Object>> paths, Random random) {
        List<List<Object>> maps = new ArrayList<>();
        maps.add(List.of());
        for (List<Object> p : paths) {
            if (at(root, p) instanceof Map) {
                maps.add(p);
            }
        }
        return maps.get(random.nextInt(maps.size()));
    }

    /** Every path to a value, through string keys and indices (the playbook's "on" is a boolean key: skipped). */
    private static void collect(Object node, List<Object> path, List<List<Object>> out) {
        if (node instanceof Map<?, ?> map) {
            map.forEach((k, v) -> {
                if (k instanceof String key) {
                    List<Object> p = YamlTree.append(path, key);
                    out.add(p);
                    collect(v, p, out);
                }
            });
        } else if (node instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                List<Object> p = YamlTree.append(path, i);
                out.add(p);
                collect(list.get(i), p, out);
            }
        }
    }

    private static Object at(Object node, List<Object> path) {
        Object here = node;
        for (Object step : path) {
            here = step instanceof Integer i ? ((List<?>) here).get(i) : ((Map<?, ?>) here).get(step);
        }
        return here;
    }

    /** A copy of {@code root} with {@code value} at {@code path}, creating missing mappings on the way. */
    @SuppressWarnings("unchecked")
    private static Object with(Object root, List<Object> path, Object value) {
        Object copy = normalize(root);
        Object here = copy;
        for (int i = 0; i < path.size() - 1; i++) {
            Object step = path.get(i);
            if (here instanceof List<?> list) {
                here = list.get((Integer) step);
            } else {
                here = ((Map<Object, Object>) here).computeIfAbsent(step, k -> new LinkedHashMap<>());
            }
        }
        Object last = path.get(path.size() - 1);
        if (here instanceof List<?> list) {
            ((List<Object>) list).set((Integer) last, normalize(value));
        } else {
            ((Map<Object, Object>) here).put(last, normalize(value));
        }
        return copy;
    }

    @SuppressWarnings("unchecked")
    private static Object without(Object root, List<Object> path) {
        Object copy = normalize(root);
        Object parent = at(copy, path.subList(0, path.size() - 1));
        Object last = path.get(path.size() - 1);
        if (parent instanceof List<?> list) {
            ((List<Object>) list).remove((int) (Integer) last);
        } else {
            ((Map<Object, Object>) parent).remove(last);
        }
        return copy;
    }

    /** A deep copy with mutable ordered maps and lists and every integer a Long. */
    static Object normalize(Object node) {
        if (node instanceof Map<?, ?> map) {
            Map<Object, Object> out = new LinkedHashMap<>();
            map.forEach((k, v) -> out.put(normalize(k), normalize(v)));
            return out;
        }
        if (node instanceof List<?> list) {
            List<Object> out = new ArrayList<>();
            list.forEach(v -> out.add(normalize(v)));
            return out;
        }
        if (node instanceof Integer || node instanceof Long) {
            return ((Number) node).longValue();
        }
        return node;
    }
}
