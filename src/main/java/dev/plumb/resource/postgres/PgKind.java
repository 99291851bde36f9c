package dev.plumb.resource.postgres;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import dev.plumb.config.KindReader;
import dev.plumb.config.PostgresKinds;
import dev.plumb.model.Diagnostic;
import dev.plumb.model.Redactor;
import dev.plumb.model.Resource;
import dev.plumb.model.ResourceAddress;
import dev.plumb.plan.Action;
import dev.plumb.resource.HostRun;
import dev.plumb.resource.Importer;
import dev.plumb.resource.Kind;
import dev.plumb.resource.KindException;
import dev.plumb.resource.Part;
import dev.plumb.resource.Phase;
import dev.plumb.resource.PlanContext;
import dev.plumb.resource.Planned;
import dev.plumb.resource.Step;
import dev.plumb.resource.postgres.migrations.MigrationException;
import dev.plumb.transport.jdbc.PgException;
import dev.plumb.transport.jdbc.PgLock;

/**
 * {@code postgres:}: one host's PostgreSQL server, its admin connection ({@link ServerSpec}) and
 * its objects (roles, databases, schemas, grants, hba, settings) and migrations. Probe: one
 * catalog query per server and one per database (not the host's shell). Steps: the server's
 * statements and files in {@link Phase#SERVER}, each database's migrations in
 * {@link Phase#MIGRATIONS}. An apply holds the server's advisory lock.
 */
public final class PgKind implements Kind {
    @Override
    public String key() {
        return "postgres";
    }

    @Override
    public KindReader reader() {
        return PostgresKinds::read;
    }

    @Override
    public boolean owns(Resource resource) {
        return resource instanceof PostgresResource || resource instanceof ServerSpec;
    }

    @Override
    public Optional<Importer> importer() {
        return Optional.of(new PgImporter());
    }

    @Override
    public Part open(HostRun run, List<Resource> resources) throws KindException {
        Optional<ServerSpec> server = resources.stream().filter(ServerSpec.class::isInstance)
                .map(ServerSpec.class::cast).findFirst();
        List<PostgresResource> objects = resources.stream().filter(PostgresResource.class::isInstance)
                .map(PostgresResource.class::cast).filter(r -> !(r instanceof MigrationSpec)).toList();
        List<MigrationSpec> migrations = resources.stream().filter(MigrationSpec.class::isInstance)
                .map(MigrationSpec.class::cast).toList();
        if (server.isEmpty() || objects.isEmpty() && migrations.isEmpty()) {
            return (probed, context) -> Planned.NONE; // the loader requires a connection for any object
        }
        try {
            return new PgPart(PostgresPart.open(run.host(), run.session(), server.get().server(), objects, migrations,
                    run.redactor()), run.redactor(), server.get().address());
        } catch (PgException e) {
            throw new KindException(Optional.of(server.get().address()), run.redactor().redact(e.getMessage()), e);
        }
    }

    /** One server for a run. */
    private static final class PgPart implements Part {
        private final PostgresPart pg;
        private final Redactor redactor;
        private final ResourceAddress server;
        private Optional<PgLock> lock = Optional.empty();

        PgPart(PostgresPart pg, Redactor redactor, ResourceAddress server) {
            this.pg = pg;
            this.redactor = redactor;
            this.server = server;
        }

        @Override
        public Planned plan(List<String> probed, PlanContext context) throws KindException {
            PostgresPart.Planned p;
            try {
                p = pg.plan(context.drift());
            } catch (PgException e) {
                throw failed(e);
            }
            List<Step> steps = new ArrayList<>();
            if (!p.work().isEmpty()) {
                steps.add(new Step.Call(Phase.SERVER, Optional.of(server), "postgres: applying", () -> {
                    try {
                        pg.applyServer(p);
                    } catch (PgException e) {
                        throw failed(e);
                    }
                }));
            }
            for (PostgresPart.Migrating m : p.migrations()) {
                if (m.changes().stream().anyMatch(c -> c.action() == Action.CREATE)) {
                    ResourceAddress at = m.spec().address();
                    steps.add(new Step.Call(Phase.MIGRATIONS, Optional.of(at), "postgres: migrating "
                            + m.spec().database(), () -> {
                        try {
                            pg.migrate(m);
                        } catch (MigrationException e) {
                            throw new KindException(Optional.of(at), redactor.redact(e.getMessage()), e);
                        }
                    }));
                }
            }
            if (p.afterMigrations()) {
                steps.add(new Step.Call(Phase.MIGRATIONS, Optional.of(server), "postgres: granting on what the"
                        + " migrations created", () -> {
                    try {
                        pg.afterMigrations();
                    } catch (PgException e) {
                        throw failed(e);
                    }
                }));
            }
            List<Diagnostic> problems = p.errors().stream().map(e -> {
                Diagnostic d = Diagnostic.onHost(context.host(), e);
                PgWork.About about = p.about().get(e);
                return about == null ? d : d.withMessage(about.message()).withAddress(Optional.of(about.address()))
                        .withHint(about.hint());
            }).toList();
            return new Planned(p.changes(), steps, problems, p.notes());
        }

        @Override
        public void hold(String holder, Duration wait) throws KindException {
            try {
                lock = pg.lock(holder, wait);
            } catch (PgException e) {
                throw failed(e);
            }
        }

        @Override
        public int roundTrips() {
            return pg.roundTrips();
        }

        @Override
        public void close() {
            lock.ifPresent(PgLock::close);
            pg.close();
        }

        private KindException failed(PgException e) {
            return new KindException(Optional.of(server), redactor.redact(e.getMessage()), e);
        }
    }
}
