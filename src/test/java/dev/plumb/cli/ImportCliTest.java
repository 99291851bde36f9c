package dev.plumb.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** plumb import's bad input, refused before any host is contacted: one clear line each, exit 1, nothing written. */
class ImportCliTest {
    private static final String INVENTORY = "src/test/resources/config/lab-inventory.yml";

    @TempDir
    Path tmp;

    private static void refused(Cli.Result r, String... said) {
        assertThat(r.exit()).as("%s", r).isEqualTo(1);
        assertThat(r.err()).contains(said);
        assertThat(r.all()).doesNotContain("Exception", "\tat ");
    }

    @Test
    void helpTeachesTheKindsAndTheRoundTrip() {
        Cli.Result r = Cli.run("import", "--help");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("--hosts", "--kinds", "files:DIR", "services:UNIT", "--migrations",
                "--exclusive", "plumb plan", "${secret.NAME}");
    }

    @Test
    void helpTextsShowTheirInterpolationsLiterally() {
        assertThat(Cli.run("validate", "--help").out()).contains("${...} references").doesNotContain("null");
        assertThat(Cli.run("drift", "--help").out()).contains("--adopt", "--write", "written with ${...}")
                .doesNotContain("null");
    }

    @Test
    void aPatternThatMatchesNoHostIsRefused() {
        refused(Cli.run("import", "-i", INVENTORY, "--hosts", "nosuch", "-q"), "nosuch");
        refused(Cli.run("import", "-i", INVENTORY, "--hosts", "web:&db", "-q"),
                "--hosts web:&db matches no host in " + INVENTORY);
    }

    @Test
    void unknownKindsAndBadScopesAreRefused() {
        refused(Cli.run("import", "-i", INVENTORY, "--hosts", "all", "--kinds", "packages"),
                "--kinds: unknown kind 'packages'", "kinds that import: postgres, files, services");
        refused(Cli.run("import", "-i", INVENTORY, "--hosts", "all", "--kinds", "files:etc/flask"), "--kinds files:etc/flask");
        refused(Cli.run("import", "-i", INVENTORY, "--hosts", "all", "--kinds", "postgres:main"), "--kinds postgres:main");
    }

    @Test
    void anExistingOutputFileIsNeverOverwritten() throws Exception {
        Path out = Files.writeString(tmp.resolve("mine.yml"), "keep me\n");
        refused(Cli.run("import", "-i", INVENTORY, "--hosts", "all", "-o", out.toString()), "already exists");
        assertThat(out).hasContent("keep me");
        refused(Cli.run("import", "-i", INVENTORY, "--hosts", "all", "-o", tmp.resolve("no/dir/x.yml").toString()),
                "its directory does not exist");
        refused(Cli.run("import", "-i", INVENTORY, "--hosts", "all", "--migrations", "app=" + tmp.resolve("nope")),
                "not a directory");
        refused(Cli.run("import", "-i", tmp.resolve("missing.yml").toString(), "--hosts", "all"), "no such file");
    }
}
