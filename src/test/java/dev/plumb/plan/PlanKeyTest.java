package dev.plumb.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The plan key file is found through $HOME, made private on first use, and refused unless it is. */
class PlanKeyTest {
    @TempDir
    Path home;
    Map<String, String> env;
    Path file;

    @BeforeEach
    void setUp() {
        env = Map.of("HOME", home.toString());
        file = home.resolve(".config/plumb/plan-key");
    }

    @Test
    void theKeyFileIsCreatedUnderHomeWithMode0600AndReused() throws IOException {
        String first = PlanKey.load(env).hmac("x");
        assertThat(PlanKey.file(env)).isEqualTo(file);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(PlanKey.load(env).hmac("x")).isEqualTo(first);
        assertThat(PlanKey.load(Map.of("HOME", home.toString(), PlanKey.ENV, "k".repeat(16))).hmac("x"))
                .isNotEqualTo(first);
    }

    @Test
    void aShortKeyIsAClearError() throws IOException {
        write("abc\n", "rw-------");
        assertThatThrownBy(() -> PlanKey.load(env)).isInstanceOf(PlanKey.Unusable.class)
                .hasMessage("the plan key file " + file + " holds 3 characters; a key needs at least 16")
                .satisfies(e -> assertThat(((PlanKey.Unusable) e).hint()).contains("remove it"));
        assertThatThrownBy(() -> PlanKey.load(Map.of(PlanKey.ENV, "short")))
                .hasMessage(PlanKey.ENV + " must hold at least 16 characters");
    }

    @Test
    void aKeyOthersCanReadIsRefusedWithAHintToChmod() throws IOException {
        write("k".repeat(64), "rw-r--r--");
        assertThatThrownBy(() -> PlanKey.load(env))
                .hasMessage("the plan key file " + file + " has mode 0644: others may read or change it")
                .satisfies(e -> assertThat(((PlanKey.Unusable) e).hint()).isEqualTo("chmod 600 " + file));
    }

    @Test
    void aKeyOfAnotherUserIsRefused() throws IOException {
        write("k".repeat(64), "rw-------");
        UserPrincipal nobody;
        try {
            nobody = home.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("nobody");
            Files.setOwner(file, nobody);
        } catch (IOException e) {
            Assumptions.abort("cannot give the file to another user here (not root)");
            return;
        }
        assertThatThrownBy(() -> PlanKey.load(env)).hasMessageContaining("belongs to nobody, not to you");
    }

    @Test
    void aDirectoryOrANamedPipeIsAClearErrorNotAHang() throws Exception {
        Files.createDirectories(file);
        assertThatThrownBy(() -> PlanKey.load(env))
                .hasMessage("the plan key file " + file + " is a directory, not a file");
        Files.delete(file);
        Assumptions.assumeTrue(new ProcessBuilder("mkfifo", "-m", "600", file.toString()).start().waitFor() == 0);
        assertTimeoutPreemptively(Duration.ofSeconds(5), () -> assertThatThrownBy(() -> PlanKey.load(env))
                .hasMessage("the plan key file " + file + " is a named pipe (FIFO), not a regular file"));
    }

    @Test
    void anUncreatableKeyFileSaysWhy() throws IOException {
        Files.writeString(home.resolve(".config"), "a file where the directory should be");
        assertThatThrownBy(() -> PlanKey.load(env)).isInstanceOf(PlanKey.Unusable.class)
                .hasMessageStartingWith("cannot create the plan key file " + file + ": ")
                .hasMessageNotContaining("Exception");
    }

    private void write(String key, String mode) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, key);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(mode));
    }
}
