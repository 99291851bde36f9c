package dev.plumb.resource.postgres.migrations;

import java.sql.SQLException;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.plumb.model.Redactor;

/**
 * One-line messages from what JDBC and Flyway throw: Flyway's messages span many lines with
 * banners and links; the first line of the deepest {@link SQLException} and its SQLSTATE say it.
 */
final class Errors {
    private static final Pattern SCRIPT = Pattern.compile("^(?:Failed to execute script (\\S+)|Migration (\\S+) failed)");
    private static final Pattern LINE = Pattern.compile("(?m)^Line\\s*:\\s*(\\d+)");
    /** SQLSTATEs of connection exceptions, bad logins, a missing database, a server going away. */
    private static final List<String> CONNECT_STATES = List.of("08", "28", "3D000", "57P");

    private Errors() {}

    /** The deepest SQL exception among the causes of {@code t}, if any. */
    static Optional<SQLException> sql(Throwable t) {
        SQLException found = null;
        for (Throwable c = t; c != null && c != c.getCause(); c = c.getCause()) {
            if (c instanceof SQLException s) {
                found = s;
            }
        }
        return Optional.ofNullable(found);
    }

    /** Whether {@code t} is a failure to connect (or to log in), not to run SQL. */
    static boolean isConnect(Throwable t) {
        return sql(t).map(SQLException::getSQLState)
                .filter(Objects::nonNull)
                .map(s -> CONNECT_STATES.stream().anyMatch(s::startsWith))
                .orElse(false);
    }

    /** {@code FATAL: password authentication failed for user "app" (SQLSTATE 28P01)}. */
    static String sqlMessage(SQLException e) {
        String state = e.getSQLState() == null ? "" : " (SQLSTATE " + e.getSQLState() + ")";
        return firstLine(e.getMessage()) + state;
    }

    /** The first line of {@code t}'s message, and its SQL cause unless that line already says it. */
    static String describe(Throwable t) {
        if (t instanceof SQLException s) {
            return sqlMessage(s);
        }
        String first = firstLine(t.getMessage());
        return sql(t).map(s -> first.contains(firstLine(s.getMessage())) ? first : first + ": " + sqlMessage(s))
                .orElse(first);
    }

    /** For a failed migration script: {@code V2__x.sql failed at line 3: ERROR: ... (SQLSTATE 42P01)}. */
    static Optional<String> script(Throwable t) {
        Matcher m = SCRIPT.matcher(firstLine(t.getMessage()));
        if (!m.find()) {
            return Optional.empty();
        }
        Matcher line = LINE.matcher(t.getMessage());
        String at = line.find() ? " at line " + line.group(1) : "";
        String script = m.group(1) != null ? m.group(1) : m.group(2);
        return Optional.of(script + " failed" + at + sql(t).map(s -> ": " + sqlMessage(s)).orElse(""));
    }

    static String firstLine(String message) {
        if (message == null || message.isBlank()) {
            return "unknown error";
        }
        return message.strip().lines().findFirst().orElse("").strip();
    }

    /** The cause is not kept: its messages are multi-line and nothing vouches that they are redacted. */
    static MigrationException exception(String message, Redactor redactor) {
        return new MigrationException(redactor.redact(message));
    }
}
