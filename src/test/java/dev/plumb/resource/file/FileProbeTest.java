package dev.plumb.resource.file;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

import org.junit.jupiter.api.Test;

class FileProbeTest {
    @Test
    void scriptQuotesEveryPathAndNeverEchoesThem() {
        String script = FileProbe.script(List.of("/etc/a b", "/x/'q'$(id)\n", "/etc/c", "/top"));
        assertThat(script).contains("plumb_d '/etc' 0 'a b' 2 'c'\n", "plumb_d '/x' 1 ''\\''q'\\''$(id)\n'\n",
                "plumb_d '' 3 'top'\n");
    }

    @Test
    void parsesRegularAbsentOtherAndMissingIndexes() {
        String b64 = Base64.getEncoder().encodeToString("hi\n".getBytes(StandardCharsets.UTF_8));
        List<FileState> states = FileProbe.parse(List.of(
                "F\t0\tfile\t600\troot\twww-data\t3\tabc123\t" + b64,
                "noise",
                "F\t2\tother",
                "F\t1\tabsent"), 4);
        assertThat(states.get(0)).isInstanceOfSatisfying(FileState.Regular.class, r -> {
            assertThat(r.mode()).isEqualTo("0600");
            assertThat(r.group()).isEqualTo("www-data");
            assertThat(r.sha256()).isEqualTo("abc123");
            assertThat(new String(r.content().orElseThrow(), StandardCharsets.UTF_8)).isEqualTo("hi\n");
        });
        assertThat(states.get(1)).isInstanceOf(FileState.Absent.class);
        assertThat(states.get(2)).isInstanceOf(FileState.Other.class);
        assertThat(states.get(3)).isInstanceOf(FileState.Absent.class);
    }

    @Test
    void largeFilesHaveNoContentButEmptyFilesDo() {
        List<FileState> states = FileProbe.parse(List.of(
                "F\t0\tfile\t644\troot\troot\t2000000\tdead\t", "F\t1\tfile\t644\troot\troot\t0\te3b0\t"), 2);
        assertThat(((FileState.Regular) states.get(0)).content()).isEmpty();
        assertThat(((FileState.Regular) states.get(1)).content()).hasValueSatisfying(b -> assertThat(b).isEmpty());
    }
}
