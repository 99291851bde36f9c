package dev.plumb.json;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;

/**
 * Writes plumb's own documents with Jackson: maps (in iteration order), lists, strings,
 * numbers, booleans, Optionals (as their value or null) and null; anything else as its
 * {@code toString()}. Output is stable: same value, same bytes; two-space indent, one entry
 * per line, {@code "key": value}, empty containers as {@code {}} and {@code []}, a final newline.
 * {@link #canonical} writes the one text of a value that is signed.
 */
public final class Json {
    private static final DefaultIndenter INDENT = new DefaultIndenter("  ", "\n");
    private static final DefaultPrettyPrinter PRETTY = new DefaultPrettyPrinter(Separators.createDefaultInstance()
            .withObjectFieldValueSpacing(Separators.Spacing.AFTER)
            .withObjectEmptySeparator("")
            .withArrayEmptySeparator(""))
            .withObjectIndenter(INDENT)
            .withArrayIndenter(INDENT);
    /** Streaming only (jackson-core): no data-binding machinery to start on a run's critical path. */
    private static final JsonFactory PLAIN = JsonFactory.builder().build();
    private static final JsonFactory CANONICAL = JsonFactory.builder().enable(JsonWriteFeature.ESCAPE_NON_ASCII).build();

    private Json() {}

    public static String write(Object value) {
        return write(PLAIN, value, false) + "\n";
    }

    /**
     * The canonical text of {@code value}, for signing what {@link JsonReader} read: compact, the
     * keys of every object in {@link String#compareTo} order, every character beyond ASCII escaped
     * per UTF-16 unit (so a lone surrogate stays distinct from the '?' UTF-8 would make of it).
     * Equal values give equal text, different values different text. Keys must be strings.
     */
    public static String canonical(Object value) {
        return write(CANONICAL, value, true);
    }

    private static String write(JsonFactory factory, Object value, boolean sortKeys) {
        StringWriter out = new StringWriter();
        try (JsonGenerator g = factory.createGenerator(out)) {
            if (!sortKeys) {
                g.setPrettyPrinter(PRETTY.createInstance());
            }
            write(g, value, sortKeys);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringWriter does not fail
        }
        return out.toString();
    }

    private static void write(JsonGenerator g, Object v, boolean sortKeys) throws IOException {
        if (v instanceof Optional<?> o) {
            write(g, o.orElse(null), sortKeys);
        } else if (v instanceof Map<?, ?> m) {
            g.writeStartObject();
            for (Map.Entry<?, ?> e : sortKeys ? sorted(m).entrySet() : m.entrySet()) {
                g.writeFieldName(String.valueOf(e.getKey()));
                write(g, e.getValue(), sortKeys);
            }
            g.writeEndObject();
        } else if (v instanceof List<?> l) {
            g.writeStartArray();
            for (Object item : l) {
                write(g, item, sortKeys);
            }
            g.writeEndArray();
        } else if (v == null) {
            g.writeNull();
        } else if (v instanceof Boolean b) {
            g.writeBoolean(b);
        } else if (v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte) {
            g.writeNumber(((Number) v).longValue());
        } else if (v instanceof Double || v instanceof Float) {
            g.writeNumber(((Number) v).doubleValue());
        } else if (v instanceof java.math.BigInteger b) {
            g.writeNumber(b);
        } else if (v instanceof java.math.BigDecimal d) {
            g.writeNumber(d);
        } else if (v instanceof String str) {
            g.writeString(str);
        } else {
            g.writeString(v.toString());
        }
    }

    private static Map<String, Object> sorted(Map<?, ?> m) {
        Map<String, Object> out = new TreeMap<>();
        m.forEach((k, v) -> {
            if (!(k instanceof String s)) {
                throw new IllegalArgumentException("canonical JSON has string keys only, not " + k);
            }
            out.put(s, v);
        });
        return out;
    }
}
