package dev.plumb.json;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonToken;

/**
 * Reads JSON with Jackson, strictly (no comments, single quotes, trailing commas or trailing
 * text): objects become {@code Map<String, Object>} (in document order, a repeated key keeps its
 * last value), arrays {@code List<Object>}, strings {@code String}, integers {@code Long} (beyond
 * its range: an error), other numbers {@code Double}, booleans {@code Boolean}, and null
 * {@code null}. Input may be untrusted (saved plan files): documents nested deeper than
 * {@value #MAX_DEPTH} or longer than {@value #MAX_LENGTH} characters are refused.
 */
public final class JsonReader {
    /** Plumb's own documents nest about ten deep. */
    public static final int MAX_DEPTH = 64;
    /** Far above any saved plan or catalog answer. */
    public static final long MAX_LENGTH = 64L << 20;

    /** Streaming only (jackson-core): no data-binding machinery to start on the run's critical path. */
    private static final JsonFactory FACTORY = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxNestingDepth(MAX_DEPTH).maxDocumentLength(MAX_LENGTH).build())
            .build();

    private JsonReader() {}

    /** @throws IllegalArgumentException "invalid JSON at offset N: why" for anything not JSON or over the limits */
    public static Object read(String text) {
        try (JsonParser p = FACTORY.createParser(text)) {
            try {
                Object value = value(p, p.nextToken());
                if (p.nextToken() != null) {
                    throw new JsonParseException(p, "trailing token after the value");
                }
                return value;
            } catch (JsonProcessingException e) {
                // Limit violations carry no location of their own: the parser's (buffered) position stands in.
                JsonLocation at = Optional.ofNullable(e.getLocation()).orElseGet(p::currentLocation);
                long offset = Math.min(Math.max(at.getCharOffset(), 0), text.length());
                throw new IllegalArgumentException("invalid JSON at offset " + offset + ": " + e.getOriginalMessage(), e);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e); // reading a String does not fail
        }
    }

    /** The value that starts at {@code token}: ordered maps, lists, strings, longs, doubles, booleans, null. */
    private static Object value(JsonParser p, JsonToken token) throws IOException {
        if (token == null) {
            throw new JsonParseException(p, "no value");
        }
        switch (token) {
            case START_OBJECT -> {
                Map<String, Object> map = new LinkedHashMap<>();
                for (JsonToken t = p.nextToken(); t != JsonToken.END_OBJECT; t = p.nextToken()) {
                    String key = p.currentName();
                    map.put(key, value(p, p.nextToken()));
                }
                return map;
            }
            case START_ARRAY -> {
                List<Object> list = new ArrayList<>();
                for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
                    list.add(value(p, t));
                }
                return list;
            }
            case VALUE_STRING -> {
                return p.getText();
            }
            case VALUE_NUMBER_INT -> {
                if (p.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
                    throw new JsonParseException(p, "integer " + p.getText() + " is out of range for a 64-bit number");
                }
                return p.getLongValue();
            }
            case VALUE_NUMBER_FLOAT -> {
                return p.getDoubleValue();
            }
            case VALUE_TRUE -> {
                return Boolean.TRUE;
            }
            case VALUE_FALSE -> {
                return Boolean.FALSE;
            }
            case VALUE_NULL -> {
                return null;
            }
            default -> throw new JsonParseException(p, "unexpected " + token);
        }
    }
}
