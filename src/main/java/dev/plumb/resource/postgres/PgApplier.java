package dev.plumb.resource.postgres;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import dev.plumb.transport.jdbc.PgException;
import dev.plumb.transport.jdbc.PgLink;
import dev.plumb.model.Redactor;
import dev.plumb.transport.ssh.ExecResult;
import dev.plumb.transport.ssh.TransportException;

/**
 * Carries out {@link PgStep}s in order and stops at the first failure with a one-line
 * {@link PgException} naming the step. Consecutive in-transaction statements for one database
 * commit together or not at all; statements that cannot run in a transaction run alone, with
 * plumb's other sessions closed (a template being copied or a database being dropped must have
 * no sessions). Host steps (bootstrap, pg_hba.conf, restart) run as root on the host through a {@link HostShell}.
 * The reload after a pg_hba.conf write is proven by a new admin session: when the server refuses
 * it, the previous file is put back and loaded again, and the apply fails saying so.
 */
public final class PgApplier {
    private static final Duration SCRIPT_TIMEOUT = Duration.ofMinutes(2);
    private static final Duration RELOAD_WAIT = Duration.ofSeconds(10);
    private static final Duration START_WAIT = Duration.ofSeconds(60);

    /** Told about each step as it starts (for progress display). */
    public interface Listener {
        Listener NONE = step -> { };

        void starting(PgStep step);
    }

    private final PgLink link;
    private final HostShell shell;
    private final Redactor redactor;
    private final Listener listener;
    /** The pg_hba.conf written and not yet proven by a new session after a reload. */
    private PgStep.HbaWrite unproven;

    private PgApplier(PgLink link, HostShell shell, Redactor redactor, Listener listener) {
        this.link = link;
        this.shell = shell;
        this.redactor = redactor;
        this.listener = listener;
    }

    /** Runs {@code steps} in order; {@code shell} (null for a direct server) runs the host steps. */
    public static void apply(PgLink link, HostShell shell, List<PgStep> steps, Redactor redactor, Listener listener)
            throws PgException {
        new PgApplier(link, shell, redactor, listener).run(steps);
    }

    private void run(List<PgStep> steps) throws PgException {
        int i = 0;
        while (i < steps.size()) {
            PgStep step = steps.get(i);
            if (step instanceof PgStep.Sql sql && sql.inTransaction()) {
                List<PgStep.Sql> batch = new ArrayList<>();
                while (i < steps.size() && steps.get(i) instanceof PgStep.Sql s && s.inTransaction()
                        && s.database().equals(sql.database())) {
                    batch.add(s);
                    i++;
                }
                transaction(batch);
                continue;
            }
            listener.starting(step);
            if (step instanceof PgStep.Sql sql) {
                alone(sql);
            } else if (step instanceof PgStep.Bootstrap b) {
                script(b, Bootstrap.script(b.adminUser(), b.password()));
                link.reset();
            } else if (step instanceof PgStep.HbaWrite w) {
                hba(w);
            } else if (step instanceof PgStep.Reload) {
                reload();
                if (unproven != null) {
                    proveAdminLogin(unproven);
                    unproven = null;
                }
            } else if (step instanceof PgStep.Restart r) {
                link.reset();
                script(r, HostScripts.restart(r.dataDirectory()));
                awaitStart();
            }
            i++;
        }
    }

    private void transaction(List<PgStep.Sql> batch) throws PgException {
        String db = batch.get(0).database();
        Connection c = link.connection(db);
        PgStep.Sql current = batch.get(0);
        try {
            c.setAutoCommit(false);
            for (PgStep.Sql s : batch) {
                current = s;
                listener.starting(s);
                link.execute(db, s.statement().reveal());
            }
            c.commit();
        } catch (SQLException e) {
            rollback(c);
            throw failed(current, e);
        } finally {
            try {
                c.setAutoCommit(true);
            } catch (SQLException ignored) {
                // a broken session is reopened on next use
            }
        }
    }

    private void alone(PgStep.Sql s) throws PgException {
        link.closeOthers(s.database());
        try {
            link.execute(s.database(), s.statement().reveal());
        } catch (SQLException e) {
            throw failed(s, e);
        }
    }

    private PgException failed(PgStep.Sql s, SQLException e) {
        PgException why = link.classify(e, s.database());
        return new PgException(why.kind(), redactor.redact(why.getMessage() + " [in: " + s.display() + "]"), e);
    }

    private void hba(PgStep.HbaWrite w) throws PgException {
        script(w, HostScripts.hbaWrite(w.path(), w.expectedSha256(), w.content(), HostScripts.BACKUPS));
        String admin = link.server().adminDatabase();
        List<String> errors = new ArrayList<>();
        try (Statement st = link.connection(admin).createStatement();
             ResultSet rs = st.executeQuery("SELECT line_number, error FROM pg_catalog.pg_hba_file_rules"
                     + " WHERE error IS NOT NULL ORDER BY line_number")) {
            while (rs.next()) {
                errors.add("line " + rs.getInt(1) + ": " + rs.getString(2));
            }
        } catch (SQLException e) {
            script(w, HostScripts.hbaRestore(w.path(), HostScripts.BACKUPS));
            throw link.classify(e, admin);
        }
        if (!errors.isEmpty()) {
            script(w, HostScripts.hbaRestore(w.path(), HostScripts.BACKUPS));
            throw new PgException(PgException.Kind.OTHER, redactor.redact(w.path() + ": the server rejects the new file ("
                    + String.join("; ", errors) + "); the previous file is back in place and was never loaded"));
        }
        unproven = w;
    }

    /**
     * Logs in as the admin with a new session, as the next run will; if the server refuses it,
     * puts the file {@code w} replaced back, reloads, and fails saying whether the admin can log in again.
     */
    private void proveAdminLogin(PgStep.HbaWrite w) throws PgException {
        Optional<PgException> refused = newAdminSession();
        if (refused.isEmpty()) {
            return;
        }
        script(w, HostScripts.hbaRestore(w.path(), HostScripts.BACKUPS));
        reload();
        String now = newAdminSession().map(e -> "; even so a new session fails: " + e.getMessage())
                .orElse("; the admin can log in again");
        throw new PgException(PgException.Kind.OTHER, redactor.redact(w.path() + ": after the reload the server"
                + " refused a new admin session (" + refused.get().getMessage() + "), so plumb put the previous file"
                + " back and reloaded" + now));
    }

    /** Why a new admin session to the admin database fails, if it does. */
    private Optional<PgException> newAdminSession() {
        try (Connection c = link.newSession(link.server().adminDatabase())) {
            return Optional.empty();
        } catch (PgException e) {
            return Optional.of(e);
        } catch (SQLException e) {
            return Optional.empty(); // the session was open; only closing it failed
        }
    }

    private void reload() throws PgException {
        String admin = link.server().adminDatabase();
        try (Statement st = link.connection(admin).createStatement()) {
            String before = single(st, "SELECT pg_catalog.pg_conf_load_time()::text");
            single(st, "SELECT pg_catalog.pg_reload_conf()::text");
            // The session re-reads the files when it takes the server's signal: wait for that, so
            // that whatever reads next sees the new configuration.
            long deadline = System.nanoTime() + RELOAD_WAIT.toNanos();
            while (single(st, "SELECT pg_catalog.pg_conf_load_time()::text").equals(before)) {
                if (System.nanoTime() > deadline) {
                    throw new PgException(PgException.Kind.OTHER, link.describe() + ": the configuration reload was"
                            + " requested but not seen within " + RELOAD_WAIT.toSeconds() + " s");
                }
                pause(100);
            }
        } catch (SQLException e) {
            throw link.classify(e, admin);
        }
    }

    private static String single(Statement st, String sql) throws SQLException {
        try (ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    private void awaitStart() throws PgException {
        long deadline = System.nanoTime() + START_WAIT.toNanos();
        while (true) {
            try {
                link.connection(link.server().adminDatabase());
                return;
            } catch (PgException e) {
                if (e.kind() != PgException.Kind.CANNOT_CONNECT || System.nanoTime() > deadline) {
                    throw new PgException(e.kind(), "after the restart: " + e.getMessage(), e);
                }
                pause(200);
            }
        }
    }

    private void script(PgStep step, String script) throws PgException {
        if (shell == null || !link.local()) {
            throw new PgException(PgException.Kind.OTHER, "cannot " + step.describe()
                    + ": the server is not on the SSH host");
        }
        try {
            ExecResult r = shell.run(script, SCRIPT_TIMEOUT);
            if (!r.ok()) {
                String why = r.stderr().strip().lines().reduce((a, b) -> b).orElse("");
                throw new PgException(PgException.Kind.OTHER, redactor.redact(shell.describe() + ": "
                        + step.describe() + " failed (exit " + r.exitCode() + ")" + (why.isEmpty() ? "" : ": " + why)));
            }
        } catch (TransportException e) {
            throw new PgException(PgException.Kind.CANNOT_CONNECT, redactor.redact(e.getMessage()), e);
        }
    }

    private static void rollback(Connection c) {
        try {
            c.rollback();
        } catch (SQLException ignored) {
            // the transaction is gone either way
        }
    }

    private static void pause(long millis) throws PgException {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PgException(PgException.Kind.OTHER, "interrupted", e);
        }
    }
}
