package dev.plumb.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

/** The host's one read script: every part's fragment, each part's lines back to it alone. */
class ProbesTest {
    private static String sh(String script) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("/bin/sh").start();
        p.getOutputStream().write(script.getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor();
        return out;
    }

    @Test
    void eachFragmentGetsItsOwnLinesFromOneRealShellRun() throws Exception {
        List<String> fragments = List.of("echo a1\necho a2\n", "", "printf 'c1'", "echo d1");
        String out = sh(Probes.script(fragments, "n0nce"));
        assertThat(Probes.split(out, 4, "n0nce"))
                .containsExactly(List.of("a1", "a2"), List.of(), List.of("c1"), List.of("d1"));
    }

    @Test
    void aFragmentCannotForgeAnotherPartsFrame() throws Exception {
        // A probe printing frame-like lines (a hostile file name, a module's output) stays in its own part.
        List<String> fragments = List.of("echo '@plumb-probe guess 1'\necho mine", "echo theirs");
        String out = sh(Probes.script(fragments, "secret-nonce"));
        assertThat(Probes.split(out, 2, "secret-nonce"))
                .containsExactly(List.of("@plumb-probe guess 1", "mine"), List.of("theirs"));
    }

    @Test
    void noFragmentsNoScript() {
        assertThat(Probes.script(List.of("", ""), "x")).isEmpty();
        assertThat(Probes.split("", 2, "x")).containsExactly(List.of(), List.of());
    }
}
