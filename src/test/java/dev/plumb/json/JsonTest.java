package dev.plumb.json;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class JsonTest {
    @Test
    void writesTheStableIndentedShape() {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("z", 1);
        doc.put("a", List.of(List.of(2L, true), Map.of()));
        doc.put("empty", List.of());
        doc.put("some", Optional.of("x"));
        doc.put("none", Optional.empty());
        doc.put("null", null);
        doc.put("other", new StringBuilder("as text"));
        doc.put("\u00e9", "\ud83d\ude00\u2028");
        assertThat(Json.write(doc)).isEqualTo("""
                {
                  "z": 1,
                  "a": [
                    [
                      2,
                      true
                    ],
                    {}
                  ],
                  "empty": [],
                  "some": "x",
                  "none": null,
                  "null": null,
                  "other": "as text",
                  "\u00e9": "\ud83d\ude00\u2028"
                }
                """);
        assertThat(Json.write(Optional.of(List.of()))).isEqualTo("[]\n");
    }

    @Test
    void readsBackWhatItWrites() {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("s", "q\"\\\n\t\u0001/");
        doc.put("n", Arrays.asList(1L, -2.5, null, false));
        assertThat(JsonReader.read(Json.write(doc))).isEqualTo(doc);
    }

    @Test
    void canonicalTextIsCompactSortedAndAscii() {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("z", Arrays.asList(1L, 2.5, null, true));
        doc.put("a", Map.of("\u00e9", "\ud83d\ude00"));
        doc.put("m", Optional.empty());
        assertThat(Json.canonical(doc))
                .isEqualTo("{\"a\":{\"\\u00E9\":\"\\uD83D\\uDE00\"},\"m\":null,\"z\":[1,2.5,null,true]}");
        // What is read back from any layout of the same value has the same canonical text.
        assertThat(Json.canonical(JsonReader.read(Json.write(doc)))).isEqualTo(Json.canonical(doc));
    }

    @Test
    void canonicalTextTellsApartWhatUtf8WouldMerge() {
        // UTF-8 turns a lone surrogate into '?': escaped, the two stay apart.
        assertThat(Json.canonical(Map.of("k", "\ud800"))).isNotEqualTo(Json.canonical(Map.of("k", "?")));
        assertThat(Json.canonical(Map.of("k", 1L))).isNotEqualTo(Json.canonical(Map.of("k", 1.0)));
        assertThat(Json.canonical(Map.of("k", "1"))).isNotEqualTo(Json.canonical(Map.of("k", 1L)));
    }
}
