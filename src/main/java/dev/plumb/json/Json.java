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
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * Writes plumb's own documents with Jackson: maps (in iteration order), lists, strings,
 * numbers, booleans, Optionals (as their value or null) and null; anything else as its
 * {@code toString()}. Output is stable: same value, same bytes; two-space indent, one entry
 * per line, {@code "key": value}, empty containers as {@code {}} and {@code []}, a final newline.
 * {@link #canonical} writes the one text of a value that is signed.
 */
public final class Json {
    private static final DefaultIndenter INDENT = new DefaultIndenter("  ", "\n");
    private static final ObjectWriter WRITER = JsonMapper.builder().build().writer(
            new DefaultPrettyPrinter(Separators.createDefaultInstance()
                    .withObjectFieldValueSpacing(Separators.Spacing.AFTER)
                    .withObjectEmptySeparator("")
                    .withArrayEmptySeparator(""))
                    .withObjectIndenter(INDENT)
                    .withArrayIndenter(INDENT));
    private static final ObjectWriter CANONICAL = JsonMapper.builder(JsonFactory.builder()
            .enable(JsonWriteFeature.ESCAPE_NON_ASCII).build()).build().writer();

    private Json() {}

    public static String write(Object value) {
        return write(WRITER, value, false) + "\n";
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

    private static String write(ObjectWriter writer, Object value, boolean sortKeys) {
        StringWriter out = new StringWriter();
        try (JsonGenerator g = writer.createGenerator(out)) {
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
        } else if (v == null || v instanceof Number || v instanceof Boolean || v instanceof String) {
            g.writeObject(v);
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
