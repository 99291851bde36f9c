package dev.plumb.model;

import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Operations over plain values as YAML and imports hold them: nested maps, lists, strings,
 * numbers and booleans.
 */
public final class PlainValues {
    private PlainValues() {
    }

    /** {@code value} with every integer a Long, so that equal values compare equal whatever built them. */
    public static Object normal(Object value) {
        return map(value, s -> s, true);
    }

    /** {@code value} with {@code f} applied to every string (keys too). */
    public static Object strings(Object value, UnaryOperator<String> f) {
        return map(value, f, false);
    }

    private static Object map(Object value, UnaryOperator<String> f, boolean longs) {
        if (value instanceof Map<?, ?> m) {
            Map<Object, Object> out = new LinkedHashMap<>();
            m.forEach((k, v) -> out.put(k instanceof String s ? f.apply(s) : k, map(v, f, longs)));
            return out;
        }
        if (value instanceof List<?> l) {
            return l.stream().map(v -> map(v, f, longs)).toList();
        }
        if (value instanceof String s) {
            return f.apply(s);
        }
        return longs && (value instanceof Integer || value instanceof Short || value instanceof BigInteger)
                ? Long.valueOf(((Number) value).longValue()) : value;
    }
}
