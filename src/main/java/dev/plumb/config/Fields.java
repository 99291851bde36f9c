package dev.plumb.config;

import dev.plumb.model.Location;
import dev.plumb.model.Text;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.yaml.snakeyaml.nodes.Node;

/**
 * One mapping read by a {@link Walker}: its known keys (unknown and duplicate keys were already
 * reported) with shorthands that read a key's value as a type. A missing optional key is
 * empty; {@code require*} also reports a missing key at the mapping's position.
 */
public final class Fields {
    private final Walker w;
    private final Node node;
    private final String what;
    private final Map<String, Walker.Entry> entries;

    Fields(Walker w, Node node, String what, Map<String, Walker.Entry> entries) {
        this.w = w;
        this.node = node;
        this.what = what;
        this.entries = entries;
    }

    public Node node() {
        return node;
    }

    public Location at() {
        return w.at(node);
    }

    /** The known keys given, in file order. */
    public List<String> keys() {
        return List.copyOf(entries.keySet());
    }

    public boolean has(String key) {
        return entries.containsKey(key);
    }

    public Optional<Node> get(String key) {
        return Optional.ofNullable(entries.get(key)).map(Walker.Entry::value);
    }

    public Optional<Node> require(String key) {
        if (!has(key)) {
            w.error(node, "missing required key '" + key + "' in " + what, null);
        }
        return get(key);
    }

    /**
     * Which one of {@code keys} is given; reports none (when {@code required}) or several.
     */
    public Optional<String> oneOf(List<String> keys, boolean required) {
        List<String> given = keys.stream().filter(this::has).toList();
        if (given.size() > 1) {
            w.error(entries.get(given.get(1)).keyNode(), "give only one of " + String.join(", ", keys) + " in " + what,
                    "'" + given.get(0) + "' is already given");
            return Optional.empty();
        }
        if (given.isEmpty() && required) {
            w.error(node, "missing one of " + String.join(", ", keys) + " in " + what, null);
        }
        return given.stream().findFirst();
    }

    public Optional<String> string(String key) {
        return read(key, w::string);
    }

    public Optional<String> requireString(String key) {
        return require(key).flatMap(n -> w.string(n, key));
    }

    public Optional<Text> text(String key) {
        return read(key, w::text);
    }

    public Optional<Boolean> bool(String key) {
        return read(key, w::bool);
    }

    public Optional<Integer> integer(String key) {
        return read(key, w::integer);
    }

    public Optional<List<String>> strings(String key) {
        return read(key, w::strings);
    }

    public Optional<Path> path(String key) {
        return read(key, w::path);
    }

    public <E extends Enum<E>> Optional<E> choice(String key, Class<E> type) {
        return get(key).flatMap(n -> w.choice(n, key, type));
    }

    /** The enum at {@code key}; {@code fallback} when the key is absent, empty when invalid. */
    public <E extends Enum<E>> Optional<E> choice(String key, Class<E> type, E fallback) {
        return has(key) ? choice(key, type) : Optional.of(fallback);
    }

    /** The string at {@code key}, if present and {@code rule} finds nothing wrong with it. */
    public Optional<String> string(String key, Function<String, Optional<String>> rule) {
        return valid(key, string(key), rule);
    }

    /** {@code value} (read from {@code key}) if {@code rule} finds nothing wrong with it. */
    public <T> Optional<T> valid(String key, Optional<T> value, Function<T, Optional<String>> rule) {
        return get(key).flatMap(n -> w.check(n, value, rule));
    }

    private <T> Optional<T> read(String key, BiFunction<Node, String, Optional<T>> reader) {
        return get(key).flatMap(n -> reader.apply(n, key));
    }
}
