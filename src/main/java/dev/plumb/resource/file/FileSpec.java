package dev.plumb.resource.file;

import dev.plumb.model.Valid;
import dev.plumb.model.Presence;
import dev.plumb.model.Resource;
import dev.plumb.model.ResourceAddress;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A regular file on a host: {@code HOST/file/PATH}. A present file has exactly one kind of
 * content; an absent one has none. {@code mode} is four octal digits ({@code "0644"}); owner and
 * group are user and group names (or numeric ids). {@code notifies} (YAML {@code notify}) lists full unit names
 * ({@code myapp.service}) to restart when the file changes. {@code exclusiveDirectory} (YAML
 * {@code files: {exclusive: true, items: [...]}}) says plumb owns every regular file directly in
 * the file's directory: the ones no declared file names are removed.
 */
public record FileSpec(String host, String path, Optional<FileContent> content, String owner, String group,
                       String mode, Presence state, List<String> notifies, boolean exclusiveDirectory)
        implements Resource {

    public static final String KIND = "file";
    public static final String DEFAULT_MODE = "0644";
    public static final String DEFAULT_OWNER = "root";

    private static final Pattern MODE = Pattern.compile("[0-7]{3,4}");
    /** Directories whose every subdirectory the system owns: {@code /usr/bin}, {@code /var/lib}, a home. */
    private static final Set<String> SYSTEM_PARENTS = Set.of("/usr", "/usr/local", "/var", "/home", "/lib", "/lib64");
    /** System directories deeper than the rule above reaches. */
    private static final Set<String> SYSTEM_DIRECTORIES = Set.of("/etc/systemd", "/etc/systemd/system",
            "/lib/systemd/system", "/usr/lib/systemd/system", "/etc/ssh", "/etc/ssl", "/etc/ssl/private",
            "/etc/ssl/certs", "/etc/pam.d", "/etc/security", "/etc/default", "/etc/apt", "/etc/init.d",
            "/etc/network", "/var/lib/plumb");
    private static final Pattern ACCOUNT = Pattern.compile("[^\\s:/\\x00]{1,32}");

    /** A file whose directory plumb does not own exclusively. */
    public FileSpec(String host, String path, Optional<FileContent> content, String owner, String group, String mode,
                    Presence state, List<String> notifies) {
        this(host, path, content, owner, group, mode, state, notifies, false);
    }

    /** The directory the file is in. */
    public String directory() {
        return directoryOf(path);
    }

    /** The directory {@code path} (absolute, normalised) is in. */
    public static String directoryOf(String path) {
        int slash = path.lastIndexOf('/');
        return slash <= 0 ? "/" : path.substring(0, slash);
    }

    public FileSpec {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(content, "content");
        Objects.requireNonNull(state, "state");
        Valid.require(checkPath(path));
        Valid.require(checkMode(mode));
        Valid.require(checkAccount(owner));
        Valid.require(checkAccount(group));
        if (exclusiveDirectory) {
            Valid.require(checkExclusiveDirectory(directoryOf(path)));
        }
        if ((state == Presence.PRESENT) != content.isPresent()) {
            throw new IllegalArgumentException("a present file needs content and an absent one has none: " + path);
        }
        mode = mode.length() == 3 ? "0" + mode : mode;
        notifies = List.copyOf(notifies);
    }

    @Override
    public ResourceAddress address() {
        return new ResourceAddress(host, KIND, path);
    }

    /** An absolute, normalised path: starts with '/', no '.', '..' or empty segments, no NUL. */
    public static Optional<String> checkPath(String path) {
        if (path == null || !path.startsWith("/")) {
            return Optional.of("file path must be absolute (start with '/')");
        }
        if (path.indexOf('\0') >= 0) {
            return Optional.of("file path cannot contain NUL");
        }
        if (path.equals("/") || path.endsWith("/")) {
            return Optional.of("file path must name a file, not end with '/'");
        }
        for (String segment : path.substring(1).split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                return Optional.of("file path must be normalised (no '//', '.' or '..' segments)");
            }
        }
        return Optional.empty();
    }

    /**
     * Whether plumb may own {@code directory} (an absolute, normalised path) exclusively,
     * removing every regular file in it that no declared file names. Refused: {@code /}, every
     * directory directly under it ({@code /etc}, {@code /usr}, {@code /var}, {@code /boot}...),
     * every directory directly under {@code /usr}, {@code /usr/local}, {@code /var},
     * {@code /home}, {@code /lib} ({@code /usr/bin}, {@code /var/lib}, a home), and a few
     * deeper ones that hold the system's own files ({@code /etc/ssh}, {@code /etc/systemd/system}).
     */
    public static Optional<String> checkExclusiveDirectory(String directory) {
        String parent = directoryOf(directory);
        boolean system = directory.equals("/") || parent.equals("/") || SYSTEM_PARENTS.contains(parent)
                || SYSTEM_DIRECTORIES.contains(directory);
        return system ? Optional.of("exclusive: true would make plumb remove every undeclared file in " + directory
                + ", a system directory") : Optional.empty();
    }

    /** Three or four octal digits, always read as octal ({@code 600} is {@code 0600}). */
    public static Optional<String> checkMode(String mode) {
        return mode != null && MODE.matcher(mode).matches() ? Optional.empty()
                : Optional.of("invalid mode '" + mode + "': expected 3 or 4 octal digits such as \"0644\"");
    }

    /** A user or group name or number: 1 to 32 characters, no whitespace, ':', '/' or NUL. */
    public static Optional<String> checkAccount(String name) {
        return name != null && ACCOUNT.matcher(name).matches() ? Optional.empty()
                : Optional.of("invalid user or group name '" + name + "'");
    }
}
