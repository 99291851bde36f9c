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
    void writesAtomicallyKeepingModeAndTheOldFile(@TempDir Path dir) throws Exception {
        Path hba = dir.resolve("it's $(odd) dir").resolve("pg_hba.conf");
        Files.createDirectories(hba.getParent());
        Files.writeString(hba, "old\n");
        Files.setPosixFilePermissions(hba, PosixFilePermissions.fromString("rw-r-----"));
        String content = "new 'content' $(not run) ü\n";
        assertThat(sh(HostScripts.hbaWrite(hba.toString(), sha256("old\n"), Text.plain(content)))).isZero();
        assertThat(Files.readString(hba)).isEqualTo(content);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(hba))).isEqualTo("rw-r-----");
        assertThat(Files.readString(Path.of(hba + HostScripts.BACKUP))).isEqualTo("old\n");
        try (var files = Files.list(hba.getParent())) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("pg_hba.conf",
                    "pg_hba.conf" + HostScripts.BACKUP);
        }
        assertThat(sh(HostScripts.hbaRestore(hba.toString()))).isZero();
        assertThat(Files.readString(hba)).isEqualTo("old\n");
    }

    @Test
    void refusesAFileThatChangedSincePlanning(@TempDir Path dir) throws Exception {
        Path hba = dir.resolve("pg_hba.conf");
        Files.writeString(hba, "edited meanwhile\n");
        assertThat(sh(HostScripts.hbaWrite(hba.toString(), sha256("old\n"), Text.plain("new\n")))).isEqualTo(3);
        assertThat(Files.readString(hba)).isEqualTo("edited meanwhile\n");
    }

    @Test
    void restartsOnlyAPostgresqlUnit() {
        String s = HostScripts.restart("/var/lib/postgresql/15/main");
        assertThat(s).contains("head -n 1 -- '/var/lib/postgresql/15/main/postmaster.pid'",
                "*postgres*.service|*pgsql*.service) ;;", "systemctl restart -- \"$plumb_unit\"");
    }
}
