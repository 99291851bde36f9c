package dev.plumb.shell;

/** POSIX shell quoting for generated scripts. Any string becomes one inert shell word. */
public final class Shell {
    private Shell() {}

    /** Single-quotes {@code s}; embedded single quotes become {@code '\''}. Newlines stay literal. */
    public static String quote(String s) {
        if (s.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("NUL byte cannot be passed to a shell");
        }
        return "'" + s.replace("'", "'\\''") + "'";
    }
}
