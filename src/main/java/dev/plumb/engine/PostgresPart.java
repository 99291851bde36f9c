package dev.plumb.engine;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import dev.plumb.model.Redactor;
import dev.plumb.plan.Action;
import dev.plumb.plan.Change;
import dev.plumb.resource.postgres.MigrationSpec;
import dev.plumb.resource.postgres.PgWork;
import dev.plumb.resource.postgres.PostgresKind;
import dev.plumb.resource.postgres.PostgresServer;
import dev.plumb.resource.postgres.RoleSpec;
import dev.plumb.resource.postgres.migrations.JdbcTarget;
import dev.plumb.resource.postgres.migrations.Login;
import dev.plumb.resource.postgres.migrations.MigrationException;
import dev.plumb.resource.postgres.migrations.MigrationStatus;
import dev.plumb.resource.postgres.migrations.Migrations;
import dev.plumb.transport.jdbc.PgApplier;
import dev.plumb.transport.jdbc.PgException;
import dev.plumb.transport.jdbc.PgHost;
import dev.plumb.transport.jdbc.PgLock;
import dev.plumb.transport.ssh.SshSession;

/**
 * One host's PostgreSQL server for a run: its objects (roles, databases, grants, hba,
 * settings) and then its Flyway migrations, which run after everything they depend on.
 */
final class PostgresPart implements AutoCloseable {
    /** What the server needs, with the per-database migration status it was planned from. */
    record Planned(PgWork work, List<Migrating> migrations, List<Change> changes, List<String> errors,
                   List<String> notes) {
        boolean isEmpty() {
            return changes.isEmpty() && errors.isEmpty();
        }
    }

    /** One migrations resource, the login it runs as, and what its plan found. */
    record Migrating(MigrationSpec spec, Login login, MigrationStatus status, List<Change> changes) {}

    /** Threads for migration reads that run beside the catalog reads. */
    private static final ExecutorService READS = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "plumb-migrations");
        t.setDaemon(true);
        return t;
    });

    private final HostInput in;
    private final PgHost pg;

    private PostgresPart(HostInput in, PgHost pg) {
        this.in = in;
        this.pg = pg;
    }

    static PostgresPart open(HostInput in, SshSession ssh, PostgresServer server, Redactor redactor)
            throws PgException {
        return new PostgresPart(in, PgHost.open(in.host(), ssh, server, redactor));
    }

    /** Reads and plans; {@code drift} reports migration problems that do not block apply too. */
    Planned plan(boolean drift) throws PgException {
        List<RoleSpec> roles = in.postgres().stream().filter(RoleSpec.class::isInstance).map(RoleSpec.class::cast)
                .toList();
        List<String> errors = new ArrayList<>();
        // Flyway reads as the app role over its own session: start it now, beside the catalog
        // reads, and drop its answer if this run is about to create or change what it logs in with.
        Map<MigrationSpec, Login> logins = new LinkedHashMap<>();
        Map<MigrationSpec, CompletableFuture<MigrationStatus>> reads = new LinkedHashMap<>();
        for (MigrationSpec spec : in.migrations()) {
            try {
                Login login = Login.of(spec, in.server().orElseThrow(), roles);
                logins.put(spec, login);
                reads.put(spec, CompletableFuture.supplyAsync(() -> {
                    try {
                        return Migrations.read(spec, target(login));
                    } catch (MigrationException e) {
                        throw new CompletionException(e);
                    }
                }, READS));
            } catch (MigrationException e) {
                errors.add("migrations of " + spec.database() + ": " + e.getMessage());
            }
        }
        PgWork work = pg.plan(in.postgres());
        List<Change> changes = new ArrayList<>(work.changes());
        errors.addAll(0, work.errors());
        List<Migrating> migrating = new ArrayList<>();
        for (var entry : logins.entrySet()) {
            MigrationSpec spec = entry.getKey();
            Login login = entry.getValue();
            try {
                MigrationStatus status = touches(work, spec, login) ? Migrations.unapplied(spec) : join(reads.get(spec));
                List<Change> mc = drift ? Migrations.drift(spec, status) : Migrations.plan(spec, status);
                migrating.add(new Migrating(spec, login, status, mc));
                changes.addAll(mc);
                if (!drift) {
                    // Flyway would refuse these at apply time, after the other changes: refuse now.
                    status.blocking().forEach(p -> errors.add("migrations of " + spec.database() + ": "
                            + p.message() + " (plumb never repairs migrations; fix the folder or the database)"));
                }
            } catch (MigrationException e) {
                errors.add("migrations of " + spec.database() + ": " + e.getMessage());
            }
        }
        return new Planned(work, migrating, changes, errors, work.notes());
    }

    private static MigrationStatus join(CompletableFuture<MigrationStatus> read) throws MigrationException {
        try {
            return read.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof MigrationException m) {
                throw m;
            }
            throw e;
        }
    }

    /** Applies the server's steps, then runs pending migrations as their owners. */
    void apply(Planned planned, Progress progress) throws PgException, MigrationException {
        if (!planned.work().isEmpty()) {
            progress.update(in.host(), "postgres: applying");
            pg.apply(planned.work(), PgApplier.Listener.NONE);
        }
        for (Migrating m : planned.migrations()) {
            if (m.changes().stream().anyMatch(c -> c.action() == Action.CREATE)) {
                progress.update(in.host(), "postgres: migrating " + m.spec().database());
                Migrations.apply(m.spec(), target(m.login()));
            }
        }
    }

    /**
     * Takes the server's advisory lock for an apply. A server whose admin cannot log in yet (it is
     * about to be bootstrapped) has no lock to take: the host lock covers that first run.
     */
    Optional<PgLock> lock(String holder, Duration wait) throws PgException {
        try {
            return Optional.of(PgLock.acquire(pg.link(), holder, wait));
        } catch (PgException e) {
            if (e.kind() == PgException.Kind.AUTH_FAILED) {
                return Optional.empty();
            }
            throw e;
        }
    }

    int roundTrips() {
        return pg.roundTrips();
    }

    @Override
    public void close() {
        pg.close();
    }

    private JdbcTarget target(Login login) {
        var e = pg.link().endpoint();
        return login.at(e.host(), e.port(), Optional.of(pg.link().sslmode()));
    }

    /**
     * Whether this run creates or changes what a migration login needs (its database, its role
     * or that role's password, or the admin's password): then the migrations are planned as
     * all pending, without a login that cannot succeed yet.
     */
    private static boolean touches(PgWork work, MigrationSpec spec, Login login) {
        return work.changes().stream().anyMatch(c -> {
            String kind = c.address().kind();
            String name = c.address().name();
            if (kind.equals(PostgresKind.DATABASE.addressKind()) && name.equals(spec.database())) {
                return c.action() == Action.CREATE;
            }
            if (kind.equals(PostgresKind.ROLE.addressKind()) && name.equals(login.user())) {
                return c.action() == Action.CREATE || c.attrs().stream().anyMatch(a -> a.name().equals("password"));
            }
            return kind.equals("postgres/admin");
        });
    }
}
