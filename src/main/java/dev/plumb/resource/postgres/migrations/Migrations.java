package dev.plumb.resource.postgres.migrations;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import dev.plumb.model.Redactor;
import dev.plumb.model.ResourceAddress;
import dev.plumb.plan.Action;
import dev.plumb.plan.Attr;
import dev.plumb.plan.Change;
import dev.plumb.resource.postgres.MigrationSpec;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;

/**
 * The {@code migrations} resource: read a database's schema history against the folder, plan and
 * report drift from what was read (pure), and apply with Flyway's {@code migrate}. Never repairs,
 * cleans or undoes. All changes carry the spec's address, {@code HOST/postgres/migrations/DB}.
 *
 * <p>Run migrations after the roles, database, schemas and grants of their database, and as the
 * role that is to own what they create ({@link Login#of}).
 */
public final class Migrations {
    private Migrations() {}

    /**
     * Reads over one read-only connection to {@code spec.database()} at {@code target}, closed
     * before returning. A database that does not exist (SQLSTATE 3D000) reads as {@link #unapplied}.
     */
    public static MigrationStatus read(MigrationSpec spec, JdbcTarget target) throws MigrationException {
        List<Migration> files = MigrationFiles.scan(spec.location());
        Redactor redactor = redactor(target);
        Connection connection;
        try {
            connection = DataSources.open(target, spec.database(), true);
        } catch (SQLException e) {
            if ("3D000".equals(e.getSQLState())) {
                return MigrationStatus.absent(files);
            }
            throw Errors.exception(cannotConnect(spec, target) + Errors.sqlMessage(e), redactor);
        }
        try (connection) {
            return read(spec, connection, redactor);
        } catch (SQLException e) {
            throw Errors.exception(prefix(spec) + Errors.sqlMessage(e), redactor);
        }
    }

    /**
     * Reads over a connection the caller holds to {@code spec.database()}, in autocommit mode with
     * no transaction open; it is left open. As whom it is logged in matters only when
     * {@code spec.schemas()} is empty: the history table is then in that user's current schema.
     */
    public static MigrationStatus read(MigrationSpec spec, Connection connection) throws MigrationException {
        MigrationFiles.scan(spec.location());
        try {
            return read(spec, connection, Redactor.NONE);
        } catch (SQLException e) {
            throw new MigrationException(prefix(spec) + Errors.sqlMessage(e));
        }
    }

    /** Without connecting, for a database this run creates: every migration in the folder is pending. */
    public static MigrationStatus unapplied(MigrationSpec spec) throws MigrationException {
        return MigrationStatus.absent(MigrationFiles.scan(spec.location()));
    }

    /**
     * What apply will do: a baseline to adopt an existing schema, the pending migrations in
     * order, and any problem that will make {@code migrate} refuse (apply then fails).
     */
    public static List<Change> plan(MigrationSpec spec, MigrationStatus status) {
        List<Change> changes = pendingChanges(spec, status, Optional.empty());
        status.blocking().forEach(p -> changes.add(problem(spec, p)));
        return changes;
    }

    /** Where the database differs from the folder: pending migrations and every {@link Problem}. */
    public static List<Change> drift(MigrationSpec spec, MigrationStatus status) {
        List<Change> changes = pendingChanges(spec, status, Optional.of("not applied"));
        status.problems().forEach(p -> changes.add(problem(spec, p)));
        return changes;
    }

    /**
     * Runs {@code migrate} as {@code target}'s user, so that user owns what the migrations create.
     * Flyway opens its own connections (two). A failure names the script, the line and the
     * server's message; a refusal (validation) says which migration is at fault and what to do.
     */
    public static MigrateResult apply(MigrationSpec spec, JdbcTarget target) throws MigrationException {
        MigrationFiles.scan(spec.location());
        Redactor redactor = redactor(target);
        Flyway flyway = FlywayRunner.flyway(spec, DataSources.connecting(target, spec.database()));
        try {
            return FlywayRunner.migrate(flyway, spec.location());
        } catch (FlywayException e) {
            Optional<String> script = Errors.script(e);
            if (script.isPresent()) {
                throw Errors.exception(prefix(spec) + script.get(), redactor);
            }
            if (Errors.isConnect(e)) {
                throw Errors.exception(cannotConnect(spec, target) + Errors.sqlMessage(Errors.sql(e).orElseThrow()),
                        redactor);
            }
            List<Problem> blocking = List.of();
            try {
                blocking = read(spec, target).blocking();
            } catch (MigrationException unexplained) {
                // report Flyway's own words below
            }
            if (!blocking.isEmpty()) {
                throw Errors.exception(prefix(spec) + "refusing to migrate: "
                        + String.join("; ", blocking.stream().map(Problem::message).toList()), redactor);
            }
            throw Errors.exception(prefix(spec) + Errors.describe(e), redactor);
        }
    }

    /** The folder was scanned first: its naming errors are reported before Flyway's. */
    private static MigrationStatus read(MigrationSpec spec, Connection connection, Redactor redactor)
            throws MigrationException, SQLException {
        SchemaFacts facts = SchemaFacts.read(connection, spec.schemas(), spec.table());
        List<Entry> entries;
        try {
            entries = FlywayRunner.info(FlywayRunner.flyway(spec, DataSources.lending(connection)));
        } catch (FlywayException e) {
            throw Errors.exception(prefix(spec) + Errors.describe(e), redactor);
        }
        return Classifier.classify(entries, facts, spec.baselineVersion(), spec.table());
    }

    private static List<Change> pendingChanges(MigrationSpec spec, MigrationStatus status, Optional<String> reason) {
        ResourceAddress address = spec.address();
        List<Change> changes = new ArrayList<>();
        status.baselineAt().ifPresent(v -> changes.add(Change.of(address, Action.CREATE, List.of(
                        Attr.set("baseline", v)))
                .withReason("adopts the existing schema: migrations up to " + v + " are recorded as applied, not run")));
        for (Migration m : status.pending()) {
            Change c = Change.of(address, Action.CREATE, m.attrs());
            changes.add(reason.map(c::withReason).orElse(c));
        }
        return changes;
    }

    private static Change problem(MigrationSpec spec, Problem p) {
        List<Attr> attrs = new ArrayList<>();
        p.migration().ifPresent(m -> attrs.add(Attr.set("script", m.script())));
        attrs.add(Attr.set("problem", switch (p.kind()) {
            case EDITED -> "edited after it was applied";
            case FAILED -> "failed";
            case MISSING -> "applied, file missing";
            case FUTURE -> "applied by a newer version of the app";
            case SKIPPED -> "never applied, older than the current version";
            case UNMANAGED_SCHEMA -> "existing schema without history";
        }));
        return Change.of(spec.address(), Action.UPDATE, attrs).withReason(p.message());
    }

    private static String prefix(MigrationSpec spec) {
        return "migrations of " + spec.database() + ": ";
    }

    private static String cannotConnect(MigrationSpec spec, JdbcTarget target) {
        return prefix(spec) + "cannot connect as " + target.user() + " to " + target.host() + ":" + target.port() + ": ";
    }

    private static Redactor redactor(JdbcTarget target) {
        return Redactor.of(List.of(target.password().reveal()));
    }
}
