package dev.plumb.check;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;

import dev.plumb.engine.Probes;
import dev.plumb.engine.Progress;
import dev.plumb.model.Redactor;
import dev.plumb.resource.postgres.MigrationSpec;
import dev.plumb.resource.postgres.ServerFacts;
import dev.plumb.resource.postgres.migrations.Migration;
import dev.plumb.resource.postgres.migrations.MigrationException;
import dev.plumb.resource.postgres.migrations.MigrationStatus;
import dev.plumb.transport.jdbc.PgException;
import dev.plumb.transport.ssh.SshSession;
import dev.plumb.transport.ssh.SshTarget;
import dev.plumb.transport.ssh.TransportException;

/**
 * Runs every host's checks, read-only, at most {@code forks} hosts at a time: one SSH session per
 * host, all of a host's check fragments in one round trip (side by side), migration status over
 * SQL through that session's forward; then, for failures whose error names a database cause, one
 * round trip on each server involved (its catalog as {@code postgres}, its listeners), reusing its
 * session when it was checked too. Every message passes the redactor.
 */
public final class Verifier {
    private static final Duration ROUND = Duration.ofSeconds(120);

    /** One host's checks and how to reach it. */
    public record HostChecks(String host, SshTarget target, List<Check> checks) {
        public HostChecks {
            checks = List.copyOf(checks);
        }
    }

    private final Redactor redactor;
    private final int forks;
    private final Progress progress;
    private final Function<String, Optional<SshTarget>> targets;
    private final Map<String, SshSession> sessions = new ConcurrentHashMap<>();

    /** {@code targets}: how to reach an inventory host that is not checked itself (a database server). */
    public Verifier(Redactor redactor, int forks, Progress progress, Function<String, Optional<SshTarget>> targets) {
        this.redactor = redactor;
        this.forks = Math.max(1, forks);
        this.progress = progress;
        this.targets = targets;
    }

    /** A host's evaluated checks, before database causes are explained. */
    private record Checked(HostChecks in, List<Evaluated> results, String from, Optional<String> error) {}

    public Verification run(List<HostChecks> hosts) {
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(forks, Math.max(1, hosts.size())), r -> {
            Thread t = new Thread(r, "plumb-verify");
            t.setDaemon(true);
            return t;
        });
        try {
            hosts.forEach(h -> sessions.computeIfAbsent(h.host(), k -> null));
            List<CompletableFuture<Checked>> started = hosts.stream()
                    .map(h -> CompletableFuture.supplyAsync(() -> check(h), pool)).toList();
            List<Checked> checked = started.stream().map(CompletableFuture::join).toList();
            Map<String, Optional<ServerFacts>> facts = new ConcurrentHashMap<>();
            Map<String, String> why = new ConcurrentHashMap<>();
            serverFacts(checked, facts, why, pool);
            List<HostResult> out = new ArrayList<>();
            for (Checked c : checked) {
                out.add(result(c, facts, why));
            }
            return new Verification(out);
        } finally {
            pool.shutdownNow();
            sessions.values().forEach(SshSession::close);
            progress.finish();
        }
    }

    private synchronized SshSession session(String host, SshTarget target) throws TransportException {
        SshSession s = sessions.get(host);
        if (s == null) {
            s = SshSession.open(target);
            sessions.put(host, s);
        }
        return s;
    }

    private Checked check(HostChecks h) {
        if (h.checks().isEmpty()) {
            progress.update(h.host(), "no checks");
            return new Checked(h, List.of(), "", Optional.empty());
        }
        progress.update(h.host(), "connecting");
        try {
            SshSession s = session(h.host(), h.target());
            progress.update(h.host(), "checking");
            String nonce = UUID.randomUUID().toString();
            List<String> fragments = h.checks().stream().map(c -> Scripts.fragment(c, nonce)).toList();
            List<List<String>> lines = Probes.runParallel(s, h.host(), fragments, ROUND);
            List<Evaluated> results = new ArrayList<>();
            String from = "";
            for (int i = 0; i < h.checks().size(); i++) {
                Check c = h.checks().get(i);
                Facts f = Facts.of(lines.get(i));
                if (c instanceof Check.MigrationsApplied m) {
                    results.add(migrations(m));
                } else {
                    results.add(Evaluator.evaluate(c, f));
                }
                if (c instanceof Check.PostgresLogin) {
                    from = f.get("from", from);
                }
            }
            long failed = results.stream().filter(r -> !r.ok()).count();
            progress.update(h.host(), failed == 0 ? "all " + results.size() + " passed" : failed + " failed");
            return new Checked(h, results, from, Optional.empty());
        } catch (TransportException e) {
            progress.update(h.host(), "failed");
            return new Checked(h, List.of(), "", Optional.of(redactor.redact(e.getMessage())));
        }
    }

    private Evaluated migrations(Check.MigrationsApplied m) {
        long t0 = System.nanoTime();
        List<String> wrong = new ArrayList<>();
        List<String> detail = new ArrayList<>();
        try {
            for (MigrationSpec spec : m.specs()) {
                MigrationStatus st = status(m.server(), spec);
                if (!st.databaseExists()) {
                    wrong.add(spec.database() + " does not exist");
                    continue;
                }
                if (!st.pending().isEmpty()) {
                    wrong.add(spec.database() + ": " + st.pending().size() + " pending ("
                            + String.join(", ", st.pending().stream().map(Migration::script).toList()) + ")");
                }
                st.problems().stream().filter(p -> p.blocksMigrate()).forEach(p -> {
                    wrong.add(spec.database() + ": " + p.message());
                });
                st.problems().stream().filter(p -> !p.blocksMigrate()).forEach(p -> detail.add("note: " + p.message()));
            }
        } catch (TransportException | PgException | MigrationException e) {
            long ms = (System.nanoTime() - t0) / 1_000_000;
            return Evaluated.fail(ms, "cannot read the migration history: " + e.getMessage(), new Diagnosis(
                    "the history cannot be read", "plumb plan says more", List.of()), e.getMessage());
        }
        long ms = (System.nanoTime() - t0) / 1_000_000;
        if (wrong.isEmpty()) {
            return Evaluated.pass(ms, "every migration applied, none failed or edited");
        }
        return Evaluated.fail(ms, String.join("; ", wrong), new Diagnosis("the database is not at the folder's"
                + " version", "plumb apply runs pending migrations; a failed or edited one needs a fix by hand"
                + " (plumb never repairs them)", detail), "");
    }

    private MigrationStatus status(ServerSide server, MigrationSpec spec)
            throws TransportException, PgException, MigrationException {
        SshTarget target = targets.apply(server.host()).orElseThrow(() -> new TransportException(server.host(),
                server.host() + " is not in the inventory"));
        if (server.admin().isEmpty()) {
            throw new MigrationException(server.host() + " declares no postgres admin: connection");
        }
        return ServerFacts.migrations(server.host(), session(server.host(), target), server.admin().get(),
                server.roles(), spec, redactor);
    }

    /** The facts of every server a failure points at: one round trip per server. */
    private void serverFacts(List<Checked> checked, Map<String, Optional<ServerFacts>> facts, Map<String, String> why,
                             ExecutorService pool) {
        Map<String, Dsn> wanted = new LinkedHashMap<>();
        for (Checked c : checked) {
            for (int i = 0; i < c.results().size(); i++) {
                Evaluated e = c.results().get(i);
                Optional<Database> db = c.in().checks().get(i).database();
                if (!e.ok() && db.flatMap(Database::server).isPresent() && DbCauses.find(e.evidence()).isPresent()) {
                    wanted.putIfAbsent(key(db.get()), db.get().dsn());
                }
            }
        }
        Map<String, ServerSide> servers = new LinkedHashMap<>();
        checked.forEach(c -> c.in().checks().forEach(ch -> ch.database().flatMap(Database::server)
                .ifPresent(s -> servers.putIfAbsent(s.host(), s))));
        List<CompletableFuture<Void>> runs = new ArrayList<>();
        for (var e : wanted.entrySet()) {
            String server = e.getKey().substring(0, e.getKey().indexOf('\0'));
            Dsn d = e.getValue();
            runs.add(CompletableFuture.runAsync(() -> {
                progress.update(server, "diagnosing " + d.describe());
                try {
                    SshTarget t = targets.apply(server).orElseThrow(() -> new TransportException(server,
                            server + " is not in the inventory"));
                    var r = session(server, t).run(ServerFacts.script(d.user(), d.database(), d.port()), ROUND);
                    StringBuilder w = new StringBuilder();
                    Optional<ServerFacts> f = ServerFacts.parse(r.out().lines().toList(), w);
                    facts.put(e.getKey(), f);
                    why.put(e.getKey(), redactor.redact(w.toString()));
                } catch (TransportException x) {
                    facts.put(e.getKey(), Optional.empty());
                    why.put(e.getKey(), redactor.redact(x.getMessage()));
                }
            }, pool));
        }
        runs.forEach(CompletableFuture::join);
    }

    private static String key(Database db) {
        return db.server().map(ServerSide::host).orElse("") + "\0" + db.dsn().describe();
    }

    private HostResult result(Checked c, Map<String, Optional<ServerFacts>> facts, Map<String, String> why) {
        if (c.error().isPresent()) {
            return new HostResult(c.in().host(), List.of(), c.error());
        }
        List<CheckResult> out = new ArrayList<>();
        for (int i = 0; i < c.results().size(); i++) {
            Check check = c.in().checks().get(i);
            Evaluated e = c.results().get(i);
            Optional<Diagnosis> d = e.diagnosis();
            Optional<DbCauses.Found> found = e.ok() ? Optional.empty() : DbCauses.find(e.evidence());
            // Errors an active unit logged earlier may be fixed by now: shown as they are, not explained.
            boolean stale = check instanceof Check.UnitHealthy && e.message().startsWith("its journal");
            if (found.isPresent() && check.database().isPresent() && !stale) {
                Database db = check.database().get();
                Optional<MigrationStatus> status = Optional.empty();
                if (DbCauses.needsMigrations(found.get())) {
                    status = db.server().flatMap(s -> s.migrations().stream()
                            .filter(m -> m.database().equals(db.dsn().database())).findFirst().flatMap(m -> {
                                try {
                                    return Optional.of(status(s, m));
                                } catch (TransportException | PgException | MigrationException x) {
                                    return Optional.empty();
                                }
                            }));
                }
                Diagnosis dd = DbCauses.explain(found.get(), db, facts.getOrDefault(key(db), Optional.empty()),
                        why.getOrDefault(key(db), "not read"), status, c.from());
                d = Optional.of(check instanceof Check.PostgresLogin ? dd
                        : dd.with(e.diagnosis().map(Diagnosis::detail).orElse(List.of())));
            }
            out.add(new CheckResult(check.kind(), redactor.redact(check.target()), e.ok(), e.millis(),
                    redactor.redact(e.message()), d.map(this::redact)));
        }
        return new HostResult(c.in().host(), out, Optional.empty());
    }

    private Diagnosis redact(Diagnosis d) {
        return new Diagnosis(redactor.redact(d.cause()), redactor.redact(d.next()),
                d.detail().stream().map(redactor::redact).toList());
    }
}
