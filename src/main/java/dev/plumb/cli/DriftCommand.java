package dev.plumb.cli;

import java.util.concurrent.Callable;

import dev.plumb.engine.Engine;
import dev.plumb.plan.JsonRenderer;
import dev.plumb.plan.Plan;
import dev.plumb.plan.TextRenderer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Reports where live state differs from desired state. Read-only. */
@Command(name = "drift", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Report where the hosts differ from the desired state. Strictly read-only.",
            "",
            "Run it from cron or CI against the committed playbook: a hand edit, a chmod, a",
            "disabled or stopped service, a changed grant all show up here.",
            "Exits 0 when everything matches, 2 on drift, 1 on error.",
        })
final class DriftCommand implements Callable<Integer> {
    @CommandLine.ParentCommand
    Main main;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    Inputs inputs;

    @Mixin
    RunOptions run;

    @Option(names = "--json", description = "Print the drift as a JSON document instead of text.")
    boolean json;

    @Override
    public Integer call() {
        var stdout = spec.commandLine().getOut();
        var err = spec.commandLine().getErr();
        var prepared = Run.prepare(inputs, run, main, err);
        if (prepared.isEmpty()) {
            return ExitCode.ERROR;
        }
        var outcomes = prepared.get().engine.plan(prepared.get().hosts);
        prepared.get().verbose(outcomes, err);
        Plan plan = Engine.toPlan(outcomes);
        if (json) {
            stdout.print(JsonRenderer.render(plan));
        } else if (!plan.hasChanges() && !plan.hasErrors()) {
            stdout.println("No drift: " + plan.hosts().size() + " host" + (plan.hosts().size() == 1 ? "" : "s")
                    + " match the desired state.");
        } else {
            stdout.print(TextRenderer.render(plan).replace("Plan: ", "Drift: "));
        }
        stdout.flush();
        if (plan.hasErrors()) {
            return ExitCode.ERROR;
        }
        return plan.hasChanges() ? ExitCode.CHANGES : ExitCode.OK;
    }
}
