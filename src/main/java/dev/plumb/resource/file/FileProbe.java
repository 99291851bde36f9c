package dev.plumb.resource.file;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.plumb.resource.ByName;
import dev.plumb.shell.Shell;
import dev.plumb.shell.ShellLib;

/**
 * The read-only shell fragment that reports the state of many paths in one run, and its parser.
 * Output is one line per path: {@code F <TAB> index <TAB> kind [<TAB> mode owner group size
 * sha256 base64-content]}; paths are never echoed back, so hostile names stay inert.
 *
 * <p>Each directory is reached once, by {@link ShellLib#WALK} (a symbolic link on the way that root
 * does not control makes its files {@code other}), and a regular file is opened once, as fd 3: its type, owner,
 * mode and size come from that descriptor ({@code stat -L /proc/self/fd/3}, checked to be the
 * inode that was there before the open), and its hash and content from reopening the
 * descriptor, never the path. A file swapped in between is therefore reported as {@code other}
 * rather than read; a link is {@code other} and never followed. (A FIFO swapped in at that
 * instant can only stall the read until the probe's timeout.)
 */
public final class FileProbe {
    /** Files larger than this are compared by hash only; their content is not shown in diffs. */
    public static final long MAX_DIFF_BYTES = 1 << 20;

    static final String PREFIX = "F\t";

    /** {@code plumb_d DIR INDEX NAME [INDEX NAME]...}: the files NAME in DIR, reached by one walk. */
    static final String FUNCTIONS = ShellLib.WALK + """
            plumb_d() (
              plumb_rc=0
              plumb_walk "$1" '' . || plumb_rc=$?
              shift
              while [ $# -gt 1 ]; do
                plumb_fi= plumb_fm=
                if [ $plumb_rc = 0 ] && plumb_s=$(stat -c '%d:%i %f' -- "./$2" 2>/dev/null); then
                  plumb_fi=${plumb_s% *} plumb_fm=${plumb_s#* }
                fi
                case $plumb_rc:$((0x${plumb_fm:-0} & 0xF000)) in
                  0:32768) { plumb_read "$1"; } 2>/dev/null 3< "./$2" || printf 'F\\t%s\\tother\\n' "$1" ;;
                  0:0|1:*) printf 'F\\t%s\\tabsent\\n' "$1" ;;
                  *) printf 'F\\t%s\\tother\\n' "$1" ;;
                esac
                shift 2
              done
            )
            plumb_read() {
              plumb_s=$(stat -L --printf '%d:%i %a\\t%U\\t%G\\t%s' /proc/self/fd/3) && [ "${plumb_s%% *}" = "$plumb_fi" ] \\
                || return 1
              plumb_s=${plumb_s#* }
              plumb_h=$(sha256sum < /proc/self/fd/3) || return 1
              printf 'F\\t%s\\tfile\\t%s\\t%s\\t' "$1" "$plumb_s" "${plumb_h%% *}"
              if [ "${plumb_s##*[!0-9]}" -le MAXBYTES ]; then base64 -w0 < /proc/self/fd/3; fi
              printf '\\n'
            }
            """.replace("MAXBYTES", Long.toString(MAX_DIFF_BYTES));

    private FileProbe() {}

    /**
     * A script fragment that reports every path in {@code paths}, identified by list index: one
     * {@code plumb_d} per directory, so each directory is walked once.
     */
    public static String script(List<String> paths) {
        if (paths.isEmpty()) {
            return "";
        }
        Map<String, StringBuilder> byDir = new LinkedHashMap<>();
        for (int i = 0; i < paths.size(); i++) {
            String path = paths.get(i);
            int slash = path.lastIndexOf('/');
            // A relative path (no '/') is refused by the walk: reported as other.
            byDir.computeIfAbsent(slash < 0 ? "." : path.substring(0, slash), d -> new StringBuilder())
                    .append(' ').append(i).append(' ').append(Shell.quote(path.substring(slash + 1)));
        }
        StringBuilder b = new StringBuilder(FUNCTIONS);
        byDir.forEach((dir, files) -> b.append("plumb_d ").append(Shell.quote(dir)).append(files).append('\n'));
        return b.toString();
    }

    /**
     * Each path's state from the lines of {@link #script}{@code (paths)}, by path; a path missing
     * from the output is absent.
     */
    public static Map<String, FileState> parse(List<String> lines, List<String> paths) {
        return ByName.zip(paths, parse(lines, paths.size()));
    }

    /** Parses the lines of {@link #script} output; indexes missing from the output are absent. */
    static List<FileState> parse(List<String> lines, int count) {
        Map<Integer, FileState> byIndex = new HashMap<>();
        for (String line : lines) {
            if (!line.startsWith(PREFIX)) {
                continue;
            }
            String[] f = line.split("\t", -1);
            int index = Integer.parseInt(f[1]);
            FileState state = switch (f[2]) {
                case "file" -> new FileState.Regular(
                        normalizeMode(f[3]), f[4], f[5], Long.parseLong(f[6]), f[7],
                        f.length > 8 && (!f[8].isEmpty() || Long.parseLong(f[6]) == 0)
                                ? Optional.of(Base64.getDecoder().decode(f[8]))
                                : Optional.empty());
                case "other" -> new FileState.Other();
                default -> new FileState.Absent();
            };
            byIndex.put(index, state);
        }
        return java.util.stream.IntStream.range(0, count)
                .mapToObj(i -> byIndex.getOrDefault(i, new FileState.Absent()))
                .toList();
    }

    /**
     * A fragment that lists the regular files directly in each of {@code dirs} (by list index),
     * each reached by {@link ShellLib#WALK}: none when the way is refused.
     */
    public static String listing(List<String> dirs) {
        StringBuilder b = new StringBuilder(dirs.isEmpty() ? "" : ShellLib.WALK);
        for (int i = 0; i < dirs.size(); i++) {
            b.append("printf 'D\\t%s\\t%s\\n' ").append(i).append(" \"$(plumb_walk ").append(Shell.quote(dirs.get(i)))
                    .append(" '' . && find . -mindepth 1 -maxdepth 1 -type f -printf '%f\\0' 2>/dev/null | base64 -w0)\"\n");
        }
        return b.toString();
    }

    /** The names {@link #listing}{@code (dirs)} found in each directory, by directory. */
    public static Map<String, List<String>> parseListing(List<String> lines, List<String> dirs) {
        return ByName.zip(dirs, parseListing(lines, dirs.size()));
    }

    /** The names {@link #listing} found in each directory, in the order given to it. */
    static List<List<String>> parseListing(List<String> lines, int count) {
        Map<Integer, List<String>> byIndex = new HashMap<>();
        for (String line : lines) {
            if (line.startsWith("D\t")) {
                String[] f = line.split("\t", -1);
                String names = new String(Base64.getDecoder().decode(f[2].strip()), StandardCharsets.UTF_8);
                byIndex.put(Integer.parseInt(f[1]), names.isEmpty() ? List.of()
                        : List.of(names.substring(0, names.length() - 1).split("\0", -1)));
            }
        }
        return java.util.stream.IntStream.range(0, count).mapToObj(i -> byIndex.getOrDefault(i, List.of())).toList();
    }

    /** {@code 600} → {@code 0600}; {@code 4755} stays. */
    public static String normalizeMode(String octal) {
        String m = octal.strip();
        return "0".repeat(Math.max(0, 4 - m.length())) + m;
    }

}
