package dev.plumb.check;

import static dev.plumb.shell.Shell.quote;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;

import dev.plumb.model.Text;

/**
 * The read-only shell fragment of each check, run as root on its host. Every command is bounded
 * in time ({@code timeout}) and every free text in size, and printed base64. No secret reaches a
 * command line: the app's password goes to psql in a private password file written from a
 * here-document, and env values are compared on the host by SHA-256 under a per-run nonce, so
 * only "same" or "differs" comes back.
 */
final class Scripts {
    /** Journal lines shown for a failed or flapping unit. */
    static final int JOURNAL_LINES = 20;

    private Scripts() {}

    static String fragment(Check check, String nonce) {
        String body;
        if (check instanceof Check.PostgresLogin c) {
            body = postgresLogin(c);
        } else if (check instanceof Check.ServiceEnv c) {
            body = serviceEnv(c, nonce);
        } else if (check instanceof Check.Http c) {
            body = http(c);
        } else if (check instanceof Check.Listening c) {
            body = listening(c);
        } else if (check instanceof Check.UnitHealthy c) {
            body = unitHealthy(c);
        } else {
            body = ""; // migrations_applied reads over SQL
        }
        return body.isEmpty() ? "" : "plumb_t0=$(date +%s%N)\n" + body
                + "echo \"ms $(( ($(date +%s%N) - plumb_t0) / 1000000 ))\"\n";
    }

    /** {@code NAME VALUE} with the value base64 on one line, cut at {@code max} bytes. */
    private static String b64(String name, String command, int max) {
        return "echo \"" + name + " $( { " + command + "; } 2>&1 | head -c " + max + " | base64 -w0)\"\n";
    }

    private static String postgresLogin(Check.PostgresLogin c) {
        Dsn d = c.db().dsn();
        String password = d.password().map(p -> p.reveal()).orElse("");
        if (password.indexOf('\n') >= 0 || password.indexOf('\r') >= 0) {
            return "echo 'unusable the password holds a line break, which a password file cannot'\n";
        }
        String conninfo = "host=" + conn(d.host()) + " port=" + d.port() + " dbname=" + conn(d.database())
                + " user=" + conn(d.user()) + " connect_timeout=5 sslmode=prefer";
        return "if ! command -v psql >/dev/null 2>&1; then echo 'unusable psql is not installed on this host"
                + " (Debian: postgresql-client)'; else\n"
                + "plumb_pf=$(mktemp)\n"
                + "cat > \"$plumb_pf\" <<'PLUMB_PASSWORD'\n"
                + "*:*:*:*:" + password.replace("\\", "\\\\").replace(":", "\\:") + "\n"
                + "PLUMB_PASSWORD\n"
                + "plumb_out=$(cd / && PGPASSFILE=\"$plumb_pf\" PGAPPNAME=plumb-verify timeout 20 psql -X -A -t -w -F '|'"
                + " -d " + quote(conninfo) + " -c 'SELECT current_database(), current_user' 2>&1)\n"
                + "echo \"rc $?\"\nrm -f \"$plumb_pf\"\n"
                + "echo \"out $(printf '%s' \"$plumb_out\" | head -c 4000 | base64 -w0)\"\n"
                + "echo \"from $(timeout 5 ip -o route get " + quote(d.host())
                + " 2>/dev/null | sed -n 's/.* src \\([^ ]*\\).*/\\1/p')\"\n"
                + "fi\n";
    }

    /** A conninfo value: single-quoted, with quotes and backslashes escaped. */
    private static String conn(String v) {
        return "'" + v.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }

    private static String serviceEnv(Check.ServiceEnv c, String nonce) {
        String unit = quote(c.unit());
        StringBuilder b = new StringBuilder();
        b.append("plumb_pid=$(timeout 10 systemctl show -p MainPID --value ").append(unit).append(" 2>/dev/null)\n")
                .append("echo \"pid ${plumb_pid:-0}\"\n")
                .append(b64("envfiles", "timeout 10 systemctl show -p EnvironmentFiles --value " + unit, 4000))
                .append("echo \"start $(timeout 10 systemctl show -p ExecMainStartTimestamp --timestamp=unix --value ")
                .append(unit).append(" 2>/dev/null)\"\n")
                .append("echo \"mtime $(stat -c %Y ").append(quote(c.path())).append(" 2>/dev/null)\"\n")
                .append("plumb_h=$( { printf '%s' ").append(quote(nonce)).append("; cat ").append(quote(c.path()))
                .append(" 2>/dev/null; } | sha256sum | cut -c1-64)\n")
                .append("[ \"$plumb_h\" = ").append(hash(nonce, c.fileBody().reveal()))
                .append(" ] && echo 'file same' || echo 'file differs'\n")
                .append("plumb_env=/proc/${plumb_pid:-0}/environ\n")
                .append("if [ \"${plumb_pid:-0}\" -gt 0 ] 2>/dev/null && [ -r \"$plumb_env\" ]; then\n");
        for (Map.Entry<String, Text> e : c.values().entrySet()) {
            String k = e.getKey();
            String grep = "grep -z -m1 " + quote("^" + k + "=") + " \"$plumb_env\"";
            b.append("  if ").append(grep).append(" >/dev/null; then\n")
                    .append("    plumb_h=$( { printf '%s' ").append(quote(nonce)).append("; ").append(grep)
                    .append(" | tr -d '\\000'; } | sha256sum | cut -c1-64)\n")
                    .append("    [ \"$plumb_h\" = ").append(hash(nonce, k + "=" + e.getValue().reveal()))
                    .append(" ] && echo 'same ").append(k).append("' || echo 'differs ").append(k).append("'\n");
            if (!e.getValue().sensitive()) {
                b.append("    echo \"live-").append(k).append(" $(").append(grep)
                        .append(" | tr -d '\\000' | cut -d= -f2- | head -c 300 | base64 -w0)\"\n");
            }
            b.append("  else echo 'missing ").append(k).append("'; fi\n");
        }
        return b.append("fi\n").toString();
    }

    /** Hex SHA-256 of the nonce then {@code value}: what the host computes from what it holds. */
    static String hash(String nonce, String value) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update(nonce.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(md.digest(value.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String http(Check.Http c) {
        String b = "plumb_b=$(mktemp)\nplumb_i=0\n"
                + "while :; do\n"
                + "  plumb_i=$((plumb_i + 1))\n"
                + "  plumb_code=$(timeout 10 curl -sS -o \"$plumb_b\" -w '%{http_code}' --max-time 3 --max-filesize"
                + " 1048576 " + quote(c.url()) + " 2>\"$plumb_b.err\")\n"
                + "  plumb_rc=$?\n"
                + "  [ \"$plumb_code\" = " + c.status() + " ] && break\n"
                + "  case \"$plumb_code\" in 000|502|503|504) ;; *) break ;; esac\n"
                + "  [ $plumb_i -ge " + c.retries() + " ] && break\n"
                + c.unit().map(Scripts::notComingUp).orElse("")
                + "  sleep 1\n"
                + "done\n"
                + "echo \"code ${plumb_code:-000}\"\necho \"curl $plumb_rc\"\necho \"tries $plumb_i\"\n"
                + b64("err", "cat \"$plumb_b.err\"", 2000)
                + b64("body", "cat \"$plumb_b\"", 16000)
                + "rm -f \"$plumb_b\" \"$plumb_b.err\"\n";
        return b + c.unit().map(u -> "[ \"$plumb_code\" = " + c.status() + " ] || "
                + journal("journal", u)).orElse("");
    }

    /**
     * Ends the retries when the service cannot come up: its unit is inactive or failed and no job
     * (a start, a restart) is queued for it. A unit between automatic restarts is "activating", and
     * one being restarted has a job, so both are still waited for.
     */
    private static String notComingUp(String unit) {
        String u = quote(unit);
        return "  case \"$(timeout 10 systemctl is-active -- " + u + " 2>/dev/null)\" in inactive|failed)\n"
                + "    [ -z \"$(timeout 10 systemctl list-jobs --no-legend -- " + u + " 2>/dev/null)\" ] && break ;;\n"
                + "  esac\n";
    }

    private static String journal(String name, String unit) {
        return b64(name, "timeout 10 journalctl -u " + quote(unit) + " -n " + JOURNAL_LINES
                + " -o short-iso --no-pager --no-hostname", 16000);
    }

    /**
     * The port's listeners, read again each second while there is none, up to
     * {@link Check.Listening#TRIES} reads: a service started just before binds a moment later (the
     * fragments run side by side, so this one must wait for it as the http check does).
     */
    private static String listening(Check.Listening c) {
        return "plumb_i=0\n"
                + "while :; do\n"
                + "  plumb_i=$((plumb_i + 1))\n"
                + "  plumb_ss=$( { timeout 10 ss -ltnpH " + quote("sport = :" + c.port()) + "; } 2>&1 | head -c 8000)\n"
                + "  [ -n \"$plumb_ss\" ] && break\n"
                + "  [ $plumb_i -ge " + Check.Listening.TRIES + " ] && break\n"
                + "  sleep 1\n"
                + "done\n"
                + "echo \"tries $plumb_i\"\n"
                + "echo \"ss $(printf '%s' \"$plumb_ss\" | base64 -w0)\"\n";
    }

    private static String unitHealthy(Check.UnitHealthy c) {
        String unit = quote(c.unit());
        return "timeout 10 systemctl show -p LoadState -p ActiveState -p SubState -p Result -p NRestarts"
                + " -p ExecMainStartTimestamp --timestamp=unix " + unit + " 2>/dev/null | sed 's/=/ /'\n"
                + "plumb_since=$(( $(date +%s) - " + (c.windowMinutes() * 60) + " ))\n"
                + "echo \"restarts $(timeout 10 journalctl -u " + unit + " --since \"@$plumb_since\" -o cat --no-pager"
                + " 2>/dev/null | grep -c 'Scheduled restart job')\"\n"
                + "plumb_ts=$(timeout 10 systemctl show -p ExecMainStartTimestamp --timestamp=unix --value " + unit
                + " 2>/dev/null | tr -d '@')\n"
                + "if [ -n \"$plumb_ts\" ]; then\n"
                + "  " + b64("matches", "timeout 10 journalctl -u " + unit + " --since \"@$plumb_ts\" -o cat --no-pager"
                        + " 2>/dev/null | grep -E -e " + quote(c.pattern()) + " | tail -n 5", 4000)
                + "fi\n"
                + journal("journal", c.unit());
    }
}
