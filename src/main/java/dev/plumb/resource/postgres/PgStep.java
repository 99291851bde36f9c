package dev.plumb.resource.postgres;

import java.util.Objects;

import dev.plumb.model.Sensitive;
import dev.plumb.model.Text;

/**
 * One thing to do on a server, in the order the planner lists them. {@code toString()} never
 * shows a secret: passwords are {@link Sensitive} and statements that hold a verifier are
 * {@link Text.Secret} with a separate display text.
 */
public sealed interface PgStep
        permits PgStep.Bootstrap, PgStep.Sql, PgStep.HbaWrite, PgStep.Reload, PgStep.Restart {

    /** What the step does, for progress and error messages; never holds a secret. */
    String describe();

    /**
     * Sets the admin's password over the host's local socket as the {@code postgres} OS user
     * (peer authentication), for a server whose admin cannot log in with a password yet.
     */
    record Bootstrap(String adminUser, Sensitive<String> password) implements PgStep {
        public Bootstrap {
            Objects.requireNonNull(adminUser, "adminUser");
            Objects.requireNonNull(password, "password");
        }

        @Override
        public String describe() {
            return "set the password of " + adminUser + " over the local socket";
        }
    }

    /**
     * One statement, run in {@code database}. Consecutive statements for the same database with
     * {@code inTransaction} run in one transaction; the others (CREATE DATABASE, DROP DATABASE,
     * ALTER SYSTEM) run on their own, with none of plumb's other sessions open.
     *
     * @param display the statement as shown in messages, with any secret masked
     */
    record Sql(String database, Text statement, String display, boolean inTransaction) implements PgStep {
        public Sql {
            Objects.requireNonNull(database, "database");
            Objects.requireNonNull(statement, "statement");
            Objects.requireNonNull(display, "display");
        }

        public static Sql of(String database, String statement, boolean inTransaction) {
            return new Sql(database, Text.plain(statement), statement, inTransaction);
        }

        @Override
        public String describe() {
            return display;
        }
    }

    /**
     * Replaces pg_hba.conf at {@code path} with {@code content}, provided the file still hashes
     * to {@code expectedSha256}; keeps the old file if the server reports an error in the new one,
     * and puts it back when, after the reload that follows, the admin cannot open a new session.
     */
    record HbaWrite(String path, String expectedSha256, Text content) implements PgStep {
        public HbaWrite {
            Objects.requireNonNull(path, "path");
            Objects.requireNonNull(expectedSha256, "expectedSha256");
            Objects.requireNonNull(content, "content");
        }

        @Override
        public String describe() {
            return "write " + path;
        }
    }

    /** {@code SELECT pg_reload_conf()}, waiting until the server has reloaded. */
    record Reload() implements PgStep {
        @Override
        public String describe() {
            return "reload the server configuration";
        }
    }

    /** Restarts the server (its systemd unit, found from the postmaster's PID) and waits for it. */
    record Restart(String dataDirectory, String reason) implements PgStep {
        public Restart {
            Objects.requireNonNull(dataDirectory, "dataDirectory");
            Objects.requireNonNull(reason, "reason");
        }

        @Override
        public String describe() {
            return "restart the server (" + reason + ")";
        }
    }
}
