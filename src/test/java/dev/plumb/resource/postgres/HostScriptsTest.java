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
        assertThat(s).contains("dd if='/var/lib/postgresql/15/main/postmaster.pid' iflag=nofollow,nonblock",
                "*postgres*.service|*pgsql*.service) ;;", "systemctl restart --no-block -- \"$plumb_unit\"");
    }

    /** A postmaster.pid as PostgreSQL 10 and later write it: the status is the eighth line. */
    private static String pidFile(int pid, String status) {
        return pid + "\n/var/lib/postgresql/15/main\n1796000000\n5432\n/var/run/postgresql\n*\n  5432001  1\n"
                + status + "\n";
    }

    /**
     * The restart's wait, with a {@code systemctl} stand-in on PATH that logs its arguments, says
     * the unit is {@code state}, and runs {@code onRestart} when asked to restart.
     */
    private static int restartWait(Path dir, String state, String onRestart) throws Exception {
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Path systemctl = bin.resolve("systemctl");
        Files.writeString(systemctl, "#!/bin/sh\n"
                + "echo \"$*\" >> " + dir.resolve("calls") + "\n"
                + "case $1 in restart) " + onRestart + " ;; show) echo " + state + " ;; esac\n");
        Files.setPosixFilePermissions(systemctl, PosixFilePermissions.fromString("rwxr-xr-x"));
        return sh("PATH=" + bin + ":$PATH\n"
                + HostScripts.pidFileReader("'" + dir.resolve("postmaster.pid") + "'")
                + "plumb_pid=111 plumb_unit=postgresql@15-main.service\n"
                + HostScripts.restartAndWait());
    }

    /** The restart is queued, and the wait ends when a new postmaster says it is ready. */
    @Test
    void restartWaitsForANewReadyPostmaster(@TempDir Path dir) throws Exception {
        Path pid = dir.resolve("postmaster.pid");
        Files.writeString(pid, pidFile(111, "ready   "));
        Files.writeString(dir.resolve("next"), pidFile(222, "starting"));
        Files.writeString(dir.resolve("ready"), pidFile(222, "ready   "));
        // The old server still answers for a moment, then the new one starts, then it is ready.
        String restart = "(sleep 0.3; cp " + dir.resolve("next") + " " + pid + "; sleep 0.3; cp " + dir.resolve("ready")
                + " " + pid + ") >/dev/null 2>&1 &";
        long t0 = System.nanoTime();
        assertThat(restartWait(dir, "activating", restart)).isZero();
        assertThat((System.nanoTime() - t0) / 1_000_000).isGreaterThanOrEqualTo(600);
        assertThat(Files.readAllLines(dir.resolve("calls")).get(0)).isEqualTo("restart --no-block -- postgresql@15-main.service");
    }

    @Test
    void aStandbyIsReadyToo(@TempDir Path dir) throws Exception {
        Path pid = dir.resolve("postmaster.pid");
        Files.writeString(pid, pidFile(111, "ready   "));
        Files.writeString(dir.resolve("standby"), pidFile(333, "standby "));
        assertThat(restartWait(dir, "activating", "cp " + dir.resolve("standby") + " " + pid)).isZero();
    }

    /** A unit that fails to start again ends the wait with exit 1, without waiting out the minute. */
    @Test
    void aFailedUnitEndsTheWait(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("postmaster.pid"), pidFile(111, "stopping"));
        long t0 = System.nanoTime();
        assertThat(restartWait(dir, "failed", ":")).isEqualTo(1);
        assertThat((System.nanoTime() - t0) / 1_000_000_000).isLessThan(10);
    }

    /** postmaster.pid belongs to the postgres account: a link planted there is never read through. */
    @Test
    void neverReadsPostmasterPidThroughALink(@TempDir Path dir) throws Exception {
        Path elsewhere = dir.resolve("elsewhere");
        Files.writeString(elsewhere, pidFile(444, "ready   "));
        Files.createSymbolicLink(dir.resolve("postmaster.pid"), elsewhere);
        assertThat(restartWait(dir, "failed", ":")).isEqualTo(1);
    }
}
