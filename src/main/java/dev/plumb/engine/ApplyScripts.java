package dev.plumb.engine;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

import dev.plumb.model.Text;
import dev.plumb.resource.file.FileSpec;
import dev.plumb.resource.systemd.ServiceOps;
import dev.plumb.resource.systemd.ServicePlanner;

import static dev.plumb.transport.ssh.Shell.quote;

/**
 * Generates the two apply scripts for a host. Every path and name is quoted; file content
 * travels base64-encoded inside the script, which itself travels on stdin, so no content or
 * secret ever reaches a command line.
 *
 * <p>{@link #writes} records due restarts on the host first, then writes files atomically
 * (temporary file in the same directory, final owner and mode set before any byte is written,
 * fsync, rename), writes or removes unit files, reloads systemd once, and (en|dis)ables units.
 * {@link #services} then stops, starts and restarts, waits until started units stay active,
 * and only then clears the recorded restarts.
 */
final class ApplyScripts {
    private static final String PRELUDE = """
            set -e
            umask 022
            plumb_write() {
              plumb_d=$(dirname -- "$1")
              [ -d "$plumb_d" ] || mkdir -p -- "$plumb_d"
              plumb_t=$(mktemp -- "$plumb_d/.plumb.XXXXXX")
              trap 'rm -f -- "$plumb_t"' EXIT
              chown -- "$2:$3" "$plumb_t"
              chmod -- "$4" "$plumb_t"
              base64 -d > "$plumb_t"
              sync -- "$plumb_t"
              mv -f -- "$plumb_t" "$1"
              trap - EXIT
              sync -- "$plumb_d"
            }
            """;

    private static final String WAIT = """
            plumb_check() {
              plumb_i=0
              while [ "$plumb_i" -lt 100 ]; do
                plumb_s=$(systemctl is-active -- "$1" 2>/dev/null || true)
                [ "$plumb_s" = active ] || [ "$plumb_s" = failed ] && break
                sleep 0.1; plumb_i=$((plumb_i + 1))
              done
            }
            plumb_verify() {
              plumb_s=$(systemctl is-active -- "$1" 2>/dev/null || true)
              if [ "$plumb_s" != active ]; then
                echo "$1 is $plumb_s after start; last journal lines:" >&2
                journalctl -u "$1" -n 20 --no-pager -o short-iso 2>&1 | sed 's/^/    /' >&2 || true
                plumb_failed=1
              fi
            }
            plumb_failed=0
            """;

    private ApplyScripts() {}

    static String writes(HostWork w) {
        StringBuilder b = new StringBuilder(PRELUDE);
        if (!w.restarts().isEmpty()) {
            b.append("mkdir -p -m 0700 /var/lib/plumb\n");
            for (String unit : w.restarts()) {
                b.append("grep -qxF -- ").append(quote(unit)).append(' ').append(HostFacts.PENDING_FILE)
                        .append(" 2>/dev/null || printf '%s\\n' ").append(quote(unit)).append(" >> ")
                        .append(HostFacts.PENDING_FILE).append('\n');
            }
        }
        for (FileSpec f : w.fileWrites()) {
            write(b, f.path(), f.owner(), f.group(), f.mode(), f.content().orElseThrow().body());
        }
        for (String path : w.fileDeletes()) {
            b.append("rm -f -- ").append(quote(path)).append('\n');
        }
        boolean reload = false;
        for (ServiceOps s : w.services()) {
            if (s.removeUnit()) {
                b.append("systemctl disable --now -- ").append(quote(s.unit())).append(" >/dev/null 2>&1 || true\n");
                b.append("rm -f -- ").append(quote(ServicePlanner.unitPath(s.unit()))).append('\n');
            }
            if (s.writeUnit().isPresent()) {
                write(b, ServicePlanner.unitPath(s.unit()), "root", "root", "0644", s.writeUnit().get());
            }
            reload |= s.touchesUnitFile();
        }
        if (reload) {
            b.append("systemctl daemon-reload\n");
        }
        for (ServiceOps s : w.services()) {
            s.enable().ifPresent(on -> b.append("systemctl ").append(on ? "enable" : "disable")
                    .append(" --quiet -- ").append(quote(s.unit())).append('\n'));
        }
        return b.toString();
    }

    static String services(HostWork w) {
        StringBuilder b = new StringBuilder("set -e\n").append(WAIT);
        List<ServiceOps> ops = w.services();
        for (ServiceOps s : ops) {
            if (s.stop() && !s.removeUnit()) {
                b.append("systemctl stop -- ").append(quote(s.unit())).append('\n');
            }
        }
        for (ServiceOps s : ops) {
            if (s.start()) {
                b.append("systemctl start -- ").append(quote(s.unit())).append(" || true\n");
            } else if (s.restart()) {
                b.append("systemctl restart -- ").append(quote(s.unit())).append(" || true\n");
            }
        }
        List<ServiceOps> started = ops.stream().filter(s -> s.start() || s.restart()).toList();
        if (!started.isEmpty()) {
            started.forEach(s -> b.append("plumb_check ").append(quote(s.unit())).append('\n'));
            // A service that dies right after starting is active for a moment: look again.
            b.append("sleep 0.5\n");
            started.forEach(s -> b.append("plumb_verify ").append(quote(s.unit())).append('\n'));
            b.append("[ \"$plumb_failed\" = 0 ] || exit 3\n");
        }
        b.append("rm -f ").append(HostFacts.PENDING_FILE).append('\n');
        return b.toString();
    }

    private static void write(StringBuilder b, String path, String owner, String group, String mode, Text body) {
        String payload = Base64.getMimeEncoder(76, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(body.reveal().getBytes(StandardCharsets.UTF_8));
        b.append("plumb_write ").append(quote(path)).append(' ').append(quote(owner)).append(' ')
                .append(quote(group)).append(' ').append(quote(mode)).append(" <<'PLUMB_PAYLOAD'\n")
                .append(payload).append("\nPLUMB_PAYLOAD\n");
    }
}
