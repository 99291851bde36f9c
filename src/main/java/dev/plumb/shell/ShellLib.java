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
 * <p>Root never resolves a target path in one go, because whoever can change a directory on the
 * way could then point root elsewhere between a check and a use. {@link #WALK} enters the
 * directory one name at a time with {@code cd}, checking each entered directory by its device
 * and inode, so the working directory then stands for it as an open directory would: every
 * later name is relative to it, and renaming its ancestors cannot redirect what follows. A
 * symbolic link on the way is followed only when root owns it and it is in a directory owned by
 * root that no group or other may write (as {@code /bin -> usr/bin} on merged-{@code /usr}
 * systems, or {@code /var/run -> /run}); its target is walked the same way.
 *
 * <ul>
 *   <li>{@code plumb_write PATH OWNER GROUP MODE}: replaces PATH atomically with the payload on
 *       stdin; exit 3 with a message naming PATH when it refuses. Every directory from
 *       {@code /} to PATH's, including those a link leads through, must be owned by root or
 *       OWNER and writable by no group or other, unless it is owned by root and sticky (as
 *       OpenSSH's StrictModes: anyone else who could write one could replace the file or what
 *       leads to it); PATH must be absent or a regular file (not a link). Missing
 *       directories are created, owned by root, mode 0755. The content is written by root into
 *       {@code f} in a new directory that only root can change ({@code mktemp -d}, entered and
 *       checked like the others), given its owner and mode there ({@code chown -h}), fsynced,
 *       and renamed over PATH with {@code mv -T} (never into a directory of that name). A
 *       directory that OWNER owns is trusted as far as OWNER is: they can move what is in it,
 *       so the file can end up only where OWNER could move it anyway.</li>
 *   <li>{@code plumb_remove PATH}: removes PATH, reached as above but without the rule on
 *       owners; nothing when it is missing, exit 3 when it is a directory or the way to it is
 *       refused.</li>
 *   <li>{@code plumb_restart UNIT}: restarts a systemd unit.</li>
 * </ul>
 */
public final class ShellLib {
    /**
     * {@code plumb_walk DIR UID NAME}: enters DIR as described above and reads NAME there
     * without following it: {@code $plumb_fi} its {@code device:inode}, {@code $plumb_fm} its
     * mode in hex ({@code %f}), both empty when it is missing. A non-empty UID applies the rule
     * on owners for a file of that owner and creates missing directories. Returns 1 when a
     * directory is missing or not a directory (read only), 2 when the way is refused, with the
     * reason in {@code $plumb_why}. Changes the working directory: call it in a subshell.
     */
    public static final String WALK = """
            plumb_walk() {
              plumb_r=$1/ plumb_u=$2 plumb_n=$3 plumb_e= plumb_k=0 plumb_m= plumb_last= plumb_fi= plumb_fm=
              case $plumb_r in /*) ;; *) plumb_why="$1 is not an absolute path"; return 2 ;; esac
              cd / || { plumb_why="cannot enter /"; return 2; }
              while :; do
                plumb_c=${plumb_r%%/*} plumb_r=${plumb_r#*/}
                if [ -z "$plumb_c$plumb_r" ]; then plumb_c=$plumb_n plumb_last=1
                elif [ -z "$plumb_c" ] || [ "$plumb_c" = . ]; then continue
                fi
                set -- $(stat -c '%d:%i %u %f' -- . "./$plumb_c" 2>/dev/null)
                if [ $# -lt 3 ]; then plumb_why="cannot read directory $PWD"; return 2; fi
                if [ -n "$plumb_e" ] && [ "$1" != "$plumb_e" ]; then
                  plumb_why="directory $PWD changed while plumb entered it"; return 2
                fi
                if [ -n "$plumb_u" ] && [ "$2" != 0 ] && [ "$2" != "$plumb_u" ]; then
                  plumb_why="directory $PWD belongs to $(stat -c %U .), not to root or the file's owner"; return 2
                fi
                if [ -n "$plumb_u" ] && [ $((0x$3 & 0x12)) != 0 ] && { [ "$2" != 0 ] || [ $((0x$3 & 0x200)) = 0 ]; }; then
                  plumb_why="directory $PWD is writable by group or others"; return 2
                fi
                if [ -n "$plumb_last" ]; then plumb_fi=${4-} plumb_fm=${6-}; return 0; fi
                plumb_p=${PWD%/}/$plumb_c
                case $((0x${6:-0} & 0xF000)) in
                  16384)
                    cd -P -- "./$plumb_c" || { plumb_why="cannot enter $plumb_p"; return 2; }
                    plumb_e=$4 ;;
                  40960)
                    if [ "$2" != 0 ] || [ $((0x$3 & 0x12)) != 0 ] || [ "$5" != 0 ]; then
                      plumb_why="$plumb_p is a symbolic link, and plumb follows only root's links in directories only root can change"; return 2
                    fi
                    plumb_l=$(readlink -- "./$plumb_c" && echo .) || { plumb_why="cannot read $plumb_p"; return 2; }
                    plumb_l=${plumb_l%?}; plumb_l=${plumb_l%?}
                    case $plumb_l in /*) cd / || return 2; plumb_e= ;; esac
                    plumb_r=$plumb_l/$plumb_r plumb_k=$((plumb_k + 1)) ;;
                  0)
                    if [ -z "$plumb_u" ]; then plumb_why="$plumb_p does not exist"; return 1; fi
                    if [ "$plumb_m" = "$1/$plumb_c" ]; then plumb_why="$plumb_p disappeared after plumb made it"; return 2; fi
                    plumb_m=$1/$plumb_c
                    mkdir -m 0755 -- "./$plumb_c" 2>/dev/null || [ -e "./$plumb_c" ] || [ -L "./$plumb_c" ] \\
                      || { plumb_why="cannot create directory $plumb_p"; return 2; }
                    plumb_r=$plumb_c/$plumb_r ;;
                  *) plumb_why="$plumb_p is not a directory"; return 1 ;;
                esac
                if [ $plumb_k -gt 40 ]; then plumb_why="too many symbolic links"; return 2; fi
              done
            }
            """;

    /** Functions and options; the first text of every root script. */
    public static final String PRELUDE = """
            set -e
            umask 022
            """ + WALK + """
            plumb_refuse() {
              printf 'plumb will not %s %s: %s\\n' "$1" "$2" "$3" >&2
              exit 3
            }
            plumb_write() (
              plumb_n=${1##*/} plumb_in=
              case $plumb_n in ''|.|..) plumb_refuse write "$1" "it does not name a file" ;; esac
              case $2 in
                *[!0-9]*) plumb_o=$(id -u -- "$2" 2>/dev/null) || plumb_refuse write "$1" "there is no user $2" ;;
                *) plumb_o=$2 ;;
              esac
              plumb_walk "${1%/*}" "$plumb_o" "$plumb_n" || plumb_refuse write "$1" "$plumb_why"
              plumb_d=$PWD
              case $((0x${plumb_fm:-0} & 0xF000)) in
                0|32768) ;;
                40960) plumb_refuse write "$1" "it is a symbolic link" ;;
                *) plumb_refuse write "$1" "it exists and is not a regular file" ;;
              esac
              plumb_t=$(mktemp -d -- ./.plumb.XXXXXX) || plumb_refuse write "$1" "cannot create a directory in $plumb_d"
              trap 'if [ -n "$plumb_in" ]; then rm -f ./f || :; cd -P .. || :; fi; rmdir -- "$plumb_t" 2>/dev/null || :' EXIT
              set -- "$1" "$2" "$3" "$4" $(stat -c '%d:%i %u %f' -- "$plumb_t")
              [ "$6 $7" = "0 41c0" ] && cd -P -- "$plumb_t" && [ "$(stat -c '%d:%i %u %f' .)" = "$5 0 41c0" ] \\
                || plumb_refuse write "$1" "its temporary directory in $plumb_d changed"
              plumb_in=1
              base64 -d > ./f
              chown -h -- "$2:$3" ./f
              chmod -- "$4" ./f
              sync -- ./f 2>/dev/null || :
              mv -f -T -- ./f "../$plumb_n"
              sync -- .. 2>/dev/null || :
            )
            plumb_remove() (
              plumb_rc=0
              plumb_walk "${1%/*}" '' "${1##*/}" || plumb_rc=$?
              [ $plumb_rc != 1 ] || exit 0
              [ $plumb_rc = 0 ] || plumb_refuse remove "$1" "$plumb_why"
              case $((0x${plumb_fm:-0} & 0xF000)) in
                0) ;;
                16384) plumb_refuse remove "$1" "it is a directory" ;;
                *) rm -f -- "./${1##*/}" ;;
              esac
            )
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

    /** A call of {@code plumb_remove} that removes the file at {@code path}. */
    public static String remove(String path) {
        return "plumb_remove " + Shell.quote(path) + '\n';
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
