package dev.plumb.resource.module;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import dev.plumb.json.JsonReader;
import dev.plumb.resource.module.ModuleDef.KeyType;
import dev.plumb.resource.module.ModuleDef.Norm;

/**
 * Values as snippets see them and as {@code read} prints them, one text form per type: a string
 * as it is, an int in decimal, a bool {@code true}/{@code false}, a list one item a line, a map
 * one {@code key=value} a line. Parsing the read output and normalising are pure.
 */
public final class ModuleValues {
    /** The most a read may print. */
    public static final int MAX_READ_BYTES = 64 * 1024;

    private ModuleValues() {}

    /** The live state a read printed, or why it cannot be used. */
    public sealed interface Live {
        /** The read printed nothing: the object does not exist. */
        record Absent() implements Live {
        }

        /** The object exists with these values (keys as printed). */
        record Present(Map<String, String> values) implements Live {
            public Present {
                values = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(values));
            }
        }

        /** The output could not be read; the message names the line, never quotes a value. */
        record Unreadable(String why) implements Live {
        }
    }

    /**
     * {@code output} as live state: nothing (blank) is absent; a JSON object, or
     * {@code key=value} lines (a key given on several lines is a list, in order).
     */
    public static Live parse(String output) {
        String text = output.strip();
        if (text.isEmpty()) {
            return new Live.Absent();
        }
        if (text.startsWith("{")) {
            return json(text);
        }
        Map<String, List<String>> lines = new LinkedHashMap<>();
        int n = 0;
        for (String line : text.split("\n", -1)) {
            n++;
            if (line.isBlank()) {
                continue;
            }
            int eq = line.indexOf('=');
            String key = eq < 0 ? "" : line.substring(0, eq).strip();
            if (eq <= 0 || !ModuleDef.NAME.matcher(key).matches()) {
                return new Live.Unreadable("line " + n + " of its output is not key=value (a lower-case key, '=',"
                        + " the value) nor part of one JSON object");
            }
            lines.computeIfAbsent(key, k -> new ArrayList<>()).add(line.substring(eq + 1));
        }
        Map<String, String> out = new LinkedHashMap<>();
        lines.forEach((k, v) -> out.put(k, String.join("\n", v)));
        return new Live.Present(out);
    }

    private static Live json(String text) {
        Object parsed;
        try {
            parsed = JsonReader.read(text);
        } catch (RuntimeException e) {
            return new Live.Unreadable("its output starts with '{' but is not one JSON object");
        }
        if (!(parsed instanceof Map<?, ?> map)) {
            return new Live.Unreadable("its output is JSON but not an object");
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (var e : map.entrySet()) {
            if (e.getValue() != null) {
                out.put(String.valueOf(e.getKey()), text(e.getValue()));
            }
        }
        return new Live.Present(out);
    }

    /** A JSON value in the text form of its type. */
    private static String text(Object v) {
        if (v instanceof List<?> list) {
            List<String> items = new ArrayList<>();
            list.forEach(i -> items.add(text(i)));
            return String.join("\n", items);
        }
        if (v instanceof Map<?, ?> map) {
            List<String> items = new ArrayList<>();
            map.forEach((k, x) -> items.add(k + "=" + text(x)));
            return String.join("\n", items);
        }
        return String.valueOf(v);
    }

    /** {@code value} of a key of {@code type} after {@code norms}, for comparing. */
    public static String normalize(String value, KeyType type, List<Norm> norms) {
        boolean many = type == KeyType.LIST || type == KeyType.MAP;
        List<String> items = many ? new ArrayList<>(List.of(value.split("\n", -1))) : new ArrayList<>(List.of(value));
        if (many && value.isEmpty()) {
            items.clear();
        }
        for (Norm n : norms) {
            switch (n) {
                case TRIM -> items.replaceAll(String::strip);
                case BLANKS -> items.replaceAll(x -> x.strip().replaceAll("\\s+", " "));
                case LOWER -> items.replaceAll(s -> s.toLowerCase(Locale.ROOT));
                case NUMERIC -> items.replaceAll(ModuleValues::numeric);
                case UNORDERED -> items.sort(null);
            }
        }
        if (type == KeyType.BOOL) {
            items.replaceAll(s -> s.strip().toLowerCase(Locale.ROOT));
        }
        return String.join("\n", items);
    }

    /** A number as its value ({@code 010} and {@code 10.0} are {@code 10}); other text as it is. */
    static String numeric(String s) {
        String t = s.strip();
        if (t.length() > 100) {
            return s;
        }
        try {
            BigDecimal d = new BigDecimal(t.startsWith("+") ? t.substring(1) : t);
            return d.signum() == 0 ? "0" : d.stripTrailingZeros().toPlainString();
        } catch (NumberFormatException e) {
            return s;
        }
    }

    /** The normalisations of {@code key} in {@code def}, with those its type implies (an int is numeric). */
    public static List<Norm> norms(ModuleDef def, ModuleDef.KeySpec key) {
        List<Norm> out = new ArrayList<>(def.normalize().getOrDefault(key.name(), List.of()));
        if (key.type() == KeyType.INT && !out.contains(Norm.NUMERIC)) {
            out.add(0, Norm.NUMERIC);
        }
        return out;
    }

    /** Whether {@code live} and {@code desired} are the same value of {@code key}. */
    public static boolean same(ModuleDef def, ModuleDef.KeySpec key, Optional<String> live, String desired) {
        return live.isPresent() && normalize(live.get(), key.type(), norms(def, key))
                .equals(normalize(desired, key.type(), norms(def, key)));
    }
}
