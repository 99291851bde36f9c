package dev.plumb.resource.module;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.plumb.model.Presence;
import dev.plumb.model.Text;
import dev.plumb.resource.module.ModuleDef.KeySpec;
import dev.plumb.resource.module.ModuleDef.KeyType;
import dev.plumb.shell.ShellLib;

/**
 * The shell around snippets, run by this machine's /bin/sh: a hostile value arrives in
 * {@code PLUMB_<KEY>} byte for byte and runs nothing; a secret arrives through
 * {@code plumb_secret} and never appears in the script in clear; a snippet that runs too long is
 * stopped.
 */
class ModuleScriptsTest {
    private static final String HOSTILE = "a $(touch PWNED) `touch PWNED2` 'q' \"dq\" ${HOME} \\ end\nline2; touch PWNED3";

    private static ModuleDef def(String snippet, Duration timeout) {
        return new ModuleDef("note", "a note", "1", dev.plumb.model.SourceFile.of(Path.of("note.yml"), new byte[0]), List.of(
                new KeySpec("name", KeyType.STRING, true, Optional.empty(), List.of(), Optional.empty(), false, true, ""),
                new KeySpec("text", KeyType.STRING, false, Optional.empty(), List.of(), Optional.empty(), false, false, ""),
                new KeySpec("token", KeyType.STRING, false, Optional.empty(), List.of(), Optional.empty(), true, false, "")),
                new ModuleDef.Snippets("true", snippet, snippet, Optional.empty()), Optional.empty(), Map.of(), List.of(),
                List.of(), timeout, ModuleDef.Stage.LATE);
    }

    private static ModuleSpec spec(String secret) {
        Map<String, Text> values = new LinkedHashMap<>();
        values.put("name", Text.plain("n"));
        values.put("text", Text.plain(HOSTILE));
        values.put("token", Text.secret(secret));
        return new ModuleSpec("h", "note", "n", values, Presence.PRESENT);
    }

    private static Process run(Path dir, String script) throws Exception {
        return new ProcessBuilder("/bin/sh", "-c", script).directory(dir.toFile()).redirectErrorStream(true).start();
    }

    @Test
    void valuesAreInertAndSecretsArriveOnStdinOnly(@TempDir Path dir) throws Exception {
        String secret = "s3cr3t-" + System.nanoTime();
        ModuleDef def = def("printf '%s' \"$PLUMB_TEXT\" > text; plumb_secret token > token; env > env\n",
                Duration.ofSeconds(10));
        String step = ShellLib.PRELUDE + "cd " + dir + "\n" + ModuleScripts.step(def, spec(secret), "create",
                def.snippets().create());
        assertThat(step).doesNotContain(secret);
        Process p = run(dir, step);
        assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as(out).isZero();
        assertThat(Files.readString(dir.resolve("text"))).isEqualTo(HOSTILE);
        assertThat(Files.readString(dir.resolve("token"))).isEqualTo(secret);
        assertThat(Files.readString(dir.resolve("env"))).doesNotContain(secret).contains("PLUMB_NAME=n");
        assertThat(dir.resolve("PWNED")).doesNotExist();
        assertThat(dir.resolve("PWNED2")).doesNotExist();
        assertThat(dir.resolve("PWNED3")).doesNotExist();
    }

    @Test
    void aSnippetThatRunsTooLongIsStoppedAndSaysSo(@TempDir Path dir) throws Exception {
        ModuleDef def = def("echo started >&2; sleep 30\n", Duration.ofSeconds(1));
        Process p = run(dir, ShellLib.PRELUDE + ModuleScripts.step(def, spec("x"), "create", def.snippets().create()));
        assertThat(p.waitFor(15, TimeUnit.SECONDS)).isTrue();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.exitValue()).isEqualTo(124);
        assertThat(out).contains("note n: create timed out after 1 s", "    started");
    }

    @Test
    void theReadFragmentReportsMissingCommandsBeforeReadingAnything(@TempDir Path dir) throws Exception {
        ModuleDef base = def("true", Duration.ofSeconds(5));
        ModuleDef needy = new ModuleDef(base.name(), base.description(), base.version(), base.source(), base.keys(),
                new ModuleDef.Snippets("touch READ; echo value=1", "true", "true", Optional.empty()),
                Optional.empty(), Map.of(), List.of(), List.of("sh", "plumb-no-such-command"), base.timeout(),
                base.stage());
        Process p = run(dir, ModuleScripts.probe(needy, List.of(spec("x"))));
        assertThat(p.waitFor(15, TimeUnit.SECONDS)).isTrue();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(out.strip()).isEqualTo("N plumb-no-such-command");
        assertThat(dir.resolve("READ")).doesNotExist();
    }
}
