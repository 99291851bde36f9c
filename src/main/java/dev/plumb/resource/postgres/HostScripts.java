package dev.plumb.resource.postgres;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import dev.plumb.model.Text;

import static dev.plumb.shell.Shell.quote;

/**
 * The root scripts PostgreSQL work needs on the host: replacing pg_hba.conf (atomically, owner
 * and mode kept, the old file kept beside it) and putting the old one back, and restarting the
 * server's systemd unit. Paths are quoted; content travels base64-encoded in the script.
 */
final class HostScripts {
    /** Suffix of the copy of the previous pg_hba.conf, kept for operators. */
    static final String BACKUP = ".plumb-backup";

    private HostScripts() {
    }

    /**
     * Writes {@code content} to {@code path} if the file still hashes to {@code expectedSha256}
     * (exit 3 otherwise); the previous file stays at {@code path.plumb-backup}.
     */
    static String hbaWrite(String path, String expectedSha256, Text content) {
        String payload = Base64.getMimeEncoder(76, new byte[] {'\n'})
                .encodeToString(content.reveal().getBytes(StandardCharsets.UTF_8));
        return "set -e\n"
                + "plumb_f=" + quote(path) + "\n"
                + "plumb_sum=$(sha256sum < \"$plumb_f\" | cut -d' ' -f1)\n"
                + "if [ \"$plumb_sum\" != " + quote(expectedSha256) + " ]; then\n"
                + "  echo \"$plumb_f changed since plumb read it; plan again\" >&2; exit 3\n"
                + "fi\n"
                + "cp -p -- \"$plumb_f\" \"$plumb_f" + BACKUP + "\"\n"
                + "plumb_t=$(mktemp -- \"$plumb_f.plumb.XXXXXX\")\n"
                + "trap 'rm -f -- \"$plumb_t\"' EXIT\n"
                + "chown --reference=\"$plumb_f\" -- \"$plumb_t\"\n"
                + "chmod --reference=\"$plumb_f\" -- \"$plumb_t\"\n"
                + "base64 -d > \"$plumb_t\" <<'PLUMB_PAYLOAD'\n"
                + payload + "\nPLUMB_PAYLOAD\n"
                + "sync -- \"$plumb_t\" 2>/dev/null || true\n"
                + "mv -f -- \"$plumb_t\" \"$plumb_f\"\n"
                + "trap - EXIT\n";
    }

    /** Puts the file {@link #hbaWrite} replaced back in place. */
    static String hbaRestore(String path) {
        return "set -e\n"
                + "plumb_f=" + quote(path) + "\n"
                + "cp -p -- \"$plumb_f" + BACKUP + "\" \"$plumb_f.plumb.restore\"\n"
                + "mv -f -- \"$plumb_f.plumb.restore\" \"$plumb_f\"\n";
    }

    /**
     * Restarts the systemd unit that runs the postmaster of {@code dataDirectory} (found from
     * {@code postmaster.pid} and the process's cgroup); exit 3 when there is no such unit or its
     * name does not say PostgreSQL (plumb never restarts some other service by mistake).
     */
    static String restart(String dataDirectory) {
        return "set -e\n"
                + "plumb_pid=$(head -n 1 -- " + quote(dataDirectory + "/postmaster.pid") + ")\n"
                + "plumb_unit=$(sed -n 's#^.*/\\([^/]*\\.service\\)$#\\1#p' \"/proc/$plumb_pid/cgroup\" | head -n 1)\n"
                + "case \"$plumb_unit\" in\n"
                + "  *postgres*.service|*pgsql*.service) ;;\n"
                + "  *) echo \"will not restart '$plumb_unit': not a PostgreSQL unit (postmaster pid $plumb_pid)\" >&2; exit 3;;\n"
                + "esac\n"
                + "systemctl restart -- \"$plumb_unit\"\n";
    }
}
