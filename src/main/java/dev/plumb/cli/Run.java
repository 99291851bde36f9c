package dev.plumb.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import dev.plumb.concurrency.Schedule;
import dev.plumb.config.Desired;
import dev.plumb.config.HostDesired;
import dev.plumb.engine.Engine;
import dev.plumb.engine.HostInput;
import dev.plumb.engine.HostOutcome;
import dev.plumb.io.SourceTree;
import dev.plumb.model.Keyed;
import dev.plumb.plan.PlanKey;
import dev.plumb.resource.Kinds;

/** What plan, apply and drift share: load, select hosts, build the engine, report. */
final class Run {
    final Desired desired;
    /** Where the desired state was read from (the file system, or a commit with --rev). */
    final SourceTree tree;
    final List<HostInput> hosts;
    final Engine engine;
    /** When each host may be applied (after:, serial:). */
    final Schedule schedule;
    /** The key of saved-plan fingerprints and of the tags of masked secrets. */
    final Keyed key;
    /** The built-in kinds and the modules found for this run. */
    final Kinds kinds;
    private final RunOptions options;

    private Run(Desired desired, SourceTree tree, List<HostInput> hosts, Engine engine, Schedule schedule, Keyed key,
                Kinds kinds, RunOptions options) {
        this.desired = desired;
        this.kinds = kinds;
        this.tree = tree;
        this.hosts = hosts;
        this.engine = engine;
        this.schedule = schedule;
        this.key = key;
        this.options = options;
    }

    /** The plan key; empty after the problem was printed. */
    static Optional<Keyed> key(Main main, PrintWriter err) {
        try {
            return Optional.of(PlanKey.load(main.env()));
        } catch (PlanKey.Unusable e) {
            err.println("error: " + e.getMessage());
            err.println("  hint: " + e.hint());
            err.flush();
            return Optional.empty();
        }
    }

    /**
     * Loads from {@code tree} and selects, with {@code key} as the plan key; empty after the
     * problems were printed. With {@code ordered}, --shard may not split the plays' order.
     */
    static Optional<Run> prepare(Inputs in, RunOptions options, Main main, Keyed key, SourceTree tree,
                                 boolean ordered, PrintWriter err) {
        Optional<Kinds> kinds = Loading.kinds(in, main.kinds(), tree, err);
        if (kinds.isEmpty()) {
            return Optional.empty();
        }
        Optional<Desired> desired = Loading.load(in, main.env(), kinds.get(), tree, err);
        if (desired.isEmpty()) {
            return Optional.empty();
        }
        Optional<List<HostDesired>> selected = Loading.selected(desired.get(), in, ordered, err);
        if (selected.isEmpty()) {
            return Optional.empty();
        }
        List<HostInput> inputs = Loading.inputs(desired.get(), selected.get(), options, main.env());
        var progress = ConsoleProgress.create(err, inputs.stream().map(HostInput::host).toList(), options.quiet);
        Engine engine = new Engine(kinds.get(), desired.get().redactor().withTagKey(key),
                new Engine.Options(options.forks, Duration.ofSeconds(options.lockTimeout), options.failFast), progress,
                main.hooks());
        return Optional.of(new Run(desired.get(), tree, inputs, engine, Loading.schedule(desired.get(), selected.get()), key,
                kinds.get(), options));
    }

    /** With --verbose, one line per host: how many SSH round trips it took. */
    void verbose(List<HostOutcome> outcomes, PrintWriter err) {
        if (options.verbose) {
            outcomes.forEach(o -> err.printf("%s: %d SSH round trip%s, %d SQL round trip%s%n", o.host(),
                    o.sshRoundTrips(), o.sshRoundTrips() == 1 ? "" : "s",
                    o.sqlRoundTrips(), o.sqlRoundTrips() == 1 ? "" : "s"));
            err.flush();
        }
    }
}
