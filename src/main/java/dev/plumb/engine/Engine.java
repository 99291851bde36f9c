package dev.plumb.engine;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import dev.plumb.apply.HostLock;
import dev.plumb.model.Redactor;
import dev.plumb.plan.HostPlan;
import dev.plumb.plan.Plan;
import dev.plumb.transport.ssh.ExecResult;
import dev.plumb.transport.ssh.SshSession;
import dev.plumb.transport.ssh.TransportException;

/**
 * Plans or applies desired state on many hosts at once. Each host gets one SSH session for the
 * whole run; a host that fails is reported and never stops the others.
 */
public final class Engine {
    private static final Duration APPLY_TIMEOUT = Duration.ofMinutes(5);

    /** Test seams; the defaults do nothing. */
    public interface Hooks {
        Hooks NONE = new Hooks() { };

        /** Called after a host's files are written and before its services are (re)started. */
        default void afterWrites(String host, SshSession session) { }
    }

    /**
     * @param forks       hosts worked on at once
     * @param lockTimeout how long apply waits for another run's host lock
     */
    public record Options(int forks, Duration lockTimeout) {
        public static final Options DEFAULT = new Options(10, Duration.ofSeconds(60));
    }

    private final Redactor redactor;
    private final int forks;
    private final Duration lockTimeout;
    private final Progress progress;
    private final Hooks hooks;

    public Engine(Redactor redactor, Options options, Progress progress, Hooks hooks) {
        this.redactor = redactor;
        this.forks = Math.max(1, options.forks());
        this.lockTimeout = options.lockTimeout();
        this.progress = progress;
        this.hooks = hooks;
    }

    /** Read-only: what would change on each host. */
    public List<HostOutcome> plan(List<HostInput> hosts) {
        return runAll(hosts, false);
    }

    /** Plans, applies, re-reads; a host whose state still differs afterwards has failed. */
    public List<HostOutcome> apply(List<HostInput> hosts) {
        return runAll(hosts, true);
    }

    public static Plan toPlan(List<HostOutcome> outcomes) {
        return new Plan(outcomes.stream().map(HostOutcome::plan).toList());
    }

    private List<HostOutcome> runAll(List<HostInput> hosts, boolean apply) {
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(forks, Math.max(1, hosts.size())), r -> {
            Thread t = new Thread(r, "plumb-host");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<HostOutcome>> futures = new ArrayList<>();
            for (HostInput h : hosts) {
                futures.add(pool.submit(() -> runHost(h, apply)));
            }
            List<HostOutcome> out = new ArrayList<>();
            for (int i = 0; i < futures.size(); i++) {
                try {
                    out.add(futures.get(i).get());
                } catch (ExecutionException e) {
                    out.add(HostOutcome.failed(hosts.get(i).host(), "internal error: " + e.getCause(), 0));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    out.add(HostOutcome.failed(hosts.get(i).host(), "interrupted", 0));
                }
            }
            return out;
        } finally {
            pool.shutdownNow();
            progress.finish();
        }
    }

    private HostOutcome runHost(HostInput in, boolean apply) {
        if (in.isEmpty()) {
            progress.update(in.host(), "nothing declared");
            return new HostOutcome(in.host(), HostOutcome.Status.UNCHANGED,
                    new HostPlan(in.host(), List.of(), java.util.Optional.empty()), java.util.Optional.empty(), 0);
        }
        progress.update(in.host(), "connecting");
        SshSession session;
        try {
            session = SshSession.open(in.target());
        } catch (TransportException e) {
            progress.update(in.host(), "failed");
            return HostOutcome.failed(in.host(), redactor.redact(e.getMessage()), 0);
        }
        try (session; HostLock lock = apply ? lock(in.host(), session) : null) {
            progress.update(in.host(), "reading facts");
            HostWork work = HostWork.of(in, HostFacts.read(session, in), redactor);
            if (work.plan().error().isPresent()) {
                progress.update(in.host(), "failed");
                return new HostOutcome(in.host(), HostOutcome.Status.FAILED, work.plan(), work.plan().error(),
                        session.roundTrips());
            }
            if (work.isEmpty()) {
                progress.update(in.host(), "no changes");
                return new HostOutcome(in.host(), HostOutcome.Status.UNCHANGED, work.plan(),
                        java.util.Optional.empty(), session.roundTrips());
            }
            if (!apply) {
                progress.update(in.host(), work.plan().changes().size() + " changes");
                return new HostOutcome(in.host(), HostOutcome.Status.CHANGES, work.plan(),
                        java.util.Optional.empty(), session.roundTrips());
            }
            progress.update(in.host(), "writing");
            check(session, "writing files", ApplyScripts.writes(work));
            hooks.afterWrites(in.host(), session);
            progress.update(in.host(), "starting services");
            check(session, "starting services", ApplyScripts.services(work));
            progress.update(in.host(), "verifying");
            HostWork after = HostWork.of(in, HostFacts.read(session, in), redactor);
            if (!after.isEmpty()) {
                String left = after.plan().changes().stream().map(c -> c.action().word() + " " + c.label())
                        .reduce((a, b) -> a + ", " + b).orElse("");
                progress.update(in.host(), "failed");
                return new HostOutcome(in.host(), HostOutcome.Status.FAILED, work.plan(),
                        java.util.Optional.of("still differs after apply: " + left), session.roundTrips());
            }
            progress.update(in.host(), "applied");
            return new HostOutcome(in.host(), HostOutcome.Status.APPLIED, work.plan(), java.util.Optional.empty(),
                    session.roundTrips());
        } catch (TransportException e) {
            progress.update(in.host(), "failed");
            return new HostOutcome(in.host(), HostOutcome.Status.FAILED,
                    HostPlan.failed(in.host(), redactor.redact(e.getMessage())),
                    java.util.Optional.of(redactor.redact(e.getMessage())), session.roundTrips());
        }
    }

    private HostLock lock(String host, SshSession session) throws TransportException {
        progress.update(host, "taking the host lock");
        return HostLock.acquire(session, lockTimeout);
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
