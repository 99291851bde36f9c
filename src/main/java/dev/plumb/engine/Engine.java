package dev.plumb.engine;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;

import dev.plumb.apply.HostLock;
import dev.plumb.apply.Schedule;
import dev.plumb.model.Keyed;
import dev.plumb.model.Redactor;
import dev.plumb.plan.Change;
import dev.plumb.plan.HostPlan;
import dev.plumb.plan.Plan;
import dev.plumb.plan.SavedPlan;
import dev.plumb.resource.postgres.migrations.MigrationException;
import dev.plumb.transport.jdbc.PgException;
import dev.plumb.transport.jdbc.PgLock;
import dev.plumb.transport.ssh.ExecResult;
import dev.plumb.transport.ssh.SshSession;
import dev.plumb.transport.ssh.TransportException;

/**
 * Plans or applies desired state on many hosts at once. Each host gets one SSH session for the
 * whole run (PostgreSQL is reached through it); a host that fails is reported and never stops
 * the others. On a host, PostgreSQL objects come first, then migrations, then files, then
 * services.
 */
public final class Engine {
    private static final Duration APPLY_TIMEOUT = Duration.ofMinutes(5);

    /** What a run does with each host. */
    public enum Mode { PLAN, DRIFT, APPLY }

    /** Test seams; the defaults do nothing. */
    public interface Hooks {
        Hooks NONE = new Hooks() { };

        /** Called after a host's files are written and before its services are (re)started. */
        default void afterWrites(String host, SshSession session) { }
    }

    /**
     * @param forks       hosts worked on at once
     * @param lockTimeout how long apply waits for another run's host lock
     * @param failFast    after the first failed host, start no other
     */
    public record Options(int forks, Duration lockTimeout, boolean failFast) {}

    private final Redactor redactor;
    private final Options options;
    private final Progress progress;
    private final Hooks hooks;

    public Engine(Redactor redactor, Options options, Progress progress, Hooks hooks) {
        this.redactor = redactor;
        this.options = options;
        this.progress = progress;
        this.hooks = hooks;
    }

    /**
     * Fingerprints that each host's fresh plan must match before apply touches it (a saved plan),
     * checked under the host lock so nothing can move between the check and the apply.
     */
    public record Expected(Keyed key, Map<String, Map<String, String>> fingerprints) {}

    /** Runs {@code mode} on every host, at most {@code forks} at a time; outcomes in input order. */
    public List<HostOutcome> run(List<HostInput> hosts, Mode mode) {
        return run(hosts, mode, Optional.empty(), Schedule.none());
    }

    /**
     * As {@link #run(List, Mode)}. With {@code expected}, apply refuses a host whose plan moved.
     * Apply follows {@code schedule}: a host starts once the hosts it waits for have succeeded,
     * and is skipped, with the reason, when one of them did not.
     */
    public List<HostOutcome> run(List<HostInput> hosts, Mode mode, Optional<Expected> expected, Schedule schedule) {
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(options.forks(), hosts.size())), r -> {
            Thread t = new Thread(r, "plumb-host");
            t.setDaemon(true);
            return t;
        });
        try {
            Scheduler s = new Scheduler(hosts, mode, expected, mode == Mode.APPLY ? schedule : Schedule.none(), pool);
            List<CompletableFuture<HostOutcome>> started = hosts.stream().map(h -> s.future(h.host())).toList();
            List<HostOutcome> out = new ArrayList<>();
            for (int i = 0; i < hosts.size(); i++) {
                HostInput h = hosts.get(i);
                try {
                    out.add(started.get(i).get());
                } catch (ExecutionException e) {
                    out.add(HostOutcome.failed(h.host(), "internal error: " + e.getCause()));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    out.add(HostOutcome.failed(h.host(), "interrupted"));
                }
            }
            return out;
        } finally {
            pool.shutdownNow();
            progress.finish();
        }
    }

    /** Starts each host once what it waits for is done; honours --fail-fast. */
    private final class Scheduler {
        private final Map<String, HostInput> byName = new LinkedHashMap<>();
        private final Map<String, CompletableFuture<HostOutcome>> futures = new HashMap<>();
        private final Set<String> visiting = new HashSet<>();
        private final AtomicReference<String> firstFailure = new AtomicReference<>();
        private final long t0 = System.nanoTime();
        private final Mode mode;
        private final Optional<Expected> expected;
        private final Schedule schedule;
        private final ExecutorService pool;

        Scheduler(List<HostInput> hosts, Mode mode, Optional<Expected> expected, Schedule schedule,
                  ExecutorService pool) {
            hosts.forEach(h -> byName.put(h.host(), h));
            this.mode = mode;
            this.expected = expected;
            this.schedule = schedule;
            this.pool = pool;
        }

        CompletableFuture<HostOutcome> future(String host) {
            CompletableFuture<HostOutcome> known = futures.get(host);
            if (known != null) {
                return known;
            }
            visiting.add(host);
            Map<Schedule.Wait, CompletableFuture<HostOutcome>> deps = new LinkedHashMap<>();
            for (Schedule.Wait w : schedule.waitsOf(host)) {
                // A wait on a host outside this run, or one that would close a cycle, is dropped.
                if (byName.containsKey(w.host()) && !visiting.contains(w.host())) {
                    deps.put(w, future(w.host()));
                }
            }
            visiting.remove(host);
            CompletableFuture<HostOutcome> f = CompletableFuture
                    .allOf(deps.values().toArray(CompletableFuture[]::new))
                    .thenApplyAsync(v -> start(host, deps), pool);
            futures.put(host, f);
            return f;
        }

        private HostOutcome start(String host, Map<Schedule.Wait, CompletableFuture<HostOutcome>> deps) {
            long start = millis();
            for (var d : deps.entrySet()) {
                if (!d.getValue().join().succeeded()) {
                    progress.update(host, "skipped");
                    return HostOutcome.skipped(host, d.getKey().why()).timed(start, start);
                }
            }
            String failed = firstFailure.get();
            if (options.failFast() && failed != null) {
                progress.update(host, "skipped");
                return HostOutcome.skipped(host, "--fail-fast: " + failed + " failed").timed(start, start);
            }
            HostOutcome o = runHost(byName.get(host), mode, expected);
            if (o.status() == HostOutcome.Status.FAILED) {
                firstFailure.compareAndSet(null, host);
            }
            return o.timed(start, millis());
        }

        private long millis() {
            return (System.nanoTime() - t0) / 1_000_000;
        }
    }

    public static Plan toPlan(List<HostOutcome> outcomes) {
        return new Plan(outcomes.stream().map(HostOutcome::plan).toList());
    }

    private HostOutcome runHost(HostInput in, Mode mode, Optional<Expected> expected) {
        if (in.isEmpty()) {
            progress.update(in.host(), "nothing declared");
            return outcome(in, HostOutcome.Status.UNCHANGED, new HostPlan(in.host(), List.of(), Optional.empty()),
                    Optional.empty(), null, null);
        }
        progress.update(in.host(), "connecting");
        SshSession session;
        try {
            session = SshSession.open(in.target());
        } catch (TransportException e) {
            progress.update(in.host(), "failed");
            return HostOutcome.failed(in.host(), redactor.redact(e.getMessage()));
        }
        PostgresPart pg = null;
        Optional<PgLock> serverLock = Optional.empty();
        try (session; HostLock lock = mode == Mode.APPLY ? lock(in.host(), session) : null) {
            progress.update(in.host(), "reading facts");
            if (in.hasPostgres()) {
                pg = PostgresPart.open(in, session, in.server().orElseThrow(), redactor);
                if (mode == Mode.APPLY) {
                    serverLock = pg.lock(HostLock.whoAmI(), options.lockTimeout());
                }
            }
            Planned planned = plan(in, session, pg, mode);
            if (planned.plan().error().isPresent()) {
                progress.update(in.host(), "failed");
                return outcome(in, HostOutcome.Status.FAILED, planned.plan(), planned.plan().error(), session, pg);
            }
            if (planned.plan().changes().isEmpty()) {
                progress.update(in.host(), "no changes");
                return outcome(in, HostOutcome.Status.UNCHANGED, planned.plan(), Optional.empty(), session, pg);
            }
            if (expected.isPresent()) {
                List<String> stale = staleness(expected.get(), planned.plan());
                if (!stale.isEmpty()) {
                    progress.update(in.host(), "stale");
                    String why = "the saved plan is stale, nothing was changed: " + String.join("; ", stale);
                    return outcome(in, HostOutcome.Status.FAILED, planned.plan(), Optional.of(why), session, pg);
                }
            }
            if (mode != Mode.APPLY) {
                progress.update(in.host(), planned.plan().changes().size() + " changes");
                return outcome(in, HostOutcome.Status.CHANGES, planned.plan(), Optional.empty(), session, pg);
            }
            apply(in, session, pg, planned);
            progress.update(in.host(), "verifying");
            Planned after = plan(in, session, pg, Mode.PLAN);
            if (!after.plan().isEmpty()) {
                String left = after.plan().error().orElseGet(() -> after.plan().changes().stream()
                        .map(c -> c.action().word() + " " + c.label()).reduce((a, b) -> a + ", " + b).orElse(""));
                progress.update(in.host(), "failed");
                return outcome(in, HostOutcome.Status.FAILED, planned.plan(),
                        Optional.of("still differs after apply: " + left), session, pg);
            }
            progress.update(in.host(), "applied");
            return outcome(in, HostOutcome.Status.APPLIED, planned.plan(), Optional.empty(), session, pg);
        } catch (TransportException | PgException | MigrationException e) {
            progress.update(in.host(), "failed");
            String why = redactor.redact(e.getMessage());
            return outcome(in, HostOutcome.Status.FAILED, HostPlan.failed(in.host(), why), Optional.of(why), session,
                    pg);
        } finally {
            serverLock.ifPresent(PgLock::close);
            if (pg != null) {
                pg.close();
            }
        }
    }

    private static List<String> staleness(Expected expected, HostPlan fresh) {
        return SavedPlan.compare(Map.of(fresh.host(), expected.fingerprints().getOrDefault(fresh.host(), Map.of())),
                SavedPlan.fingerprints(expected.key(), new Plan(List.of(fresh))));
    }

    /** The host's plan, and what carries it out. */
    private record Planned(HostPlan plan, Optional<HostWork> system, Optional<PostgresPart.Planned> postgres) {}

    private Planned plan(HostInput in, SshSession session, PostgresPart pg, Mode mode)
            throws TransportException, PgException {
        List<Change> changes = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        Optional<PostgresPart.Planned> pgPlanned = Optional.empty();
        if (pg != null) {
            PostgresPart.Planned p = pg.plan(mode == Mode.DRIFT);
            changes.addAll(p.changes());
            errors.addAll(p.errors());
            notes.addAll(p.notes());
            pgPlanned = Optional.of(p);
        }
        Optional<HostWork> system = Optional.empty();
        if (in.hasSystem()) {
            HostWork w = HostWork.of(in, HostFacts.read(session, in), redactor);
            changes.addAll(w.plan().changes());
            w.plan().error().ifPresent(errors::add);
            system = Optional.of(w);
        }
        Optional<String> error = errors.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", errors));
        return new Planned(new HostPlan(in.host(), changes, error, notes), system, pgPlanned);
    }

    private void apply(HostInput in, SshSession session, PostgresPart pg, Planned planned)
            throws TransportException, PgException, MigrationException {
        if (planned.postgres().isPresent() && !planned.postgres().get().isEmpty()) {
            pg.apply(planned.postgres().get(), progress);
        }
        Optional<HostWork> system = planned.system().filter(w -> !w.isEmpty());
        if (system.isPresent()) {
            progress.update(in.host(), "writing");
            check(session, "writing files", ApplyScripts.writes(system.get()));
            hooks.afterWrites(in.host(), session);
            progress.update(in.host(), "starting services");
            check(session, "starting services", ApplyScripts.services(system.get()));
        }
    }

    private HostOutcome outcome(HostInput in, HostOutcome.Status status, HostPlan plan, Optional<String> error,
                                SshSession session, PostgresPart pg) {
        return new HostOutcome(in.host(), status, plan, error, session == null ? 0 : session.roundTrips(),
                pg == null ? 0 : pg.roundTrips());
    }

    private HostLock lock(String host, SshSession session) throws TransportException {
        progress.update(host, "taking the host lock");
        return HostLock.acquire(session, options.lockTimeout());
    }

    private void check(SshSession session, String step, String script) throws TransportException {
        ExecResult r = session.run(script, APPLY_TIMEOUT);
        if (!r.ok()) {
            String why = r.stderr().strip();
            throw new TransportException(session.target().name(), session.target().describe() + ": " + step
                    + " failed (exit " + r.exitCode() + ")" + (why.isEmpty() ? "" : ":\n" + redactor.redact(why)));
        }
    }
}
