package dev.plumb.resource.postgres;

import dev.plumb.model.Text;
import dev.plumb.shell.ShellLib;

import static dev.plumb.shell.Shell.quote;

/**
 * The root scripts PostgreSQL work needs on the host: replacing pg_hba.conf and putting the old
 * one back, and restarting the server's systemd unit. The config directory belongs to the
 * {@code postgres} account, so root never writes to a fixed name there and never follows a
 * symbolic link: the new file is written through {@code plumb_write} (a {@code mktemp} file
 * renamed over the old one), and the copy of the old file is kept in a directory only root can
 * write ({@link #BACKUPS}).
 */
final class HostScripts {
    /** Where the previous pg_hba.conf is kept, one file per path: root's alone (0700). */
    static final String BACKUPS = "/var/lib/plumb/backup";

    private HostScripts() {
    }

    /**
     * Writes {@code content} to {@code path}, keeping its owner, group and mode, if the file still
     * hashes to {@code expectedSha256} (exit 3 otherwise, and when it is a symbolic link); the
     * previous file is kept under {@code backups}.
     */
    static String hbaWrite(String path, String expectedSha256, Text content, String backups) {
        // The copy is what is checked, so what is kept is exactly what plumb planned against.
        return ShellLib.PRELUDE + target(path, backups)
                + "cat -- \"$plumb_f\" > \"$plumb_b.new\"\n"
                + "plumb_sum=$(sha256sum < \"$plumb_b.new\" | cut -d' ' -f1)\n"
                + "if [ \"$plumb_sum\" != " + quote(expectedSha256) + " ]; then\n"
                + "  rm -f -- \"$plumb_b.new\"\n"
                + "  echo \"$plumb_f changed since plumb read it; plan again\" >&2; exit 3\n"
                + "fi\n"
                + "mv -f -- \"$plumb_b.new\" \"$plumb_b\"\n"
                + "plumb_write \"$plumb_f\" \"$plumb_o\" \"$plumb_g\" \"$plumb_m\"" + ShellLib.payload(content);
    }

    /** Puts the file {@link #hbaWrite} replaced back in place, the same way. */
    static String hbaRestore(String path, String backups) {
        return ShellLib.PRELUDE + target(path, backups)
                + "base64 < \"$plumb_b\" | plumb_write \"$plumb_f\" \"$plumb_o\" \"$plumb_g\" \"$plumb_m\"\n";
    }

    /** {@code $plumb_f} the file (refused if a link), its owner, group, mode, and {@code $plumb_b} its backup. */
    private static String target(String path, String backups) {
        return "plumb_f=" + quote(path) + "\n"
                + "if [ -L \"$plumb_f\" ] || [ ! -f \"$plumb_f\" ]; then\n"
                + "  echo \"$plumb_f is not a regular file; plumb will not write through it\" >&2; exit 3\n"
                + "fi\n"
                + "plumb_o=$(stat -c %U -- \"$plumb_f\"); plumb_g=$(stat -c %G -- \"$plumb_f\")\n"
                + "plumb_m=$(stat -c %a -- \"$plumb_f\")\n"
                + "umask 077\n"
                + "mkdir -p -- " + quote(backups) + "\n"
                + "chmod 0700 -- " + quote(backups) + "\n"
                + "plumb_b=" + quote(backups) + "/pg_hba-$(printf '%s' \"$plumb_f\" | sha256sum | cut -c1-16).conf\n";
    }

    /**
     * Restarts the systemd unit that runs the postmaster of {@code dataDirectory} (found from
     * {@code postmaster.pid} and the process's cgroup); exit 3 when there is no such unit or its
     * name does not say PostgreSQL (plumb never restarts some other service by mistake).
     *
     * <p>Returns once a new postmaster is ready, as {@code pg_ctl -w} decides it: {@code
     * postmaster.pid} names another process and its status line says {@code ready} (or {@code
     * standby}). The unit's restart job is queued, not waited for: Debian's start wrapper
     * ({@code pg_ctlcluster}) holds that job about two seconds after the server accepts
     * connections, probing it three times half a second apart. Exit 1 when the unit fails or no
     * new postmaster is ready within {@link #START_TRIES} tenths of a second (about a minute). The
     * file belongs to the postgres account: it is read 4 KiB at most, never through a symbolic
     * link or from a FIFO, and only compared, never printed.
     */
    static String restart(String dataDirectory) {
        String pidFile = quote(dataDirectory + "/postmaster.pid");
        return ShellLib.PRELUDE + pidFileReader(pidFile)
                + "plumb_pid=$(plumb_pidfile 1p)\n"
                + "case \"$plumb_pid\" in ''|*[!0-9]*) echo 'postmaster.pid names no running postmaster' >&2; exit 3;; esac\n"
                + "plumb_unit=$(sed -n 's#^.*/\\([^/]*\\.service\\)$#\\1#p' \"/proc/$plumb_pid/cgroup\" | head -n 1)\n"
                + "case \"$plumb_unit\" in\n"
                + "  *postgres*.service|*pgsql*.service) ;;\n"
                + "  *) echo \"will not restart '$plumb_unit': not a PostgreSQL unit (postmaster pid $plumb_pid)\" >&2; exit 3;;\n"
                + "esac\n"
                + restartAndWait();
    }

    /**
     * {@code plumb_pidfile SEDSCRIPT}: sed over at most 4 KiB of {@code pidFile} (quoted), read
     * never through a symbolic link and never blocked on a FIFO.
     */
    static String pidFileReader(String pidFile) {
        return "plumb_pidfile() { dd if=" + pidFile + " iflag=nofollow,nonblock bs=4096 count=1 2>/dev/null | sed -n \"$1\"; }\n";
    }

    /**
     * The second half of {@link #restart}, given {@code plumb_pidfile}, {@code plumb_pid} and
     * {@code plumb_unit}: the queued restart and the wait for a new, ready postmaster.
     */
    static String restartAndWait() {
        return "systemctl restart --no-block -- \"$plumb_unit\"\n"
                + "plumb_i=0\n"
                + "while [ \"$plumb_i\" -lt " + START_TRIES + " ]; do\n"
                + "  sleep 0.1; plumb_i=$((plumb_i + 1))\n"
                + "  plumb_s=$(plumb_pidfile '1p;8p' | tr '\\n' ' ')\n"
                + "  case \"$plumb_s\" in\n"
                + "    \"$plumb_pid \"*) ;;\n"
                + "    [0-9]*' ready '*|[0-9]*' standby '*) exit 0 ;;\n"
                + "  esac\n"
                + "  if [ $((plumb_i % 5)) = 0 ] && [ \"$(systemctl show -P ActiveState -- \"$plumb_unit\")\" = failed ]; then\n"
                + "    echo \"$plumb_unit failed to start again after the restart (journalctl -u $plumb_unit says why)\" >&2\n"
                + "    exit 1\n"
                + "  fi\n"
                + "done\n"
                + "echo \"no new postmaster was ready $((plumb_i / 10)) s after the restart of $plumb_unit"
                + " (the unit is $(systemctl show -P ActiveState -- \"$plumb_unit\"); journalctl -u $plumb_unit says why)\" >&2\n"
                + "exit 1\n";
    }

    /** How many tenths of a second {@link #restart} waits for the new postmaster. */
    static final int START_TRIES = 600;
}
