package dev.plumb.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Only regular files are read, never more than the limit, and every refusal is said in plain words. */
class LocalFileTest {
    private static final Duration QUICK = Duration.ofSeconds(5);

    @TempDir
    Path tmp;

    /** A named pipe: opening it to read would wait for a writer forever. */
    static Path fifo(Path path) throws IOException, InterruptedException {
        Assumptions.assumeTrue(new ProcessBuilder("mkfifo", path.toString()).start().waitFor() == 0, "mkfifo works");
        return path;
    }

    @Test
    void readsARegularFile() throws IOException {
        Path f = Files.writeString(tmp.resolve("f"), "hello");
        assertThat(LocalFile.read(f, 5)).containsExactly('h', 'e', 'l', 'l', 'o');
    }

    @Test
    void aDeviceIsRefusedWithoutReadingIt() {
        Assumptions.assumeTrue(Files.exists(Path.of("/dev/zero")));
        assertTimeoutPreemptively(QUICK, () -> assertThatThrownBy(() -> LocalFile.read(Path.of("/dev/zero"), 1 << 20))
                .isInstanceOf(LocalFile.Problem.class).hasMessage("is a character device, not a regular file"));
    }

    @Test
    void aNamedPipeIsRefusedWithoutOpeningIt() throws Exception {
        Path pipe = fifo(tmp.resolve("pipe"));
        assertTimeoutPreemptively(QUICK, () -> assertThatThrownBy(() -> LocalFile.read(pipe, 100))
                .hasMessage("is a named pipe (FIFO), not a regular file"));
    }

    @Test
    void aDirectoryAMissingFileAndASymlinkLoopAreSaidInPlainWords() throws IOException {
        assertThatThrownBy(() -> LocalFile.read(tmp, 100)).hasMessage("is a directory, not a file");
        assertThatThrownBy(() -> LocalFile.read(tmp.resolve("nope"), 100))
                .satisfies(e -> assertThat(((LocalFile.Problem) e).missing()).isTrue()).hasMessage("does not exist");
        Path a = tmp.resolve("a");
        Files.createSymbolicLink(a, tmp.resolve("b"));
        Files.createSymbolicLink(tmp.resolve("b"), a);
        assertThatThrownBy(() -> LocalFile.read(a, 100)).hasMessage("cannot be read: its symbolic links form a loop, or nest too deeply");
    }

    @Test
    void aFileLargerThanTheLimitIsRefused() throws IOException {
        Path f = Files.write(tmp.resolve("big"), new byte[3 << 20]);
        assertThatThrownBy(() -> LocalFile.read(f, 1 << 20))
                .hasMessage("is larger than 1 MiB (3 MiB), the most plumb reads");
    }

    @Test
    void anUnreadableFileSaysPermissionDenied() throws IOException {
        Path f = Files.writeString(tmp.resolve("secret"), "x");
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("---------"));
        Assumptions.assumeFalse(Files.isReadable(f), "not root: root reads any file");
        assertThatThrownBy(() -> LocalFile.read(f, 100)).hasMessage("cannot be read: permission denied");
    }

    @Test
    void sizesReadAsAPersonWouldWriteThem() {
        assertThat(LocalFile.size(10L << 20)).isEqualTo("10 MiB");
        assertThat(LocalFile.size((3L << 20) / 2)).isEqualTo("1.5 MiB");
        assertThat(LocalFile.size(2048)).isEqualTo("2 KiB");
        assertThat(LocalFile.size(12)).isEqualTo("12 bytes");
    }
}
