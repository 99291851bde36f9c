package dev.plumb.json;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Optional;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.json.JsonMapper;

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

    private static final ObjectReader READER = JsonMapper.builder(JsonFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder()
                            .maxNestingDepth(MAX_DEPTH).maxDocumentLength(MAX_LENGTH).build())
                    .build())
            .enable(DeserializationFeature.USE_LONG_FOR_INTS, DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build().readerFor(Object.class);

    private JsonReader() {}

    /** @throws IllegalArgumentException "invalid JSON at offset N: why" for anything not JSON or over the limits */
    public static Object read(String text) {
        try (JsonParser p = READER.createParser(text)) {
            try {
                return READER.readValue(p);
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
}
