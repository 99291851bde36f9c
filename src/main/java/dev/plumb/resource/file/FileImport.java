package dev.plumb.resource.file;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import dev.plumb.io.LocalFile;
import dev.plumb.resource.Imported;

/**
 * Pure: what {@link DirectoryProbe} found under the scopes of one host, as the value of a
 * {@code files:} key. Files come sorted by path, each {@code {path, owner, group, mode, env |
 * content}} with owner, group and mode only where they differ from {@link FileSpec}'s defaults;
 * a file whose text is exactly an {@code env:} rendering is written as {@code env:}. Secrets
 * ({@link SecretScan}) become references ({@link ImportSecrets}). Links, pipes and devices are
 * skipped with a note; a file that is not UTF-8 text, holds NUL, changed while it was read, or a
 * scope over the limits is a problem.
 */
final class FileImport {
    private final List<String> notes = new ArrayList<>();
    private final List<String> problems = new ArrayList<>();
    /** Scopes that do not exist on the host. */
    private final List<String> absent = new ArrayList<>();
    /** Regular files found, by path. */
    private final Map<String, FileState.Regular> files = new TreeMap<>();

    private FileImport() {}

    /** The value of {@code files:} for {@code scans}; {@code exclusive} writes the exclusive-directory form. */
    static Imported build(List<DirectoryProbe.Scan> scans, boolean exclusive) {
        FileImport in = new FileImport();
        scans.forEach(in::scan);
        ImportSecrets secrets = new ImportSecrets();
        List<Object> items = new ArrayList<>();
        in.files.forEach((path, r) -> in.item(path, r, secrets).ifPresent(items::add));
        if (exclusive) {
            in.files.keySet().stream().map(FileSpec::directoryOf).distinct()
                    .forEach(dir -> FileSpec.checkExclusiveDirectory(dir).ifPresent(in.problems::add));
        }
        if (in.files.isEmpty() && in.problems.isEmpty() && in.absent.isEmpty()) {
            in.notes.add("no regular file found under " + String.join(", ", scans.stream().map(s -> shown(s.scope())).toList()));
        }
        Object value = exclusive ? exclusive(items) : items;
        return new Imported(value, secrets.secrets(), in.notes, in.problems, in.absent);
    }

    private static Map<String, Object> exclusive(List<Object> items) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("exclusive", true);
        m.put("items", items);
        return m;
    }

    private void scan(DirectoryProbe.Scan scan) {
        String scope = scan.scope();
        if (scan instanceof DirectoryProbe.Scan.Refused r) {
            problems.add("cannot read " + shown(scope) + ": " + shown(r.why()));
        } else if (scan instanceof DirectoryProbe.Scan.Directory d) {
            directory(d);
        } else if (((DirectoryProbe.Scan.Single) scan).state() instanceof FileState.Regular r) {
            found(scope, r);
        } else if (((DirectoryProbe.Scan.Single) scan).state() instanceof FileState.Absent) {
            absent.add(scope);
        } else {
            problems.add(shown(scope) + " is neither a directory nor a regular file, or is reached through"
                    + " a symbolic link plumb does not follow");
        }
    }

    private void directory(DirectoryProbe.Scan.Directory d) {
        String scope = d.scope();
        if (d.count() > DirectoryProbe.MAX_FILES) {
            problems.add(shown(scope) + " holds more than " + DirectoryProbe.MAX_FILES
                    + " regular files; import its subdirectories one by one");
            return;
        }
        if (d.bytes() > DirectoryProbe.MAX_BYTES) {
            problems.add("the regular files under " + shown(scope) + " hold " + LocalFile.size(d.bytes())
                    + ", more than the " + LocalFile.size(DirectoryProbe.MAX_BYTES) + " an import writes into a playbook;"
                    + " import smaller directories or single files");
            return;
        }
        for (DirectoryProbe.Skipped s : d.skipped()) {
            String path = shown(scope + "/" + s.path());
            switch (s.type()) {
                case 'l' -> notes.add("skipped " + path + ": a symbolic link (plumb never follows links)");
                case 'f' -> problems.add(path + ": a file name holding a line break cannot be imported; rename it");
                case DirectoryProbe.NOT_UTF8 -> problems.add(path + ": a file name that is not UTF-8 cannot be imported;"
                        + " rename it");
                default -> notes.add("skipped " + path + ": not a regular file (" + type(s.type()) + ")");
            }
        }
        if (d.moreSkipped()) {
            notes.add("skipped more entries under " + shown(scope) + " that are not regular files");
        }
        d.files().forEach((relative, state) -> {
            String path = scope + "/" + relative;
            Optional<String> bad = FileSpec.checkPath(path);
            if (bad.isPresent()) {
                problems.add(shown(path) + ": " + bad.get());
            } else if (state instanceof FileState.Regular r) {
                found(path, r);
            } else {
                problems.add(LiveText.changed(path));
            }
        });
    }

    private void found(String path, FileState.Regular r) {
        files.putIfAbsent(path, r);
    }

    /** One file's entry; empty (with a problem) when it cannot be written as text. */
    private Optional<Object> item(String path, FileState.Regular r, ImportSecrets secrets) {
        LiveText live = LiveText.of(path, r);
        if (live instanceof LiveText.Refused refused) {
            problems.add(refused.reason());
            return Optional.empty();
        }
        String text = ((LiveText.Ok) live).text();
        for (String account : List.of(r.owner(), r.group())) {
            Optional<String> bad = FileSpec.checkAccount(account);
            if (bad.isPresent()) {
                problems.add(shown(path) + ": " + bad.get());
                return Optional.empty();
            }
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("path", ImportSecrets.literal(path));
        if (!r.owner().equals(FileSpec.DEFAULT_OWNER)) {
            m.put("owner", ImportSecrets.literal(r.owner()));
        }
        if (!r.group().equals(FileSpec.DEFAULT_OWNER)) {
            m.put("group", ImportSecrets.literal(r.group()));
        }
        if (!r.mode().equals(FileSpec.DEFAULT_MODE)) {
            m.put("mode", r.mode());
        }
        boolean whole = SecretScan.secretMode(r.mode());
        Optional<Map<String, String>> env = EnvText.parse(text);
        if (env.isPresent()) {
            Map<String, Object> vars = new LinkedHashMap<>();
            env.get().forEach((k, v) -> vars.put(k, secrets.write(path, v, SecretScan.envValue(k, v, whole))));
            m.put("env", vars);
        } else {
            m.put("content", secrets.write(path, text, whole ? SecretScan.whole(text) : SecretScan.content(text)));
        }
        return Optional.of(m);
    }

    private static String type(char findType) {
        return switch (findType) {
            case 'p' -> "a named pipe";
            case 's' -> "a socket";
            case 'c' -> "a character device";
            case 'b' -> "a block device";
            default -> "type " + findType;
        };
    }

    /** A path on one line: control characters escaped. */
    static String shown(String s) {
        StringBuilder b = new StringBuilder(s.length());
        s.codePoints().forEach(c -> {
            if (Character.isISOControl(c)) {
                b.append(String.format("\\x%02x", c));
            } else {
                b.appendCodePoint(c);
            }
        });
        return b.toString();
    }
}
