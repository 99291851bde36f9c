package dev.plumb.resource.postgres;

import java.sql.SQLException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.plumb.transport.jdbc.PgException;
import dev.plumb.transport.jdbc.PgLink;
import dev.plumb.transport.ssh.ExecResult;
import dev.plumb.transport.ssh.TransportException;

/**
 * Reads {@link ServerState}: one query for the server, then one per database that the desired state
 * names (or, for a database about to be created, its template). Over JDBC as the admin, or, when
 * the admin cannot log in yet, with psql as {@code postgres} over the host's local socket
 * (one SSH round trip per query). Reading never changes anything.
 */
public final class CatalogReader {
    private static final Duration PSQL_TIMEOUT = Duration.ofSeconds(60);

    /** Runs a query that returns one row of one text column. */
    interface Source {
        String query(String database, String sql) throws PgException;
    }

    private CatalogReader() {
    }

    /** Over JDBC as the admin. A non-superuser admin gets facts without passwords, hba and file settings. */
    public static ServerState read(PgLink link, List<PostgresResource> resources) throws PgException {
        CatalogProbe.Request req = CatalogProbe.Request.of(resources);
        String admin = link.server().adminDatabase();
        String json;
        try {
            json = link.queryText(admin, CatalogProbe.server(req, true));
        } catch (PgException e) {
            if (!(e.getCause() instanceof SQLException s && "42501".equals(s.getSQLState()))) {
                throw e; // 42501: not a superuser, so no pg_authid, pg_hba.conf or file settings
            }
            json = link.queryText(admin, CatalogProbe.server(req, false));
        }
        String answer = json;
        ServerState server = parse(() -> CatalogProbe.parseServer(answer, req, link.local(), Optional.empty()));
        return withObjects(server, req, resources, link::queryText);
    }

    /**
     * With psql as {@code postgres} over {@code shell} (peer authentication), for a server whose
     * admin cannot log in with its password; {@code loginFailure} says why. The facts describe the
     * server as the admin will see it once bootstrapped: {@code currentUser} is the admin.
     */
    public static ServerState readLocal(HostShell shell, PostgresServer server, List<PostgresResource> resources,
                                    String loginFailure) throws PgException {
        CatalogProbe.Request req = CatalogProbe.Request.of(resources);
        Source psql = (database, sql) -> {
            try {
                ExecResult r = shell.run(Bootstrap.psql(database, sql), PSQL_TIMEOUT);
                if (!r.ok()) {
                    throw new PgException(PgException.Kind.OTHER, shell.describe()
                            + ": reading PostgreSQL facts as postgres over the local socket failed (exit "
                            + r.exitCode() + "): " + r.stderr().strip().lines().reduce((a, b) -> b).orElse(""));
                }
                return r.out().strip();
            } catch (TransportException e) {
                throw new PgException(PgException.Kind.CANNOT_CONNECT, e.getMessage(), e);
            }
        };
        String json = psql.query(server.adminDatabase(), CatalogProbe.server(req, true));
        ServerState read = parse(() -> CatalogProbe.parseServer(json, req, true, Optional.of(loginFailure)));
        boolean superuser = Optional.ofNullable(read.roles().get(server.adminUser()))
                .map(ServerState.Role::superuser).orElse(true); // the bootstrap creates a missing admin as a superuser
        ServerState asAdmin = new ServerState(read.serverVersion(), server.adminUser(), superuser, read.local(),
                read.adminLogin(), read.bootstrapSuperuser(), read.dataDirectory(), read.roles(), read.databases(),
                read.settings(), read.hba(), read.objects(), read.session());
        return withObjects(asAdmin, req, resources, psql);
    }

    private static ServerState withObjects(ServerState server, CatalogProbe.Request req, List<PostgresResource> resources,
                                       Source source) throws PgException {
        Map<String, ServerState.DatabaseObjects> objects = new LinkedHashMap<>();
        for (String db : req.toRead(resources, server.databases())) {
            String json = source.query(db, CatalogProbe.database(req, db));
            objects.put(db, parse(() -> CatalogProbe.parseDatabase(json)));
        }
        return server.withObjects(objects);
    }

    private interface Parse<T> {
        T get();
    }

    private static <T> T parse(Parse<T> p) throws PgException {
        try {
            return p.get();
        } catch (RuntimeException e) {
            throw new PgException(PgException.Kind.OTHER, "cannot read the catalog's answer: " + e.getMessage(), e);
        }
    }
}
