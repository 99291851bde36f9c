package dev.plumb.transport.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The server lock: a session-level {@code pg_advisory_lock} held by a session of its own for the
 * whole apply, so two plumb runs never change one server at once, even from hosts that share a
 * managed server. The session's application_name says who holds it; a run that waits too long
 * names the holder. The lock ends with its session (a server restart ends it early; the host
 * lock still covers a server on its own host). The session says {@code SELECT 1} every
 * {@link #BEAT} and asks the server to end it after 15 idle seconds (PostgreSQL 14 and later),
 * so a run that dies or is cut off the network leaves no stale lock behind for long.
 */
public final class PgLock implements AutoCloseable {
    /** The two-int advisory key: "plum", "b", that is (1886156141, 98). */
    private static final int CLASS = 0x706c756d;
    private static final int OBJECT = 0x62;

    private static final Duration BEAT = Duration.ofSeconds(3);

    private static final ScheduledExecutorService BEATS = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "plumb-pg-heartbeat");
        t.setDaemon(true);
        return t;
    });

    private final Connection session;
    private final ScheduledFuture<?> beats;

    private PgLock(Connection session) {
        this.session = session;
        this.beats = BEATS.scheduleAtFixedRate(this::beat, BEAT.toMillis(), BEAT.toMillis(), TimeUnit.MILLISECONDS);
    }

    private synchronized void beat() {
        try (Statement st = session.createStatement()) {
            st.execute("SELECT 1");
        } catch (SQLException e) {
            beats.cancel(false); // the session, and with it the lock, is gone
        }
    }

    /** Takes the lock, waiting up to {@code wait}; {@code holder} describes this run. */
    public static PgLock acquire(PgLink link, String holder, Duration wait) throws PgException {
        Connection c = link.newSession(link.server().adminDatabase());
        try {
            try (PreparedStatement st = c.prepareStatement("SELECT set_config('application_name', ?, false)")) {
                st.setString(1, holder.length() > 60 ? holder.substring(0, 60) : holder);
                st.execute();
            }
            long deadline = System.nanoTime() + wait.toNanos();
            while (true) {
                try (Statement st = c.createStatement();
                     ResultSet rs = st.executeQuery("SELECT pg_try_advisory_lock(" + CLASS + ", " + OBJECT + ")")) {
                    rs.next();
                    if (rs.getBoolean(1)) {
                        endWhenIdle(c);
                        return new PgLock(c);
                    }
                }
                if (System.nanoTime() > deadline) {
                    String who = holder(c);
                    close(c);
                    throw new PgException(PgException.Kind.OTHER, link.describe()
                            + ": another plumb run holds the server lock after waiting " + wait.toSeconds() + " s: "
                            + who + " (--lock-timeout waits longer)");
                }
                Thread.sleep(250);
            }
        } catch (SQLException e) {
            close(c);
            throw link.classify(e, link.server().adminDatabase());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            close(c);
            throw new PgException(PgException.Kind.OTHER, link.describe() + ": interrupted waiting for the server lock");
        }
    }

    /** Asks the server to end the session after 15 idle seconds, where it knows how (14+). */
    private static void endWhenIdle(Connection c) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(
                "SELECT set_config('idle_session_timeout', '15s', false)"
                        + " FROM pg_catalog.pg_settings WHERE name = 'idle_session_timeout'")) {
            rs.next();
        }
    }

    private static String holder(Connection c) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("""
                SELECT a.application_name, coalesce(host(a.client_addr), 'local socket'), a.backend_start
                FROM pg_locks l JOIN pg_stat_activity a USING (pid)
                WHERE l.locktype = 'advisory' AND l.granted AND l.classid = %d AND l.objid = %d AND l.objsubid = 2
                """.formatted(CLASS, OBJECT))) {
            if (!rs.next()) {
                return "a session that has since ended";
            }
            return rs.getString(1) + " (connected from " + rs.getString(2) + " at " + rs.getTimestamp(3) + ")";
        }
    }

    @Override
    public synchronized void close() {
        beats.cancel(false);
        close(session);
    }

    private static void close(Connection c) {
        try {
            c.close();
        } catch (SQLException ignored) {
            // the session, and with it the lock, is gone
        }
    }
}
