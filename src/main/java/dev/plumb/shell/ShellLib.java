package dev.plumb.shell;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import dev.plumb.model.Text;

/**
 * The shell functions every generated root script shares, and the helpers that call them. A
 * script is {@link #PRELUDE} followed by calls; values are always {@link Shell#quote quoted} and
 * content always travels as a base64 here-document inside the script (which itself travels on
 * stdin), so no content or secret reaches a command line.
 *
 * <ul>
 *   <li>{@code plumb_write PATH OWNER GROUP MODE}: replaces PATH atomically with the payload on
 *       stdin. The temporary file is created by {@code mktemp} (owner root, mode 0600) in PATH's
 *       directory, filled, then given its owner and mode, fsynced and renamed over PATH.</li>
 *   <li>{@code plumb_restart UNIT}: restarts a systemd unit.</li>
 * </ul>
 */
public final class ShellLib {
    /** Functions and options; the first text of every root script. */
    public static final String PRELUDE = """
            set -e
            umask 022
            plumb_write() {
              plumb_d=$(dirname -- "$1")
              [ -d "$plumb_d" ] || mkdir -p -- "$plumb_d"
              plumb_t=$(mktemp -- "$plumb_d/.plumb.XXXXXX")
              trap 'rm -f -- "$plumb_t"' EXIT
              base64 -d > "$plumb_t"
              chown -- "$2:$3" "$plumb_t"
              chmod -- "$4" "$plumb_t"
              sync -- "$plumb_t" 2>/dev/null || true
              mv -f -- "$plumb_t" "$1"
              trap - EXIT
              sync -- "$plumb_d" 2>/dev/null || true
            }
            plumb_restart() {
              systemctl restart -- "$1"
            }
            """;

    private static final String END = "PLUMB_PAYLOAD";

    private ShellLib() {}

    /** A call of {@code plumb_write} that writes {@code body} to {@code path} with owner, group and mode. */
    public static String write(String path, String owner, String group, String mode, Text body) {
        return "plumb_write " + Shell.quote(path) + ' ' + Shell.quote(owner) + ' ' + Shell.quote(group) + ' '
                + Shell.quote(mode) + payload(body);
    }

    /**
     * {@code body} as a here-document for the command it follows: {@code " <<'END'\n...\nEND\n"}.
     * Base64 lines hold no quote, dollar or the end word, so the document is inert.
     */
    public static String payload(Text body) {
        String b64 = Base64.getMimeEncoder(76, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(body.reveal().getBytes(StandardCharsets.UTF_8));
        return " <<'" + END + "'\n" + b64 + "\n" + END + "\n";
    }
}
