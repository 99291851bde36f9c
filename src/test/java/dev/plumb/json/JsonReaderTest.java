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
    void integersAreLongsAndOtherNumbersDoubles() {
        assertThat(JsonReader.read("[0, 2147483648, -9223372036854775808, 1.5, 1e3]"))
                .isEqualTo(List.of(0L, 2147483648L, Long.MIN_VALUE, 1.5, 1000.0));
        assertThatThrownBy(() -> JsonReader.read("[9223372036854775808]")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageMatching("invalid JSON at offset \\d+: .*out of range.*");
    }

    @Test
    void refusesWhatIsNotJson() {
        for (String bad : List.of("", " ", "{", "[1,]", "{\"a\" 1}", "\"open", "tru", "[1] x", "{} {}", "{'a': 1}",
                "\"\\x\"", "[01]", "[NaN]", "// c\n1", "{a: 1}")) {
            assertThatThrownBy(() -> JsonReader.read(bad)).as(bad).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageMatching("(?s)invalid JSON at offset \\d+: .+");
        }
    }

    @Test
    void refusesAbsurdNestingAndSize() {
        int ok = JsonReader.MAX_DEPTH;
        assertThat(JsonReader.read("[".repeat(ok) + "]".repeat(ok))).isInstanceOf(List.class);
        int deep = JsonReader.MAX_DEPTH + 1;
        assertThatThrownBy(() -> JsonReader.read("[".repeat(deep) + "]".repeat(deep)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageMatching("invalid JSON at offset \\d+: Document nesting depth .*");
        String huge = " ".repeat((int) JsonReader.MAX_LENGTH) + "1";
        assertThatThrownBy(() -> JsonReader.read(huge))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageMatching("invalid JSON at offset \\d+: Document length .*");
    }
}
