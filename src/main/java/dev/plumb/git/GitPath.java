package dev.plumb.git;

import java.util.ArrayList;
import java.util.List;

/** Repository-relative paths as git spells them: {@code a/b.yml}, no leading slash, no dot components. */
final class GitPath {
    private GitPath() {
    }

    /**
     * {@code path} normalised: {@code ./a//b/} is {@code a/b}, and {@code ""} or {@code "."} the
     * repository root ({@code ""}). Absolute paths and {@code ..} components are refused.
     */
    static String normalize(String path) throws GitException {
        if (path == null) {
            throw new GitException(GitException.Kind.INVALID, "no path given");
        }
        if (path.startsWith("/")) {
            throw new GitException(GitException.Kind.INVALID,
                    "path '" + path + "' must be relative to the repository root");
        }
        if (path.indexOf('\0') >= 0) {
            throw new GitException(GitException.Kind.INVALID, "path contains a NUL character");
        }
        List<String> parts = new ArrayList<>();
        for (String part : path.split("/")) {
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                throw new GitException(GitException.Kind.INVALID,
                        "path '" + path + "' must not contain '..'");
            }
            parts.add(part);
        }
        return String.join("/", parts);
    }

    /** {@code path} itself, or {@code path} is inside the directory {@code dir} ({@code ""}: everything). */
    static boolean within(String path, String dir) {
        return dir.isEmpty() || path.equals(dir) || path.startsWith(dir + "/");
    }
}
