package dev.plumb.resource.postgres.migrations;

/**
 * Reading or applying migrations failed. The message is one line, names the database, says
 * what to do when that is known, and never holds a password.
 */
public final class MigrationException extends Exception {

    public MigrationException(String message) {
        super(message);
    }

    public MigrationException(String message, Throwable cause) {
        super(message, cause);
    }
}
