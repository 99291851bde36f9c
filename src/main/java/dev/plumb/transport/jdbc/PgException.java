package dev.plumb.transport.jdbc;

import java.util.Objects;

/**
 * A PostgreSQL server could not be reached, refused the login, or refused a statement.
 * {@link #getMessage()} is one line fit to show an operator; it never holds a password.
 */
public final class PgException extends Exception {

    /** How the failure is classified. */
    public enum Kind {
        /** The server refused the credentials (SQLSTATE 28P01 or 28000). */
        AUTH_FAILED,
        /** No session could be opened: refused, unreachable, timed out, shutting down (class 08, 57P). */
        CANNOT_CONNECT,
        /** Anything else: a statement failed, a fact could not be read. */
        OTHER
    }

    private final Kind kind;

    public PgException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = Objects.requireNonNull(kind, "kind");
    }

    public PgException(Kind kind, String message) {
        this(kind, message, null);
    }

    public Kind kind() {
        return kind;
    }
}
