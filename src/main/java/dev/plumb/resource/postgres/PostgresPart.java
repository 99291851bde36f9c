package dev.plumb.resource.postgres;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import dev.plumb.model.Redactor;
import dev.plumb.model.ResourceAddress;
import dev.plumb.plan.Action;
import dev.plumb.plan.Change;
import dev.plumb.resource.postgres.migrations.JdbcTarget;
import dev.plumb.resource.postgres.migrations.Login;
import dev.plumb.resource.postgres.migrations.MigrationException;
import dev.plumb.resource.postgres.migrations.MigrationStatus;
import dev.plumb.resource.postgres.migrations.Migrations;
import dev.plumb.transport.jdbc.PgException;
import dev.plumb.transport.jdbc.PgLock;
import dev.plumb.transport.ssh.SshSession;

/**
 * One host's PostgreSQL server for a run: its objects (roles, databases, grants, hba,
 * settings) and then its Flyway migrations, which run after everything they depend on. Reads
 * the catalog and the migration history side by side.
 */
final class PostgresPart implements AutoCloseable {
    /** What the server needs, with the per-database migration status it was planned from. */
    /**
     * @param afterMigrations whether grants name objects that are missing now and that this plan's
     *                        migrations may create: the objects are then planned again after them
     */
    record Planned(PgWork work, List<Migrating> migrations, List<Change> changes, List<String> errors,
                   List<String> notes, boolean afterMigrations, Map<String, PgWork.About> about) {
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

    private final String host;
    private final PostgresServer server;
    private final List<PostgresResource> objects;
    private final List<MigrationSpec> migrations;
    private final PgHost pg;

    private PostgresPart(String host, PostgresServer server, List<PostgresResource> objects,
                         List<MigrationSpec> migrations, PgHost pg) {
        this.host = host;
        this.server = server;
        this.objects = List.copyOf(objects);
        this.migrations = List.copyOf(migrations);
        this.pg = pg;
    }

    /** {@code objects}: roles, databases, schemas, grants, hba and settings; migrations apart. */
    static PostgresPart open(String host, SshSession ssh, PostgresServer server, List<PostgresResource> objects,
                             List<MigrationSpec> migrations, Redactor redactor) throws PgException {
        return new PostgresPart(host, server, objects, migrations, PgHost.open(host, ssh, server, redactor));
    }

    /** Reads and plans; {@code drift} reports migration problems that do not block apply too. */
    Planned plan(boolean drift) throws PgException {
        List<RoleSpec> roles = objects.stream().filter(RoleSpec.class::isInstance).map(RoleSpec.class::cast)
                .toList();
        List<String> errors = new ArrayList<>();
        // Flyway reads as the app role over its own session: start it now, beside the catalog
        // reads, and drop its answer if this run is about to create or change what it logs in with.
        Map<MigrationSpec, Login> logins = new LinkedHashMap<>();
        Map<MigrationSpec, CompletableFuture<MigrationStatus>> reads = new LinkedHashMap<>();
        for (MigrationSpec spec : migrations) {
            try {
                Login login = Login.of(spec, server, roles);
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
        PgWork work = pg.plan(objects);
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
        List<String> notes = new ArrayList<>(work.notes());
        Set<String> pending = new HashSet<>();
        migrating.stream().filter(x -> x.changes().stream().anyMatch(c -> c.action() == Action.CREATE))
                .forEach(x -> pending.add(x.spec().database()));
        Map<String, PgWork.About> about = new LinkedHashMap<>(work.about());
        boolean after = missing(work.missing(), pending, errors, notes, about);
        return new Planned(work, migrating, changes, errors, notes, after, about);
    }

    /**
     * Objects grants name that are not there: a note when migrations of their database run in
     * this plan ({@code pending}), as they may create them; else an error, about its grant in
     * {@code about}. Whether any was a note.
     */
    static boolean missing(List<PgWork.Missing> missing, Set<String> pending, List<String> errors, List<String> notes,
                           Map<String, PgWork.About> about) {
        boolean after = false;
        for (PgWork.Missing m : missing) {
            if (pending.contains(m.database())) {
                notes.add(m.message() + "; checked again after the migrations of " + m.database()
                        + ", which may create it, and granted then");
                after = true;
            } else {
                String error = m.problem() + " (plumb grants only on what exists: create it, or correct or remove"
                        + " the grant)";
                errors.add(error);
                about.put(error, new PgWork.About(m.address(), error, Optional.empty()));
            }
        }
        return after;
    }

    /**
     * After the migrations: the objects planned again, and what is left, the grants on objects the
     * migrations created, applied. An object a grant names that is still missing fails the apply.
     */
    void afterMigrations() throws PgException {
        PgWork work = pg.plan(objects);
        List<String> problems = new ArrayList<>(work.errors().stream().map(e -> Optional.ofNullable(work.about().get(e))
                .map(a -> a.address().kind() + " " + a.address().name() + ": ").orElse("") + e).toList());
        work.missing().forEach(m -> problems.add(m.message() + ", even after the migrations of " + m.database()));
        if (!problems.isEmpty()) {
            throw new PgException(PgException.Kind.OTHER, "after the migrations: " + String.join("; ", problems));
        }
        if (!work.changes().isEmpty()) {
            pg.apply(work, PgApplier.Listener.NONE);
        }
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

    /** Carries out the server's steps (not its migrations). */
    void applyServer(Planned planned) throws PgException {
        if (!planned.work().isEmpty()) {
            pg.apply(planned.work(), PgApplier.Listener.NONE);
        }
    }

    /** Runs {@code m}'s pending migrations as their owner. */
    void migrate(Migrating m) throws MigrationException {
        Migrations.apply(m.spec(), target(m.login()));
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
        return login.at(e.host(), e.port(), pg.link().security());
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
