package dev.plumb.resource;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Probes number what they ask about; parts match answers by name. */
public final class ByName {
    private ByName() {}

    /** {@code names[i] → values[i]}, in order; both lists have the same size. */
    public static <V> Map<String, V> zip(List<String> names, List<V> values) {
        if (names.size() != values.size()) {
            throw new IllegalArgumentException(names.size() + " names for " + values.size() + " values");
        }
        Map<String, V> out = new LinkedHashMap<>();
        for (int i = 0; i < names.size(); i++) {
            out.put(names.get(i), values.get(i));
        }
        return out;
    }
}
