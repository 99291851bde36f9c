package dev.plumb.shell;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

class ShellTest {
    /** Every hostile string survives a real sh as one word, unchanged. */
    @Test
    void quotedWordsComeBackExactlyFromARealShell() throws IOException, InterruptedException {
        for (String s : List.of("plain", "a b", "it's", "\"$(id)\"", "`id`;rm -rf /", "new\nline", "'", "",
                "ü ✓ $HOME \\")) {
            Process p = new ProcessBuilder("sh", "-c", "printf %s " + Shell.quote(s)).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor()).isZero();
            assertThat(out).isEqualTo(s);
        }
    }

    @Test
    void nulIsRefused() {
        assertThatThrownBy(() -> Shell.quote("a\0b")).isInstanceOf(IllegalArgumentException.class);
    }
}
