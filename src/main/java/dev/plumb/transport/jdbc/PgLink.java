package dev.plumb.transport.jdbc;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import dev.plumb.model.Sensitive;
import dev.plumb.transport.ssh.Forward;
import dev.plumb.transport.ssh.SshSession;
import dev.plumb.transport.ssh.TransportException;

/**
 * The admin's sessions to one server: at most one per database, opened on first use and kept
 * for the run, all through one SSH local forward to the host's 127.0.0.1:5432 or straight to
 * the {@code direct} address. Counts the statements it sends (one round trip each).
 */
public final class PgLink implements AutoCloseable {
    /** Where the tunnel leads on the host. */
    public static final int PORT = 5432;

    private final PgServer server;
    private final Optional<Forward> forward;
    private final Endpoint endpoint;
    private final PgSecurity security;
    private final String where;
    private final boolean local;
    private final Map<String, Connection> sessions = new LinkedHashMap<>();
    private int roundTrips;

    private PgLink(PgServer server, Optional<Forward> forward, Endpoint endpoint, String where, boolean local) {
        this.server = server;
        this.forward = forward;
        this.endpoint = endpoint;
        this.security = server.security();
        this.where = where;
        this.local = local;
    }

    /** A server on the machine plumb runs on, at {@code endpoint}: for tests against a local cluster. */
    static PgLink onThisMachine(PgServer server, Endpoint endpoint) {
        return new PgLink(server, Optional.empty(), endpoint, endpoint + " on this machine", true);
    }

    /**
     * Through {@code session}'s host unless the server has a {@code direct} address; every session
     * is guarded as {@link PgServer#security()} says.
     */
    public static PgLink open(SshSession session, PgServer server) throws PgException {
        if (server.direct().isPresent()) {
            Endpoint e = server.direct().get();
            return new PgLink(server, Optional.empty(), e, e + " (direct)", false);
        }
        try {
            Forward f = Forward.open(session, "127.0.0.1", PORT);
            return new PgLink(server, Optional.of(f), new Endpoint("127.0.0.1", f.localPort()),
                    "127.0.0.1:" + PORT + " on " + session.target().name() + " through SSH", true);
        } catch (TransportException e) {
            throw new PgException(PgException.Kind.CANNOT_CONNECT, e.getMessage(), e);
        }
    }

    public PgServer server() {
        return server;
    }

    /** Where JDBC connects: the forward's loopback port, or the direct address. */
    public Endpoint endpoint() {
        return endpoint;
    }

    /** How JDBC sessions to this server guard the password: sslmode, certificates, cleartext. */
    public PgSecurity security() {
        return security;
    }

    /** Whether the server runs on the SSH host (no {@code direct} address). */
    public boolean local() {
        return local;
    }

    /** "PostgreSQL at 127.0.0.1:5432 on host1 through SSH": for messages. */
    public String describe() {
        return "PostgreSQL at " + where;
    }

    /** The admin's session to {@code database}, opened (and counted) on first use. */
    public Connection connection(String database) throws PgException {
        Connection c = sessions.get(database);
        try {
            if (c != null && !c.isClosed()) {
                return c;
            }
        } catch (SQLException e) {
            // treated as closed
        }
        roundTrips++;
        c = PgConnector.connect(endpoint, server.adminUser(), server.adminPassword(), database, security, where);
        sessions.put(database, c);
        return c;
    }

    /** A session of its own to {@code database} as the admin, not shared and not counted: the caller closes it. */
    public Connection newSession(String database) throws PgException {
        return PgConnector.connect(endpoint, server.adminUser(), server.adminPassword(), database, security, where);
    }

    /** The single text value of a one-row, one-column query, in one round trip. */
    public String queryText(String database, String sql) throws PgException {
        Connection c = connection(database);
        roundTrips++;
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            if (!rs.next()) {
                throw new PgException(PgException.Kind.OTHER, describe() + ": the query returned no row");
            }
            return rs.getString(1);
        } catch (SQLException e) {
            throw classify(e, database);
        }
    }

    /** Runs one statement in {@code database} (autocommit unless the caller changed it). */
    public void execute(String database, String sql) throws SQLException, PgException {
        Connection c = connection(database);
        roundTrips++;
        try (Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    /** Closes every session except the one to {@code keep}: a template or a database to drop must be unused. */
    public void closeOthers(String keep) {
        for (Iterator<Map.Entry<String, Connection>> it = sessions.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<String, Connection> e = it.next();
            if (!e.getKey().equals(keep)) {
                closeQuietly(e.getValue());
                it.remove();
            }
        }
    }

    /** Closes every session; the next use reconnects (after a restart or a bootstrap). */
    public void reset() {
        sessions.values().forEach(PgLink::closeQuietly);
        sessions.clear();
    }

    /** Sessions opened plus statements sent so far. */
    public int roundTrips() {
        return roundTrips;
    }

    public PgException classify(SQLException e, String database) {
        return PgConnector.classify(e, describe() + ", database " + database, server.adminPassword());
    }

    Sensitive<String> password() {
        return server.adminPassword();
    }

    @Override
    public void close() {
        reset();
        forward.ifPresent(Forward::close);
    }

    private static void closeQuietly(Connection c) {
        try {
            c.close();
        } catch (SQLException ignored) {
            // a broken session has nothing left to say
        }
    }
}
