package dev.plumb.resource.file;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.plumb.shell.Shell;

/**
 * The read-only fragment that finds and reads the regular files under directories for an import,
 * and its parser. Each scope is reached by {@code plumb_walk} as every path plumb reads; inside,
 * {@code find} (which never follows a link) lists the entries, and each regular file is then read
 * by {@link FileProbe}'s own {@code plumb_d}, so type, owner, mode, hash and content come from one
 * descriptor, exactly as a plan will read them. Names travel base64; a name holding a line break
 * is only listed, never read. Nothing is read when a scope holds more than {@link #MAX_FILES}
 * regular files or {@link #MAX_BYTES} bytes.
 *
 * <p>Per scope ({@code I <TAB> index <TAB> how}): {@code refused <TAB> base64-why}; {@code file}
 * (the scope names no directory) followed by {@code F} line 0 for the scope itself; or {@code dir},
 * then {@code S <TAB> base64 of "TYPE RELPATH\0"...} for what is skipped (links, pipes, devices,
 * names with a line break), {@code C <TAB> count bytes}, and for each file read
 * {@code N <TAB> k <TAB> base64-relpath} followed by {@code F} line k.
 */
final class DirectoryProbe {
    static final int MAX_FILES = 256;
    static final long MAX_BYTES = 512 * 1024;
    static final int MAX_SKIPPED = 50;

    private static final String FUNCTIONS = FileProbe.FUNCTIONS + """
            plumb_i() (
              plumb_sc=$1 plumb_ix=$2 plumb_rc=0
              plumb_walk "$plumb_sc" '' . || plumb_rc=$?
              case $plumb_rc in
                0) ;;
                1) printf 'I\\t%s\\tfile\\n' "$plumb_ix"; plumb_d "${plumb_sc%/*}" 0 "${plumb_sc##*/}"; exit 0 ;;
                *) printf 'I\\t%s\\trefused\\t%s\\n' "$plumb_ix" "$(printf %s "$plumb_why" | base64 -w0)"; exit 0 ;;
              esac
              printf 'I\\t%s\\tdir\\n' "$plumb_ix"
              plumb_nl=$(printf '\\nx'); plumb_nl=${plumb_nl%x}
              printf 'S\\t%s\\n' "$(find . -mindepth 1 -name '.plumb.*' -prune -o \\( -type f -path "*$plumb_nl*" \\
                -o ! -type f ! -type d \\) -printf '%y %P\\0' 2>/dev/null | head -z -n @SKIPPED@ | base64 -w0)"
              set -- $(find . -mindepth 1 -name '.plumb.*' -prune -o -type f ! -path "*$plumb_nl*" -printf '%s\\n' \\
                2>/dev/null | head -n @OVER@ | { plumb_c=0 plumb_t=0
                  while read -r plumb_s; do plumb_c=$((plumb_c + 1)) plumb_t=$((plumb_t + plumb_s)); done
                  echo "$plumb_c $plumb_t"; })
              printf 'C\\t%s\\t%s\\n' "$1" "$2"
              [ "$1" -le @FILES@ ] && [ "$2" -le @BYTES@ ] || exit 0
              find . -mindepth 1 -name '.plumb.*' -prune -o -type f ! -path "*$plumb_nl*" -printf '%P\\n' 2>/dev/null \\
                | head -n @FILES@ | { plumb_k=0
                  while IFS= read -r plumb_p; do
                    printf 'N\\t%s\\t%s\\n' "$plumb_k" "$(printf %s "$plumb_p" | base64 -w0)"
                    case $plumb_p in */*) plumb_dd=$plumb_sc/${plumb_p%/*} ;; *) plumb_dd=$plumb_sc ;; esac
                    plumb_d "$plumb_dd" "$plumb_k" "${plumb_p##*/}"
                    plumb_k=$((plumb_k + 1))
                  done; }
            )
            """.replace("@SKIPPED@", Integer.toString(MAX_SKIPPED + 1))
            .replace("@OVER@", Integer.toString(MAX_FILES + 1)).replace("@FILES@", Integer.toString(MAX_FILES))
            .replace("@BYTES@", Long.toString(MAX_BYTES));

    /** What one scope holds. */
    sealed interface Scan {
        String scope();

        /** The way to the scope was refused ({@code why} names the directory, never file content). */
        record Refused(String scope, String why) implements Scan {}

        /** The scope is not a directory: what is at its path. */
        record Single(String scope, FileState state) implements Scan {}

        /**
         * A directory: what was skipped ({@code type} as find's {@code %y}, relative path), whether
         * more was, how many regular files and bytes it holds, and those read, by relative path.
         */
        record Directory(String scope, List<Skipped> skipped, boolean moreSkipped, long count, long bytes,
                         Map<String, FileState> files) implements Scan {}
    }

    /** A skipped entry: {@code type} as find's {@code %y}, or {@link #NOT_UTF8} for a file whose name is not UTF-8. */
    record Skipped(char type, String path) {}

    static final char NOT_UTF8 = 'u';

    private DirectoryProbe() {}

    /** The fragment that reads every scope in {@code scopes} (absolute, normalised paths). */
    static String script(List<String> scopes) {
        StringBuilder b = new StringBuilder(FUNCTIONS);
        for (int i = 0; i < scopes.size(); i++) {
            b.append("plumb_i ").append(Shell.quote(scopes.get(i))).append(' ').append(i).append('\n');
        }
        return b.toString();
    }

    /** Each scope's findings from the lines of {@link #script}{@code (scopes)}; empty when a scope printed nothing. */
    static List<Optional<Scan>> parse(List<String> lines, List<String> scopes) {
        Map<Integer, List<String>> byScope = new LinkedHashMap<>();
        List<String> current = null;
        for (String line : lines) {
            if (line.startsWith("I\t")) {
                current = byScope.computeIfAbsent(Integer.parseInt(line.split("\t", -1)[1]), i -> new ArrayList<>());
            }
            if (current != null) {
                current.add(line);
            }
        }
        List<Optional<Scan>> out = new ArrayList<>();
        for (int i = 0; i < scopes.size(); i++) {
            List<String> own = byScope.get(i);
            out.add(own == null ? Optional.empty() : Optional.of(scan(scopes.get(i), own)));
        }
        return out;
    }

    private static Scan scan(String scope, List<String> lines) {
        String[] head = lines.get(0).split("\t", -1);
        switch (head[2]) {
            case "refused":
                return new Scan.Refused(scope, decode(head.length > 3 ? head[3] : ""));
            case "file":
                return new Scan.Single(scope, FileProbe.parse(lines, 1).get(0));
            default:
                break;
        }
        List<Skipped> skipped = new ArrayList<>();
        long count = 0;
        long bytes = 0;
        List<String> names = new ArrayList<>();
        for (String line : lines) {
            String[] f = line.split("\t", -1);
            switch (f[0]) {
                case "S" -> {
                    String all = decode(f[1]);
                    for (String entry : all.isEmpty() ? new String[0] : all.substring(0, all.length() - 1).split("\0", -1)) {
                        if (entry.length() > 2) {
                            skipped.add(new Skipped(entry.charAt(0), entry.substring(2)));
                        }
                    }
                }
                case "C" -> {
                    count = Long.parseLong(f[1].strip());
                    bytes = Long.parseLong(f[2].strip());
                }
                case "N" -> {
                    byte[] raw = Base64.getDecoder().decode(f[2].strip());
                    Optional<String> name = LiveText.utf8(raw);
                    names.add(name.orElse(null));
                    if (name.isEmpty()) {
                        skipped.add(new Skipped(NOT_UTF8, new String(raw, StandardCharsets.UTF_8)));
                    }
                }
                default -> { }
            }
        }
        List<FileState> states = FileProbe.parse(lines, names.size());
        Map<String, FileState> files = new LinkedHashMap<>();
        for (int k = 0; k < names.size(); k++) {
            if (names.get(k) != null) {
                files.put(names.get(k), states.get(k));
            }
        }
        boolean more = skipped.size() > MAX_SKIPPED;
        return new Scan.Directory(scope, more ? skipped.subList(0, MAX_SKIPPED) : skipped, more, count, bytes, files);
    }

    private static String decode(String b64) {
        return new String(Base64.getDecoder().decode(b64.strip()), StandardCharsets.UTF_8);
    }
}
