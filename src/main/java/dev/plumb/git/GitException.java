package dev.plumb.git;

import java.util.Objects;

/**
 * A git operation failed. {@link #getMessage()} is one line fit to show an operator as it is
 * (never a Java class name); {@link #kind()} says what went wrong, for callers that branch on it.
 * No JGit exception leaves this package other than as the cause of one of these.
 */
public final class GitException extends Exception {

    /** What went wrong. */
    public enum Kind {
        /** The path is not in, or is not, a git repository; or a bare one where a work tree is needed. */
        NOT_A_REPOSITORY,
        /** The revision names no commit: unknown, ambiguous, malformed, or not a commit. */
        UNKNOWN_REVISION,
        /** The revision lies beyond the history of a shallow clone. */
        SHALLOW,
        /** The path does not exist at the revision. */
        MISSING,
        /** The path exists but is not what was asked for: a directory, symbolic link or submodule. */
        NOT_A_FILE,
        /** The file is larger than the read limit. */
        TOO_LARGE,
        /** An argument is not acceptable: a path, ref name, record file name or remote. */
        INVALID,
        /** Other writers kept moving a record ref; nothing was written to it. */
        CONFLICT,
        /** A push failed or was rejected. */
        PUSH,
        /** The repository could not be read or written. */
        IO
    }

    private final Kind kind;

    GitException(Kind kind, String message, Throwable cause) {
        super(oneLine(message), cause);
        this.kind = Objects.requireNonNull(kind, "kind");
    }

    GitException(Kind kind, String message) {
        this(kind, message, null);
    }

    public Kind kind() {
        return kind;
    }

    /** {@code what: why}, where why is the cause's own message, or its class's simple name when it has none. */
    static GitException io(String what, Throwable cause) {
        return new GitException(Kind.IO, what + ": " + reason(cause), cause);
    }

    /** The cause's message on one line, without a leading exception class name. */
    static String reason(Throwable cause) {
        String m = cause.getMessage();
        if (m == null || m.isBlank()) {
            return cause.getClass().getSimpleName().replaceAll("(Exception|Error)$", "").toLowerCase();
        }
        return oneLine(m).replaceFirst("^([a-z]+\\.)+[A-Za-z]+(Exception|Error): ", "");
    }

    private static String oneLine(String s) {
        return s == null ? "" : s.strip().replaceAll("\\s*[\\r\\n]+\\s*", "; ");
    }
}
