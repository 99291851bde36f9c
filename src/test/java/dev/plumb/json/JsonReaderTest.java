package dev.plumb.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class JsonReaderTest {
    @Test
    void readsWhatPostgresqlWrites() {
        Object v = JsonReader.read(" {\"a\" : [1, -2.5e1, true, false, null, \"x\\\"y\\\\z\\n\\t\\u00e9\\ud83d\\ude00\"],"
                + " \"b\": {}, \"c\": [], \"d\": \"\u00fc\"} ");
        assertThat(v).isEqualTo(Map.of("a", Arrays.asList(1L, -25.0, true, false, null, "x\"y\\z\n\t\u00e9\ud83d\ude00"),
                "b", Map.of(), "c", List.of(), "d", "\u00fc"));
        assertThat(((Map<?, ?>) JsonReader.read("{\"z\":1,\"a\":2,\"m\":3}")).keySet()).map(Object::toString)
                .containsExactly("z", "a", "m");
    }

    @Test
    void refusesWhatIsNotJson() {
        for (String bad : List.of("", "{", "[1,]", "{\"a\" 1}", "\"open", "tru", "[1] x", "{'a': 1}", "\"\\x\"")) {
            assertThatThrownBy(() -> JsonReader.read(bad)).as(bad).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("invalid JSON at offset");
        }
    }
}
