package dev.plumb.config;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * What a document means, independent of how it is written: scalars by resolved tag and value
 * (booleans and integers in canonical form), mappings with their key order, lists. Two texts
 * with equal data read the same; {@link YamlEdit} checks every edit with it.
 */
sealed interface YamlData {
    /** The most values a document may expand to through its aliases. */
    int MAX_VALUES = 1_000_000;

    record Scalar(String tag, String value) implements YamlData {
        static Scalar of(Tag tag, String value) {
            return new Scalar(tag.getValue(), canonical(tag, value));
        }
    }

    /** A mapping entry; {@code name} is the key's text when it is a scalar (paths match it), else null. */
    record Entry(YamlData key, YamlData value, String name) {
        Entry with(YamlData newValue) {
            return new Entry(key, newValue, name);
        }
    }

    record Mapping(List<Entry> entries) implements YamlData {
        /** The index of the last entry whose key is the scalar written {@code key}, or -1. */
        int find(Object key) {
            for (int i = entries.size() - 1; i >= 0; i--) {
                if (key.equals(entries.get(i).name())) {
                    return i;
                }
            }
            return -1;
        }
    }

    record Sequence(List<YamlData> items) implements YamlData {
    }

    /** The data of a composed node; an alias inside its own anchor or a too-large expansion is refused. */
    static YamlData of(Node node) {
        return new Reading().read(node);
    }

    /**
     * The data {@code value} is written as: String, Integer/Long/BigInteger, Boolean, and Map
     * (with String keys) and List of those.
     */
    static YamlData of(Object value) {
        if (value instanceof String s) {
            return Scalar.of(Tag.STR, s);
        }
        if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte
                || value instanceof BigInteger) {
            return Scalar.of(Tag.INT, value.toString());
        }
        if (value instanceof Boolean b) {
            return Scalar.of(Tag.BOOL, b.toString());
        }
        if (value instanceof Map<?, ?> map) {
            List<Entry> entries = new ArrayList<>();
            map.forEach((k, v) -> {
                if (!(k instanceof String)) {
                    throw new YamlEditException("a mapping key to write must be a string, not " + describe(k));
                }
                entries.add(new Entry(of(k), of(v), (String) k));
            });
            return new Mapping(List.copyOf(entries));
        }
        if (value instanceof List<?> list) {
            return new Sequence(list.stream().map(YamlData::of).toList());
        }
        throw new YamlEditException("cannot write " + describe(value)
                + " to YAML: values are strings, integers, booleans, maps and lists");
    }

    static String describe(Object value) {
        return value == null ? "null" : "a " + value.getClass().getSimpleName();
    }

    /** The value at {@code path}, if every step exists. */
    default Optional<YamlData> at(List<Object> path) {
        YamlData here = this;
        for (Object step : path) {
            if (here instanceof Mapping m && m.find(step) >= 0) {
                here = m.entries().get(m.find(step)).value();
            } else if (here instanceof Sequence s && step instanceof Integer i && i >= 0 && i < s.items().size()) {
                here = s.items().get(i);
            } else {
                return Optional.empty();
            }
        }
        return Optional.of(here);
    }

    /**
     * This data with {@code value} at {@code path}: an existing value replaced in place, a missing
     * last key appended to its mapping, an index equal to the list's size appended to it.
     */
    default YamlData with(List<Object> path, YamlData value) {
        if (path.isEmpty()) {
            return value;
        }
        Object step = path.get(0);
        List<Object> rest = path.subList(1, path.size());
        if (this instanceof Mapping m) {
            List<Entry> entries = new ArrayList<>(m.entries());
            int i = m.find(step);
            if (i >= 0) {
                entries.set(i, entries.get(i).with(entries.get(i).value().with(rest, value)));
            } else if (rest.isEmpty()) {
                entries.add(new Entry(of(step), value, (String) step));
            } else {
                throw new IllegalArgumentException("no " + step);
            }
            return new Mapping(List.copyOf(entries));
        }
        if (this instanceof Sequence s && step instanceof Integer i) {
            List<YamlData> items = new ArrayList<>(s.items());
            if (i == items.size() && rest.isEmpty()) {
                items.add(value);
            } else {
                items.set(i, items.get(i).with(rest, value));
            }
            return new Sequence(List.copyOf(items));
        }
        throw new IllegalArgumentException("no " + step);
    }

    /** This data without the entry or item at {@code path}, which exists. */
    default YamlData without(List<Object> path) {
        Object step = path.get(0);
        List<Object> rest = path.subList(1, path.size());
        if (this instanceof Mapping m) {
            List<Entry> entries = new ArrayList<>(m.entries());
            int i = m.find(step);
            if (rest.isEmpty()) {
                entries.remove(i);
            } else {
                entries.set(i, entries.get(i).with(entries.get(i).value().without(rest)));
            }
            return new Mapping(List.copyOf(entries));
        }
        Sequence s = (Sequence) this;
        List<YamlData> items = new ArrayList<>(s.items());
        int i = (Integer) step;
        if (rest.isEmpty()) {
            items.remove(i);
        } else {
            items.set(i, items.get(i).without(rest));
        }
        return new Sequence(List.copyOf(items));
    }

    private static String canonical(Tag tag, String value) {
        if (Tag.BOOL.equals(tag)) {
            return Set.of("yes", "true", "on").contains(value.toLowerCase(java.util.Locale.ROOT)) ? "true" : "false";
        }
        if (Tag.NULL.equals(tag)) {
            return "";
        }
        if (Tag.INT.equals(tag)) {
            String digits = value.replace("_", "");
            String sign = digits.startsWith("-") ? "-" : "";
            String body = digits.startsWith("-") || digits.startsWith("+") ? digits.substring(1) : digits;
            try {
                BigInteger n;
                if (body.startsWith("0x")) {
                    n = new BigInteger(body.substring(2), 16);
                } else if (body.startsWith("0b")) {
                    n = new BigInteger(body.substring(2), 2);
                } else if (body.length() > 1 && body.startsWith("0")) {
                    n = new BigInteger(body.substring(1), 8);
                } else {
                    n = new BigInteger(body);
                }
                return sign.isEmpty() ? n.toString() : n.negate().toString();
            } catch (NumberFormatException e) {
                return value; // sexagesimal and the like: compared as written
            }
        }
        return value;
    }

    /** Reads composed nodes, following aliases, refusing cycles and expansions past {@link #MAX_VALUES}. */
    final class Reading {
        private final Set<Node> open = Collections.newSetFromMap(new IdentityHashMap<>());
        private int count;

        YamlData read(Node node) {
            if (++count > MAX_VALUES) {
                throw new YamlEditException("the document's aliases expand to more than " + MAX_VALUES + " values");
            }
            if (node instanceof ScalarNode s) {
                return Scalar.of(s.getTag(), s.getValue());
            }
            if (!open.add(node)) {
                throw new YamlEditException("alias '*" + node.getAnchor() + "' is inside the value it names");
            }
            try {
                if (node instanceof MappingNode m) {
                    List<Entry> entries = new ArrayList<>();
                    for (NodeTuple t : m.getValue()) {
                        Node key = t.getKeyNode();
                        String name = key instanceof ScalarNode s ? s.getValue() : null;
                        entries.add(new Entry(read(key), read(t.getValueNode()), name));
                    }
                    return new Mapping(List.copyOf(entries));
                }
                return new Sequence(((SequenceNode) node).getValue().stream().map(this::read).toList());
            } finally {
                open.remove(node);
            }
        }
    }
}
