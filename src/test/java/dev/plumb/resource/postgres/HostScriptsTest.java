package dev.plumb.resource.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.util.HexFormat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.plumb.model.Text;

/** The pg_hba.conf scripts, run with this machine's /bin/sh on a file in a scratch directory. */
class HostScriptsTest {
    private static int sh(String script) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("/bin/sh").redirectErrorStream(true).start();
        p.getOutputStream().write(script.getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        p.getInputStream().readAllBytes();
        return p.waitFor();
    }

    private static String sha256(String s) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void writesAtomicallyKeepingModeWithTheOldFileOutsideTheDirectory(@TempDir Path dir) throws Exception {
        Path hba = dir.resolve("it's $(odd) dir").resolve("pg_hba.conf");
        Path backups = dir.resolve("backups");
        Files.createDirectories(hba.getParent());
        Files.writeString(hba, "old\n");
        Files.setPosixFilePermissions(hba, PosixFilePermissions.fromString("rw-r-----"));
        String content = "new 'content' $(not run) ü\n";
        assertThat(sh(HostScripts.hbaWrite(hba.toString(), sha256("old\n"), Text.plain(content), backups.toString())))
                .isZero();
        assertThat(Files.readString(hba)).isEqualTo(content);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(hba))).isEqualTo("rw-r-----");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(backups))).isEqualTo("rwx------");
        try (var files = Files.list(hba.getParent()); var kept = Files.list(backups)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("pg_hba.conf");
            assertThat(kept.map(p -> readString(p))).containsExactly("old\n");
        }
        assertThat(sh(HostScripts.hbaRestore(hba.toString(), backups.toString()))).isZero();
        assertThat(Files.readString(hba)).isEqualTo("old\n");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(hba))).isEqualTo("rw-r-----");
    }

    /** A link planted where pg_hba.conf was is never written through, and neither are fixed names beside it. */
    @Test
    void neverWritesThroughAPlantedLink(@TempDir Path dir) throws Exception {
        Path victim = dir.resolve("victim");
        Files.writeString(victim, "precious\n");
        Path hba = dir.resolve("conf").resolve("pg_hba.conf");
        Files.createDirectories(hba.getParent());
        Files.createSymbolicLink(hba, victim);
        assertThat(sh(HostScripts.hbaWrite(hba.toString(), sha256("precious\n"), Text.plain("owned\n"),
                dir.resolve("backups").toString()))).isEqualTo(3);
        assertThat(sh(HostScripts.hbaRestore(hba.toString(), dir.resolve("backups").toString()))).isEqualTo(3);
        assertThat(Files.readString(victim)).isEqualTo("precious\n");
        assertThat(Files.isSymbolicLink(hba)).isTrue();
    }

    @Test
    void refusesAFileThatChangedSincePlanning(@TempDir Path dir) throws Exception {
        Path hba = dir.resolve("pg_hba.conf");
        Files.writeString(hba, "edited meanwhile\n");
        assertThat(sh(HostScripts.hbaWrite(hba.toString(), sha256("old\n"), Text.plain("new\n"),
                dir.resolve("b").toString()))).isEqualTo(3);
        assertThat(Files.readString(hba)).isEqualTo("edited meanwhile\n");
    }

    private static String readString(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void restartsOnlyAPostgresqlUnit() {
        String s = HostScripts.restart("/var/lib/postgresql/15/main");
        assertThat(s).contains("head -n 1 -- '/var/lib/postgresql/15/main/postmaster.pid'",
                "*postgres*.service|*pgsql*.service) ;;", "plumb_restart \"$plumb_unit\"");
    }
}
