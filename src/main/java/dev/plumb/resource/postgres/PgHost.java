package dev.plumb.resource.postgres;

import java.time.Duration;
import java.util.List;

import dev.plumb.transport.jdbc.PgException;
import dev.plumb.transport.jdbc.PgLink;
import dev.plumb.model.Redactor;
import dev.plumb.transport.ssh.ExecResult;
import dev.plumb.transport.ssh.SshSession;
import dev.plumb.transport.ssh.TransportException;

/**
 * One host's PostgreSQL server for a run: read facts, plan, apply, over one {@link PgLink}. When
 * the admin's password login is refused (a fresh Debian server knows only peer authentication)
 * and the server is on the SSH host and the SSH user can become root, the facts are read as
 * {@code postgres} over the local socket instead and the plan starts with setting the admin
 * password there; apply does that first, then logs in as usual.
 *
 * <pre>{@code
 * try (PgHost pg = PgHost.open("db1", session, server, redactor)) {
 *     PgWork work = pg.plan(resources);      // work.changes() for the plan, work.errors()
 *     pg.apply(work, PgApplier.Listener.NONE);
 *     PgWork after = pg.plan(resources);     // empty when everything stuck
 * }
 * }</pre>
 */
public final class PgHost implements AutoCloseable {
    private final String host;
    private final HostShell shell;
    private final PostgresServer server;
    private final Redactor redactor;
    private final PgLink link;
    private int shellRoundTrips;

    /** {@code shell} runs root scripts on the server's host; null when there is none (direct). */
    public PgHost(String host, HostShell shell, PostgresServer server, Redactor redactor, PgLink link) {
        this.host = host;
        this.shell = shell;
        this.server = server;
        this.redactor = redactor;
        this.link = link;
    }

    /** Opens the tunnel over {@code ssh} (or nothing, for a direct server); sessions open on first use. */
    public static PgHost open(String host, SshSession ssh, PostgresServer server, Redactor redactor)
            throws PgException {
        return new PgHost(host, HostShell.of(ssh), server, redactor, PgLink.open(ssh, server.connection()));
    }

    /** What the server holds now, as far as {@code resources} ask. */
    public ServerState facts(List<PostgresResource> resources) throws PgException {
        try {
            return CatalogReader.read(link, resources);
        } catch (PgException e) {
            if (e.kind() != PgException.Kind.AUTH_FAILED || !link.local() || shell == null) {
                throw redacted(e);
            }
            if (!shell.root()) {
                throw new PgException(e.kind(), redactor.redact(e.getMessage() + "; plumb sets the admin password"
                        + " over the local socket only as root (SSH user root, or become: sudo)"), e);
            }
            return CatalogReader.readLocal(counting(), server, resources, reason(e));
        }
    }

    /** Reads the facts and plans; {@link PgWork#errors()} says what cannot be done. */
    public PgWork plan(List<PostgresResource> resources) throws PgException {
        return PgPlanner.plan(host, server, resources, facts(resources), redactor);
    }

    /** Carries out {@code work}'s steps; nothing when it has errors. */
    public void apply(PgWork work, PgApplier.Listener listener) throws PgException {
        if (!work.errors().isEmpty()) {
            throw new PgException(PgException.Kind.OTHER, "not applied: " + String.join("; ", work.errors()));
        }
        try {
            PgApplier.apply(link, shell == null ? null : counting(), work.steps(), redactor, listener);
        } catch (PgException e) {
            throw redacted(e);
        }
    }

    /** The link every other PostgreSQL client of this host (Flyway) connects through. */
    public PgLink link() {
        return link;
    }

    /** Sessions, statements and SSH commands used for PostgreSQL so far. */
    public int roundTrips() {
        return link.roundTrips() + shellRoundTrips;
    }

    @Override
    public void close() {
        link.close();
    }

    private HostShell counting() {
        return new HostShell() {
            @Override
            public ExecResult run(String script, Duration timeout) throws TransportException {
                shellRoundTrips++;
                return shell.run(script, timeout);
            }

            @Override
            public String describe() {
                return shell.describe();
            }

            @Override
            public boolean root() {
                return shell.root();
            }
        };
    }

    /** "password authentication failed for user "postgres"": the server's words without the address. */
    private static String reason(PgException e) {
        String m = e.getMessage();
        int colon = m.lastIndexOf("): ");
        return colon >= 0 ? m.substring(colon + 3) : m;
    }

    private PgException redacted(PgException e) {
        return new PgException(e.kind(), redactor.redact(e.getMessage()), e);
    }
}
