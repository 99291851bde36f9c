package dev.plumb.resource.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.plumb.model.Presence;
import dev.plumb.model.Text;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class FileSpecTest {

    @Test
    void pathsModesAndAccounts() {
        assertThat(FileSpec.checkPath("/etc/a b/c")).isEmpty();
        assertThat(FileSpec.checkPath("etc/a")).isPresent();
        assertThat(FileSpec.checkPath("/etc//a")).isPresent();
        assertThat(FileSpec.checkPath("/etc/./a")).isPresent();
        assertThat(FileSpec.checkPath("/etc/")).isPresent();
        assertThat(FileSpec.checkPath("/etc/a\0")).contains("file path cannot contain NUL");
        assertThat(FileSpec.checkMode("4755")).isEmpty();
        assertThat(FileSpec.checkMode("0o644")).isPresent();
        assertThat(FileSpec.checkMode("08")).isPresent();
        assertThat(FileSpec.checkAccount("www-data")).isEmpty();
        assertThat(FileSpec.checkAccount("a:b")).isPresent();
    }

    @Test
    void modeIsNormalisedToFourDigitsAndContentMatchesState() {
        FileSpec f = new FileSpec("h", "/a", Optional.of(new FileContent.Inline(Text.plain("x"))), "root", "root", "600",
                Presence.PRESENT, List.of());
        assertThat(f.mode()).isEqualTo("0600");
        assertThat(f.address().toString()).isEqualTo("h/file//a");
        assertThatThrownBy(() -> new FileSpec("h", "/a", Optional.empty(), "root", "root", "0644", Presence.PRESENT,
                List.of())).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void envFilesQuoteForSystemdAndShAlike() {
        Map<String, Text> vars = new LinkedHashMap<>();
        vars.put("PLAIN", Text.plain("a-b_c.d/e:f@g,h=i+j%k"));
        vars.put("EMPTY", Text.plain(""));
        vars.put("SPACE", Text.plain("two words"));
        vars.put("SPECIAL", Text.plain("q\"b\\d$e`f'g"));
        vars.put("PW", Text.secret("s3cret"));
        FileContent.Env env = new FileContent.Env(vars);
        assertThat(env.body().reveal()).isEqualTo("""
                PLAIN=a-b_c.d/e:f@g,h=i+j%k
                EMPTY=""
                SPACE="two words"
                SPECIAL="q\\"b\\\\d\\$e\\`f'g"
                PW=s3cret
                """);
        assertThat(env.body().sensitive()).isTrue();
        assertThat(env.toString()).doesNotContain("s3cret");
        assertThatThrownBy(() -> new FileContent.Env(Map.of("A", Text.plain("x\ny")))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new FileContent.Env(Map.of("1A", Text.plain("x")))).isInstanceOf(IllegalArgumentException.class);
    }
}
