package dev.plumb.model;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** Immutable copies that keep insertion order (unlike {@link Map#copyOf}). */
public final class Frozen {
    private Frozen() {
    }

    public static <K, V> Map<K, V> map(Map<K, V> map) {
        return Collections.unmodifiableMap(new LinkedHashMap<>(map));
    }
}
