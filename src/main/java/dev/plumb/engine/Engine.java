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

import dev.plumb.concurrency.Schedule;
import dev.plumb.model.Keyed;
import dev.plumb.model.Redactor;
import dev.plumb.plan.HostPlan;
import dev.plumb.plan.Plan;
import dev.plumb.plan.SavedPlan;
import dev.plumb.model.Frozen;
import dev.plumb.resource.ImportOptions;
import dev.plumb.resource.Imported;
import dev.plumb.resource.Importer;
import dev.plumb.resource.Kinds;
import dev.plumb.transport.ssh.SshSession;

/**
 * Plans or applies desired state on many hosts at once, at most {@code forks} at a time, in the
 * order a {@link Schedule} allows. A host that fails is reported and never stops the others
 * (unless --fail-fast). What happens on one host is {@link HostRunner}'s; the engine names no
 * resource kind.
 */
public final class Engine {
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

    private final Kinds kinds;
    private final Redactor redactor;
    private final Options options;
    private final Progress progress;
    private final Hooks hooks;

    public Engine(Kinds kinds, Redactor redactor, Options options, Progress progress, Hooks hooks) {
        this.kinds = kinds;
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
        ExecutorService pool = pool(hosts.size());
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

    /** One kind's import: its play key, its importer, and the scopes asked for (each checked). */
    public record ImportRequest(String key, Importer importer, List<String> scopes) {
        public ImportRequest {
            scopes = List.copyOf(scopes);
        }
    }

    /** One host's import: each requested kind's live state by play key, or why the host failed. */
    public record HostImport(String host, Map<String, Imported> imported, Optional<String> error) {
        public HostImport {
            imported = Frozen.map(imported);
        }

        static HostImport of(String host, Map<String, Imported> imported) {
            return new HostImport(host, imported, Optional.empty());
        }

        static HostImport failed(String host, String why) {
            return new HostImport(host, Map.of(), Optional.of(why));
        }
    }

    /**
     * Reads every host's live state as desired state for {@code requests}, at most {@code forks}
     * hosts at a time; results in input order. Reads only; a host that fails never stops the others.
     */
    public List<HostImport> imports(List<HostInput> hosts, List<ImportRequest> requests, ImportOptions importOptions) {
        ExecutorService pool = pool(hosts.size());
        try {
            List<CompletableFuture<HostImport>> started = hosts.stream().map(h -> CompletableFuture.supplyAsync(
                    () -> new HostImporter(h, requests, importOptions, progress).run(), pool)).toList();
            List<HostImport> out = new ArrayList<>();
            for (int i = 0; i < hosts.size(); i++) {
                try {
                    out.add(started.get(i).get());
                } catch (ExecutionException e) {
                    out.add(HostImport.failed(hosts.get(i).host(), "internal error: " + e.getCause()));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    out.add(HostImport.failed(hosts.get(i).host(), "interrupted"));
                }
            }
            return out;
        } finally {
            pool.shutdownNow();
            progress.finish();
        }
    }

    private ExecutorService pool(int hosts) {
        return Executors.newFixedThreadPool(Math.max(1, Math.min(options.forks(), hosts)), r -> {
            Thread t = new Thread(r, "plumb-host");
            t.setDaemon(true);
            return t;
        });
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
        return new HostRunner(kinds, in, redactor, progress, hooks, options.lockTimeout()).run(mode, expected);
    }

    static List<String> staleness(Expected expected, HostPlan fresh) {
        return SavedPlan.compare(Map.of(fresh.host(), expected.fingerprints().getOrDefault(fresh.host(), Map.of())),
                SavedPlan.fingerprints(expected.key(), new Plan(List.of(fresh))));
    }
}
