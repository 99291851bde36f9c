package dev.plumb.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the operator sees for input that once hung plumb or ended in "a bug in plumb": an error
 * in plain words naming the path, exit 1, no Java exception. No host is contacted.
 */
class HostileInputCliTest {
    private static final Path FLASKAPP = Path.of("playbooks/flaskapp.yml");
    private static final Path INVENTORY = Path.of("src/test/resources/config/lab-inventory.yml");

    @TempDir
    Path home;
    Map<String, String> env;

    @BeforeEach
    void setUp() {
        env = new HashMap<>(Map.of("FLASKAPP_DB_PASSWORD", "app-pw-Q7", "PLUMB_PG_ADMIN_PASSWORD", "admin-pw-Z9",
                "HOME", home.toString()));
    }

    @Test
    void planIntoAMissingDirectoryIsAClearErrorBeforeAnyHostIsContacted() {
        Path out = home.resolve("no/such/dir/plan.json");
        Cli.Result r = run("plan", FLASKAPP.toString(), "-i", INVENTORY.toString(), "-o", out.toString(), "--quiet");
        assertThat(r.exit()).as("%s", r).isEqualTo(1);
        assertThat(r.err()).isEqualTo("error: cannot save the plan to " + out + ": the directory " + out.getParent()
                + " does not exist\n");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void aPlanKeyOthersCanReadIsAClearErrorWithAHint() throws IOException {
        Path key = home.resolve(".config/plumb/plan-key");
        Files.createDirectories(key.getParent());
        Files.writeString(key, "k".repeat(64));
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-rw-r--"));
        Cli.Result r = run("plan", FLASKAPP.toString(), "-i", INVENTORY.toString(), "--quiet");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).isEqualTo("error: the plan key file " + key + " has mode 0664: others may read or change it\n"
                + "  hint: chmod 600 " + key + "\n");
    }

    @Test
    void aShortPlanKeyIsAClearError() throws IOException {
        Path key = home.resolve(".config/plumb/plan-key");
        Files.createDirectories(key.getParent());
        Files.writeString(key, "short\n");
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
        Cli.Result r = run("plan", FLASKAPP.toString(), "-i", INVENTORY.toString(), "--quiet");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).startsWith("error: the plan key file " + key + " holds 5 characters; a key needs at least 16\n"
                + "  hint: remove it");
    }

    @Test
    void aDirectoryANamedPipeOrANonUtf8FileIsSaidInPlainWords() throws Exception {
        Path pipe = home.resolve("pipe.yml");
        Assumptions.assumeTrue(new ProcessBuilder("mkfifo", pipe.toString()).start().waitFor() == 0);
        Cli.Result r = assertTimeoutPreemptively(Duration.ofSeconds(10),
                () -> run("validate", pipe.toString(), "-i", home.toString()));
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).isEqualTo("error: inventory '" + home + "' is a directory, not a file\n"
                + "error: playbook '" + pipe + "' is a named pipe (FIFO), not a regular file\n2 problems found.\n");

        Path latin1 = Files.write(home.resolve("latin1.yml"), new byte[] {'p', 'l', 'a', 'y', 's', ':', ' ', (byte) 0xE9});
        r = run("validate", latin1.toString(), "-i", INVENTORY.toString());
        assertThat(r.err()).startsWith(latin1 + ":1:8: error: playbook '" + latin1 + "' is not UTF-8 text\n");
    }

    @Test
    void aLimitWithManyStarsAnswersAtOnce() {
        String limit = "*o*s*t" + "*".repeat(50) + "x";
        Cli.Result r = assertTimeoutPreemptively(Duration.ofSeconds(10),
                () -> run("validate", FLASKAPP.toString(), "-i", INVENTORY.toString(), "--limit", limit));
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).contains("'" + limit + "' matches no host or group in the inventory");
    }

    private Cli.Result run(String... args) {
        Cli.Result r = Cli.run(env, args);
        assertThat(r.all()).doesNotContain("Exception", "bug in plumb", "\tat ");
        return r;
    }
}
