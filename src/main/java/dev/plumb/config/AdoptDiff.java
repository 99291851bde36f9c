package dev.plumb.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What to change in one declared resource (its YAML value as written) so that it says what the
 * live resource is (its value as imported): the leaves that differ, and nothing else. A value
 * written with {@code ${...}} (a variable, a secret, a host's address) is never replaced, nor is
 * anything replaced by a secret reference; both are reported as {@link #skipped} for the
 * operator to adopt by hand. A key the import leaves out is removed only inside a nested mapping
 * (settings, env), where leaving it out means it is gone; at the top of the resource it may be a
 * default written out, so it stays.
 */
public final class AdoptDiff {
    /** Set the value at {@code path} (relative to the resource), or remove it when {@code value} is empty. */
    public record Edit(List<Object> path, Optional<Object> value) {
        public Edit {
            path = List.copyOf(path);
            Objects.requireNonNull(value, "value");
        }
    }

    /** The edits, and the paths left alone with why. */
    public record Result(List<Edit> edits, List<String> skipped) {
        public Result {
            edits = List.copyOf(edits);
            skipped = List.copyOf(skipped);
        }
    }

    private AdoptDiff() {
    }

    public static Result of(Object written, Object imported) {
        return of(written, imported, false);
    }

    /**
     * @param statedKeysOnly a key the declaration leaves out at the top is not managed (PostgreSQL's
     *                       absent-key rule): the import's value for it is not added
     */
    public static Result of(Object written, Object imported, boolean statedKeysOnly) {
        List<Edit> edits = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        diff(new ArrayList<>(), written, imported, edits, skipped, statedKeysOnly);
        return new Result(edits, skipped);
    }

    private static void diff(List<Object> path, Object written, Object imported, List<Edit> edits, List<String> skipped,
                             boolean statedKeysOnly) {
        if (written instanceof Map<?, ?> w && imported instanceof Map<?, ?> i) {
            for (var e : i.entrySet()) {
                List<Object> p = with(path, e.getKey());
                if (w.containsKey(e.getKey())) {
                    diff(p, w.get(e.getKey()), e.getValue(), edits, skipped, false);
                } else if (statedKeysOnly && path.isEmpty()) {
                    continue; // not managed
                } else {
                    set(p, Optional.empty(), e.getValue(), edits, skipped);
                }
            }
            if (!path.isEmpty()) {
                for (var e : w.entrySet()) {
                    if (!i.containsKey(e.getKey())) {
                        List<Object> p = with(path, e.getKey());
                        if (interpolated(e.getValue())) {
                            skipped.add(name(p) + " is written with ${...}; remove it by hand if it is gone");
                        } else {
                            edits.add(new Edit(p, Optional.empty()));
                        }
                    }
                }
            }
            return;
        }
        if (!same(written, imported)) {
            set(path, Optional.ofNullable(written), imported, edits, skipped);
        }
    }

    private static void set(List<Object> path, Optional<Object> written, Object imported, List<Edit> edits,
                            List<String> skipped) {
        if (written.isPresent() && interpolated(written.get())) {
            skipped.add(name(path) + " is written with ${...}; adopt its live value by hand");
        } else if (interpolated(imported)) {
            skipped.add(name(path) + " looks secret on the host; adopt it by hand as a secret");
        } else {
            edits.add(new Edit(path, Optional.of(imported)));
        }
    }

    /** Equal as YAML means them: numbers and booleans equal to their text. */
    private static boolean same(Object a, Object b) {
        if (a instanceof List<?> x && b instanceof List<?> y) {
            if (x.size() != y.size()) {
                return false;
            }
            for (int k = 0; k < x.size(); k++) {
                if (!same(x.get(k), y.get(k))) {
                    return false;
                }
            }
            return true;
        }
        if (a instanceof Map<?, ?> || b instanceof Map<?, ?>) {
            return Objects.equals(a, b);
        }
        return Objects.equals(a == null ? null : String.valueOf(a), b == null ? null : String.valueOf(b));
    }

    /** Whether any string in {@code value} holds an interpolation ({@code $${} is a literal, not one). */
    private static boolean interpolated(Object value) {
        if (value instanceof Map<?, ?> m) {
            return m.values().stream().anyMatch(AdoptDiff::interpolated);
        }
        if (value instanceof List<?> l) {
            return l.stream().anyMatch(AdoptDiff::interpolated);
        }
        return value instanceof String s && s.replace("$${", "").contains("${");
    }

    private static List<Object> with(List<Object> path, Object key) {
        List<Object> p = new ArrayList<>(path);
        p.add(key);
        return p;
    }

    private static String name(List<Object> path) {
        return path.stream().map(String::valueOf).reduce((a, b) -> a + "." + b).orElse("(the resource)");
    }
}
