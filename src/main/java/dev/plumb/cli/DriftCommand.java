package dev.plumb.cli;

import java.io.PrintWriter;

import java.util.Optional;

import dev.plumb.engine.Engine;
import dev.plumb.git.GitException;
import dev.plumb.plan.Plan;
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
final class DriftCommand extends RunCommand {

    @Mixin
    OutputFormat format;

    @Option(names = "--record",
            description = "Also commit the report to git, on refs/plumb/drift/INVENTORY (see 'plumb history --drift').")
    boolean record;

    @Option(names = "--push", paramLabel = "REMOTE", description = "With --record, push the drift ref to REMOTE.")
    Optional<String> push = Optional.empty();

    @Override
    int execute(Run run, PrintWriter stdout, PrintWriter err) {
        var outcomes = run.engine.run(run.hosts, Engine.Mode.DRIFT);
        run.verbose(outcomes, err);
        Plan plan = Engine.toPlan(outcomes);
        stdout.print(format.drift(plan));
        if (record) {
            try {
                if (!GitRecords.recordDrift(run.desired, inputs.inventory, plan, push)) {
                    err.println("error: --record: " + run.desired.playbook() + " is not in a git repository");
                    return ExitCode.ERROR;
                }
            } catch (GitException e) {
                err.println("error: the drift report was not recorded in git: " + e.getMessage());
                return ExitCode.ERROR;
            }
        }
        if (plan.hasErrors()) {
            return ExitCode.ERROR;
        }
        return plan.hasChanges() ? ExitCode.CHANGES : ExitCode.OK;
    }
}
