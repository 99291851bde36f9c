package dev.plumb.engine;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.plumb.concurrency.HostLock;
import dev.plumb.model.Diagnostic;
import dev.plumb.model.Redactor;
import dev.plumb.model.Resource;
import dev.plumb.model.ResourceAddress;
import dev.plumb.plan.Change;
import dev.plumb.plan.HostPlan;
import dev.plumb.resource.HostRun;
import dev.plumb.resource.Kind;
import dev.plumb.resource.KindException;
import dev.plumb.resource.Kinds;
import dev.plumb.resource.Part;
import dev.plumb.resource.PlanContext;
import dev.plumb.resource.Planned;
import dev.plumb.resource.Step;
import dev.plumb.transport.ssh.ExecResult;
import dev.plumb.transport.ssh.SshSession;
import dev.plumb.transport.ssh.TransportException;

/**
 * One host's lifecycle in a run: connect (one SSH session for the whole run), open a part per
 * kind the host declares, read (every part's probe in one round trip), diff, and for an apply
 * hold the host lock and the parts' locks, run the steps phase by phase, and read again: a
 * resource that still differs is an error. Problems name their resource and the playbook
 * location that declared it; every problem, note and error message passes the redactor, whatever
 * its part already did.
 */
final class HostRunner {
    private static final Duration ROUND_TIMEOUT = Duration.ofMinutes(5);

    private final Kinds kinds;
    private final HostInput in;
    private final Redactor redactor;
    private final Progress progress;
    private final Engine.Hooks hooks;
    private final Duration lockTimeout;
    private final List<Part> parts = new ArrayList<>();
    private Optional<SshSession> session = Optional.empty();

    HostRunner(Kinds kinds, HostInput in, Redactor redactor, Progress progress, Engine.Hooks hooks,
               Duration lockTimeout) {
        this.kinds = kinds;
        this.in = in;
        this.redactor = redactor;
        this.progress = progress;
        this.hooks = hooks;
        this.lockTimeout = lockTimeout;
    }

    /** One part's plan, kept with the part. */
    private record PartPlan(Part part, Planned planned) {}

    /** The host's plan, its parts' plans, and the problems that stop an apply. */
    private record HostPlanned(HostPlan plan, List<PartPlan> parts) {}

    HostOutcome run(Engine.Mode mode, Optional<Engine.Expected> expected) {
        String host = in.host();
        if (in.isEmpty()) {
            progress.update(host, "nothing declared");
            return outcome(HostOutcome.Status.UNCHANGED, new HostPlan(host, List.of(), Optional.empty()),
                    Optional.empty());
        }
        progress.update(host, "connecting");
        SshSession ssh;
        try {
            ssh = SshSession.open(in.target());
        } catch (TransportException e) {
            progress.update(host, "failed");
            return HostOutcome.failed(host, redactor.redact(e.getMessage()));
        }
        session = Optional.of(ssh);
        try (SshSession session = ssh; HostLock lock = mode == Engine.Mode.APPLY ? lock(session) : null) {
            progress.update(host, "reading facts");
            open(new HostRun(host, session, redactor));
            if (mode == Engine.Mode.APPLY) {
                for (Part p : parts) {
                    p.hold(HostLock.whoAmI(), lockTimeout);
                }
            }
            HostPlanned planned = plan(session, mode == Engine.Mode.DRIFT);
            HostPlan plan = planned.plan();
            if (plan.error().isPresent()) {
                progress.update(host, "failed");
                return outcome(HostOutcome.Status.FAILED, plan, plan.error());
            }
            if (plan.changes().isEmpty()) {
                progress.update(host, "no changes");
                return outcome(HostOutcome.Status.UNCHANGED, plan, Optional.empty());
            }
            if (expected.isPresent()) {
                List<String> stale = Engine.staleness(expected.get(), plan);
                if (!stale.isEmpty()) {
                    progress.update(host, "stale");
                    return outcome(HostOutcome.Status.FAILED, plan, Optional.of(
                            "the saved plan is stale, nothing was changed: " + String.join("; ", stale)));
                }
            }
            if (mode != Engine.Mode.APPLY) {
                progress.update(host, plan.changes().size() + " changes");
                return outcome(HostOutcome.Status.CHANGES, plan, Optional.empty());
            }
            apply(session, planned);
            progress.update(host, "verifying");
            HostPlan after = plan(session, false).plan();
            if (!after.isEmpty()) {
                String left = after.error().orElseGet(() -> after.changes().stream()
                        .map(c -> c.action().word() + " " + c.label()).reduce((a, b) -> a + ", " + b).orElse(""));
                progress.update(host, "failed");
                return outcome(HostOutcome.Status.FAILED, plan, Optional.of("still differs after apply: " + left));
            }
            progress.update(host, "applied");
            return outcome(HostOutcome.Status.APPLIED, plan, Optional.empty());
        } catch (TransportException e) {
            return failed(problem(redactor.redact(e.getMessage()), Optional.empty()));
        } catch (KindException e) {
            return failed(problem(redactor.redact(e.getMessage()), e.address()));
        } finally {
            parts.forEach(Part::close);
        }
    }

    /** A part per kind the host declares, in registry order, each with its resources. */
    private void open(HostRun run) throws KindException {
        Map<Kind, List<Resource>> byKind = new LinkedHashMap<>();
        kinds.all().forEach(k -> byKind.put(k, new ArrayList<>()));
        for (Resource r : in.resources()) {
            Kind k = kinds.of(r).orElseThrow(() -> new IllegalStateException("no kind owns " + r.address()));
            byKind.get(k).add(r);
        }
        for (var e : byKind.entrySet()) {
            if (!e.getValue().isEmpty()) {
                parts.add(e.getKey().open(run, e.getValue()));
            }
        }
    }

    /** Every part's probe in one round trip, then every part's diff, in registry order. */
    private HostPlanned plan(SshSession session, boolean drift) throws TransportException, KindException {
        List<List<String>> probed = Probes.run(session, in.host(), parts.stream().map(Part::probe).toList(),
                parts.stream().map(Part::probeTime).reduce(Duration.ZERO, Duration::plus));
        List<Change> changes = new ArrayList<>();
        List<Diagnostic> problems = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        List<PartPlan> plans = new ArrayList<>();
        for (int i = 0; i < parts.size(); i++) {
            Planned p = parts.get(i).plan(probed.get(i), new PlanContext(in.host(), in.resources(), changes, drift));
            changes.addAll(p.changes());
            p.problems().stream().map(redactor::redact).map(this::located).forEach(problems::add);
            p.notes().stream().map(redactor::redact).forEach(notes::add);
            plans.add(new PartPlan(parts.get(i), p));
        }
        Optional<String> error = problems.isEmpty() ? Optional.empty()
                : Optional.of(String.join("; ", problems.stream().map(Diagnostic::summary).toList()));
        return new HostPlanned(new HostPlan(in.host(), changes, error, notes, problems), plans);
    }

    /** Every part's steps, phase by phase; stops at the first that fails. */
    private void apply(SshSession session, HostPlanned planned) throws TransportException, KindException {
        List<Step> steps = planned.parts().stream().flatMap(p -> p.planned().steps().stream()).toList();
        boolean wrote = false;
        boolean hooked = false;
        for (Rounds.Round round : Rounds.of(steps)) {
            if (round.isScript() && round.startsServices() && wrote && !hooked) {
                hooks.afterWrites(in.host(), session);
                hooked = true;
            }
            progress.update(in.host(), round.steps().get(0).describe());
            if (round.isScript()) {
                ExecResult r = session.run(round.script(), ROUND_TIMEOUT);
                if (!r.ok()) {
                    Step failed = round.failedStep(r.out());
                    String why = redactor.redact(r.stderr().strip());
                    throw new KindException(failed.address(), session.target().describe() + ": " + failed.describe()
                            + " failed (exit " + r.exitCode() + ")" + (why.isEmpty() ? "" : ":\n" + why), null);
                }
                wrote |= !round.startsServices();
            } else {
                ((Step.Call) round.steps().get(0)).action().run();
            }
        }
        if (wrote && !hooked) {
            hooks.afterWrites(in.host(), session);
        }
    }

    /** A run-time problem: the message's first line is its summary, the rest its detail. */
    private Diagnostic problem(String message, Optional<ResourceAddress> address) {
        int nl = message.indexOf('\n');
        Diagnostic d = Diagnostic.onHost(in.host(), nl < 0 ? message : message.substring(0, nl).replaceAll("[:\\s]+$", ""))
                .withAddress(address);
        return nl < 0 ? d : d.withDetail(Optional.of(message.substring(nl + 1)));
    }

    private Diagnostic located(Diagnostic d) {
        return d.address().map(a -> d.withLocation(Optional.ofNullable(in.locations().get(a)))).orElse(d);
    }

    private HostOutcome failed(Diagnostic problem) {
        progress.update(in.host(), "failed");
        Diagnostic d = located(problem);
        String why = d.summary();
        return outcome(HostOutcome.Status.FAILED, new HostPlan(in.host(), List.of(), Optional.of(why), List.of(),
                List.of(d)), Optional.of(why));
    }

    private HostOutcome outcome(HostOutcome.Status status, HostPlan plan, Optional<String> error) {
        int sql = parts.stream().mapToInt(Part::roundTrips).sum();
        return new HostOutcome(in.host(), status, plan, error, session.map(SshSession::roundTrips).orElse(0), sql);
    }

    private HostLock lock(SshSession session) throws TransportException {
        progress.update(in.host(), "taking the host lock");
        return HostLock.acquire(session, lockTimeout);
    }
}
