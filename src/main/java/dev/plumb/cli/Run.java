package dev.plumb.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.Optional;

import dev.plumb.config.Desired;
import dev.plumb.config.HostDesired;
import dev.plumb.engine.Engine;
import dev.plumb.engine.HostInput;
import dev.plumb.engine.HostOutcome;

/** What plan, apply and drift share: load, select hosts, build the engine, report. */
final class Run {
    final Desired desired;
    final List<HostInput> hosts;
    final Engine engine;
    private final RunOptions options;

    private Run(Desired desired, List<HostInput> hosts, Engine engine, RunOptions options) {
        this.desired = desired;
        this.hosts = hosts;
        this.engine = engine;
        this.options = options;
    }

    /** Loads and selects; empty after the problems were printed. */
    static Optional<Run> prepare(Inputs in, RunOptions options, Main main, PrintWriter err) {
        Optional<Desired> desired = Loading.load(in, main.env(), err);
        if (desired.isEmpty()) {
            return Optional.empty();
        }
        Optional<List<HostDesired>> selected = Loading.selected(desired.get(), in.limit, err);
        if (selected.isEmpty()) {
            return Optional.empty();
        }
        List<HostInput> inputs = Loading.inputs(desired.get(), selected.get(), options, main.env());
        var progress = ConsoleProgress.create(err, inputs.stream().map(HostInput::host).toList(), options.quiet);
        Engine engine = new Engine(desired.get().redactor(),
                new Engine.Options(options.forks, java.time.Duration.ofSeconds(options.lockTimeout)), progress, main.hooks());
        return Optional.of(new Run(desired.get(), inputs, engine, options));
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
