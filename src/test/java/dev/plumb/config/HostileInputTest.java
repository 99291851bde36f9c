package dev.plumb.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.plumb.model.Diagnostic;
import dev.plumb.model.Presence;
import dev.plumb.model.Text;
import dev.plumb.resource.file.FileContent;
import dev.plumb.resource.file.FileSpec;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Input written to hurt: each case once hung, crashed or exhausted plumb. Now each is one
 * located diagnostic in plain words, quickly.
 */
class HostileInputTest {
    private static final Duration QUICK = Duration.ofSeconds(10);
    private static final String INVENTORY = """
            hosts:
              h1: {address: 10.0.0.1}
              h2: {address: 10.0.0.2}
            """;

    @TempDir
    Path dir;

    // ---- 9: aliases ----

    /** 9 levels of 10 aliases each, 90 in all (under SnakeYAML's cap of 100): 10^9 values once expanded. */
    static String laughs(String indent) {
        StringBuilder b = new StringBuilder(indent + "l0: &l0 [lol]\n");
        for (int i = 1; i <= 9; i++) {
            String alias = "*l" + (i - 1);
            b.append(indent).append("l").append(i).append(": &l").append(i).append(" [")
                    .append(IntStream.range(0, 10).mapToObj(k -> alias).collect(Collectors.joining(", ")))
                    .append("]\n");
        }
        return b.toString();
    }

    @Test
    void aBillionLaughsInVarsIsRefusedAtTheAliasThatGoesTooFar() {
        List<String> problems = quickly(() -> load("vars:\n" + laughs("  ") + "plays: [{hosts: all}]\n"));
        // Each *l3 repeats 2111 values, and l1 to l3 repeated 2340: the 4th alias in l4 passes 10 000.
        assertThat(problems).containsExactly(
                "playbook.yml:6:27: error: aliases repeat more than 10000 values in this file");
    }

    @Test
    void aBillionLaughsInAnInventoryOrAListOfResourcesIsRefusedToo() {
        List<String> problems = quickly(() -> load("plays: [{hosts: all}]\n", INVENTORY + "vars:\n" + laughs("  ")));
        assertThat(problems).containsExactly(
                "inventory.yml:9:27: error: aliases repeat more than 10000 values in this file");

        String files = "x:\n" + laughs("  ").replace("[lol]", "[{path: /srv/a, content: a}]")
                + "plays:\n  - hosts: all\n    files: *l9\n";
        assertThat(quickly(() -> load(files))).hasSize(1).allMatch(p -> p.matches("playbook\\.yml:\\d+:\\d+: error: aliases .*"));
    }

    @Test
    void anAliasInsideWhatItNamesIsRefused() {
        assertThat(quickly(() -> load("vars:\n  a: &a [1, [2, *a]]\nplays: [{hosts: all}]\n")))
                .containsExactly("playbook.yml:2:17: error: alias '*a' is inside the value it names");
    }

    @Test
    void aFewAliasesStillShareValues() {
        Loaded<Desired> loaded = Config.load(write("playbook.yml", """
                x: &conf {owner: root, mode: "0640", content: shared}
                plays:
                  - hosts: all
                    files:
                      - {<<: *conf, path: /srv/a}
                """), write("inventory.yml", INVENTORY), Map.of());
        // Merge keys are not YAML 1.2 and plumb does not read them: the alias itself is accepted.
        assertThat(Fixtures.render(loaded)).contains("unknown key '<<'").doesNotContain("alias");
        assertThat(load("""
                vars:
                  base: &base {a: "1", b: "2"}
                  again: *base
                  list: [*base, *base, *base]
                plays: [{hosts: all}]
                """)).isEmpty();
    }

    @Test
    void limitsSnakeYamlChecksWithoutAPositionAreLocatedWhereItStopped() {
        String manyAliases = "vars:\n  a: &a [1]\n  b: [" + "*a, ".repeat(100) + "*a]\nplays: [{hosts: all}]\n";
        assertThat(load(manyAliases)).containsExactly("playbook.yml:3:407: error: invalid YAML: Number of aliases"
                + " for non-scalar nodes exceeds the specified max=100");
        String deep = "vars:\n  x: " + "[".repeat(60) + "]".repeat(60) + "\nplays: [{hosts: all}]\n";
        assertThat(load(deep)).singleElement().asString().startsWith("playbook.yml:2:").contains("error: invalid YAML: Nesting");
    }

    // ---- 11: files that are no files ----

    @Test
    void devZeroAndNamedPipesAreRefusedWithoutBeingRead() throws Exception {
        fifo("pipe");
        fifo("pipe2");
        List<String> problems = quickly(() -> load("""
                secrets:
                  s: {file: pipe}
                plays:
                  - hosts: all
                    files:
                      - {path: /srv/a, source: /dev/zero}
                      - {path: /srv/b, source: pipe}
                    services:
                      - {name: app, unit_file: pipe2}
                """));
        assertThat(problems).containsExactly(
                "playbook.yml:2:13: error: secret 's': file 'pipe' is a named pipe (FIFO), not a regular file",
                "playbook.yml:6:32: error: source file '/dev/zero' is a character device, not a regular file",
                "playbook.yml:7:32: error: source file 'pipe' is a named pipe (FIFO), not a regular file",
                "playbook.yml:9:32: error: unit file 'pipe2' is a named pipe (FIFO), not a regular file");
    }

    @Test
    void thePlaybookAndInventoryThemselvesMustBeRegularFiles() throws Exception {
        Path pipe = fifo("pipe.yml");
        Assumptions.assumeTrue(Files.exists(Path.of("/dev/zero")));
        Loaded<Desired> loaded = quickly(() -> Config.load(pipe, Path.of("/dev/zero"), Map.of()));
        assertThat(loaded.diagnostics()).map(Diagnostic::render).containsExactly(
                "error: inventory '/dev/zero' is a character device, not a regular file",
                "error: playbook '" + pipe + "' is a named pipe (FIFO), not a regular file");
    }

    @Test
    void aReferencedFileLargerThan10MiBIsRefused() throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(dir.resolve("huge.conf").toFile(), "rw")) {
            f.setLength(11L << 20); // sparse: no disk needed
        }
        assertThat(quickly(() -> load("plays:\n  - hosts: all\n    files:\n      - {path: /srv/a, source: huge.conf}\n")))
                .containsExactly("playbook.yml:4:32: error: source file 'huge.conf' is larger than 10 MiB (11 MiB),"
                        + " the most plumb reads");
    }

    // ---- 12: sizes ----

    @Test
    void aPlaybookLargerThan1MiBIsRefusedBeforeItIsParsed() throws IOException {
        // One 3 MB line: SnakeYAML's scanner is quadratic in the length of a plain scalar.
        Path playbook = write("playbook.yml", "plays: [{hosts: all, files: [{path: /srv/a, content: "
                + "x".repeat(3_000_000) + "}]}]\n");
        assertThat(quickly(() -> Fixtures.render(Config.load(playbook, write("inventory.yml", INVENTORY), Map.of()))))
                .isEqualTo("error: playbook '" + playbook + "' is larger than 1 MiB (2.9 MiB), the most plumb reads");
    }

    @Test
    void aLargeVariableReferencedManyTimesInOneValueIsRefusedWhereItGrowsTooLarge() {
        String big = "x".repeat(100_000);
        String playbook = "vars: {big: " + big + "}\nplays:\n  - hosts: all\n    files:\n      - path: /srv/a\n"
                + "        content: \"" + "${vars.big}".repeat(20) + "\"\n";
        // The 11th reference takes the value past 1 MiB; it starts at column 19 + 10 * 11.
        assertThat(quickly(() -> load(playbook))).containsExactly(
                "playbook.yml:6:129: error: the value grows past 1 MiB here as its references are expanded");
    }

    @Test
    void referencesMayAddAtMost64MiBToADocument() {
        String big = "x".repeat(600_000);
        StringBuilder b = new StringBuilder("vars: {big: " + big + "}\nplays:\n  - hosts: all\n    files:\n");
        for (int i = 0; i < 60; i++) {
            b.append("      - {path: /srv/f").append(i).append(", content: \"${vars.big}\"}\n");
        }
        // 60 files on 2 hosts: 72 MB. The 112th value expanded (h2's 52nd file, line 56) spends the budget.
        List<String> problems = quickly(() -> load(b.toString()));
        assertThat(problems).containsExactly("playbook.yml:56:36: error: references in this file add more than 64 MiB"
                + " to its values, over all hosts");
    }

    @Test
    void aSecretFileOfManyLineBreaksIsReadInLinearTime() throws IOException {
        // Stripping the final line breaks with [\r\n]+$ tried every break as a start: quadratic.
        Files.writeString(dir.resolve("secret.txt"), "\n".repeat(300_000) + "pw\n\n");
        assertThat(quickly(() -> load("secrets: {s: {file: secret.txt}}\nplays: [{hosts: all}]\n"))).isEmpty();
    }

    @Test
    void manyBadReferencesInOneValueAreReportedTenAtATime() {
        String playbook = "plays:\n  - hosts: all\n    files:\n      - path: /srv/a\n        content: \""
                + "${nope.x}".repeat(50_000) + "\"\n";
        assertThat(quickly(() -> load(playbook))).hasSize(Interpolation.MAX_REPORTS)
                .allMatch(p -> p.contains("unknown reference '${nope.x}'"));
    }

    // ---- 13: errors in plain words, located ----

    @Test
    void aPlaybookThatIsNotUtf8IsLocatedAtTheFirstBadByte() throws IOException {
        Path playbook = dir.resolve("playbook.yml");
        byte[] text = "plays:\n  - hosts: all\n    name: caf\u00e9 ?\n".getBytes(StandardCharsets.UTF_8);
        text[text.length - 2] = (byte) 0xFF; // never valid in UTF-8
        Files.write(playbook, text);
        assertThat(Fixtures.render(Config.load(playbook, write("inventory.yml", INVENTORY), Map.of())))
                .isEqualTo(playbook + ":3:16: error: playbook '" + playbook + "' is not UTF-8 text\n"
                        + "  hint: save it as UTF-8");
    }

    @Test
    void aReferencedFileThatIsNotUtf8SaysWhereInIt() throws IOException {
        Files.write(dir.resolve("latin1.conf"), new byte[] {'o', 'k', '\n', 'c', 'a', 'f', (byte) 0xE9, '\n'});
        assertThat(load("plays:\n  - hosts: all\n    files:\n      - {path: /srv/a, source: latin1.conf}\n"))
                .containsExactly("playbook.yml:4:32: error: source file 'latin1.conf' is not UTF-8 text (line 2, column 4)");
    }

    @Test
    void directoriesAndSymlinkLoopsAreSaidInPlainWords() throws IOException {
        Files.createDirectories(dir.resolve("conf.d"));
        Files.createSymbolicLink(dir.resolve("loop"), dir.resolve("loop"));
        assertThat(load("plays:\n  - hosts: all\n    files:\n      - {path: /srv/a, source: conf.d}\n"
                + "      - {path: /srv/b, source: loop}\n")).containsExactly(
                "playbook.yml:4:32: error: source file 'conf.d' is a directory, not a file",
                "playbook.yml:5:32: error: source file 'loop' cannot be read: its symbolic links form a loop, or nest"
                        + " too deeply");
    }

    @Test
    void aControlCharacterInYamlIsLocatedNotAnException() {
        assertThat(load("plays:\n  - hosts: all\n    name: \"a\u0000b\"\n")).containsExactly(
                "playbook.yml:3:13: error: invalid YAML: character U+0000 is not allowed in a YAML file");
        assertThat(load("plays:\n  - hosts: all\n    name: a\u0007b\n")).containsExactly(
                "playbook.yml:3:12: error: invalid YAML: character U+0007 is not allowed in a YAML file");
    }

    @Test
    void aQuotedValueCannotAddLinesOrTerminalCommandsToTheOutput() {
        assertThat(load("plays:\n  - hosts: all\n    \"x\\nerror: forged\\e[2J\\u202e\": 1\n")).containsExactly(
                "playbook.yml:3:5: error: unknown key 'x\\nerror: forged\\u001b[2J\\u202e' in play: no such resource kind");
    }

    // ---- 14: values no host can take ----

    @Test
    void aNulInAnyStringIsRefusedAtLoadTimeWhereItIsWritten() throws IOException {
        Files.write(dir.resolve("nul-secret"), new byte[] {'p', 'w', 0, 'x'});
        List<String> problems = load("""
                secrets:
                  s: {file: nul-secret}
                vars: {v: "a\\0b"}
                plays:
                  - hosts: all
                    postgres:
                      admin: {password: x}
                      settings: {work_mem: "64\\0MB", "ke\\0y": "1"}
                """);
        assertThat(problems).containsExactly(
                "playbook.yml:2:6: error: secret 's' contains a NUL character, which no value can hold",
                "playbook.yml:3:13: error: 'vars.v' contains a NUL character",
                "playbook.yml:8:31: error: 'work_mem' contains a NUL character",
                "playbook.yml:8:41: error: a key in settings contains a NUL character");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/x.conf", "/etc/x.conf", "/usr/x", "/bin/x", "/lib/x", "/var/x", "/boot/x", "/sbin/x",
            "/usr/bin/x", "/usr/local/bin/x", "/var/lib/x", "/home/alice/.bashrc", "/etc/ssh/sshd_config",
            "/etc/systemd/system/app.service"})
    void exclusiveFilesInASystemDirectoryAreRefusedAtLoadTime(String path) {
        String directory = FileSpec.directoryOf(path);
        assertThat(load("plays:\n  - hosts: all\n    files:\n      exclusive: true\n      items:\n"
                + "        - {path: /srv/app/a.conf, content: a}\n        - {path: " + path + ", content: a}\n"))
                .containsExactly("playbook.yml:7:18: error: exclusive: true would make plumb remove every undeclared"
                        + " file in " + directory + ", a system directory");
        assertThatThrownBy(() -> new FileSpec("h", path, Optional.of(new FileContent.Inline(Text.plain("a"))), "root",
                "root", "0644", Presence.PRESENT, List.of(), true)).hasMessageContaining("a system directory");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/etc/myapp/app.conf", "/srv/app/a.conf", "/opt/app/etc/a.conf", "/var/lib/app/a.conf"})
    void exclusiveFilesInAnApplicationDirectoryAreFine(String path) {
        assertThat(load("plays:\n  - hosts: all\n    files: {exclusive: true, items: [{path: " + path
                + ", content: a}]}\n")).isEmpty();
        assertThat(load("plays:\n  - hosts: all\n    files: [{path: /etc/x.conf, content: a}]\n")).isEmpty();
    }

    // ---- helpers ----

    private Path write(String name, String text) {
        try {
            return Files.writeString(dir.resolve(name), text);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private Path fifo(String name) throws IOException, InterruptedException {
        Path p = dir.resolve(name);
        Assumptions.assumeTrue(new ProcessBuilder("mkfifo", p.toString()).start().waitFor() == 0, "mkfifo works");
        return p;
    }

    /** The first line of each diagnostic for {@code playbook} against a two-host inventory, paths relative. */
    private List<String> load(String playbook) {
        return load(playbook, INVENTORY);
    }

    private List<String> load(String playbook, String inventory) {
        Loaded<Desired> loaded = Config.load(write("playbook.yml", playbook), write("inventory.yml", inventory), Map.of());
        assertThat(loaded.value().isPresent()).isEqualTo(loaded.diagnostics().isEmpty());
        List<String> out = new ArrayList<>();
        for (Diagnostic d : loaded.diagnostics()) {
            out.add(d.render().lines().findFirst().orElseThrow().replace(dir + "/", ""));
        }
        return out;
    }

    private static <T> T quickly(org.junit.jupiter.api.function.ThrowingSupplier<T> load) {
        return assertTimeoutPreemptively(QUICK, load);
    }
}
