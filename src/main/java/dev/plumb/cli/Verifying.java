package dev.plumb.cli;

import java.util.List;
import java.util.Optional;

import dev.plumb.check.Report;
import dev.plumb.check.Verification;
import dev.plumb.check.Verifier;
import dev.plumb.engine.HostInput;

/** What verify and {@code apply --verify} share: the checks of the selected hosts, run and printed. */
final class Verifying {
    private Verifying() {}

    static Verification run(Run run, RunOptions options, Main main, java.io.PrintWriter err) {
        List<Verifier.HostChecks> hosts = run.hosts.stream().map(h -> new Verifier.HostChecks(h.host(), h.target(),
                run.desired.host(h.host()).map(d -> d.checks()).orElse(List.of()))).toList();
        var progress = ConsoleProgress.create(err, run.hosts.stream().map(HostInput::host).toList(), options.quiet);
        var inventory = run.desired.inventory();
        Verifier v = new Verifier(run.desired.redactor(), options.forks, progress, name -> Optional
                .ofNullable(inventory.hosts().get(name)).map(h -> Loading.target(inventory, h, options, main.env())));
        return v.run(hosts);
    }

    static String render(Verification v, OutputFormat.Format format) {
        return switch (format) {
            case json -> Report.json(v);
            case markdown -> Report.markdown(v);
            case text -> Report.text(v);
        };
    }
}
