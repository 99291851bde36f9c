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
            "",
            "With --adopt, decide the hand edits were right: the live values of the drifted",
            "resources are written back into the playbook as a patch on stdout (or in place with",
            "--write), every untouched line kept byte for byte. Values written with $${...} and",
            "secret-looking ones are left for you; the patch is given only when a plan of the",
            "edited playbook is empty on every host. Exits 0 then, 1 otherwise.",
        })
final class DriftCommand extends RunCommand {
    /** Reads only: no order of the plays to keep, so --shard may split it. */
    @Override
    boolean ordered() {
        return false;
    }


    @Mixin
    OutputFormat format;

    @Option(names = "--record",
            description = "Also commit the report to git, on refs/plumb/drift/INVENTORY (see 'plumb history --drift').")
    boolean record;

    @Option(names = "--push", paramLabel = "REMOTE", description = "With --record, push the drift ref to REMOTE.")
    Optional<String> push = Optional.empty();

    @Option(names = "--adopt",
            description = "Write the live values of drifted resources back into the playbook: a patch on stdout.")
    boolean adopt;

    @Option(names = "--write", description = "With --adopt, edit the playbook in place instead of printing the patch.")
    boolean write;

    @Override
    int execute(Run run, PrintWriter stdout, PrintWriter err) {
        if (write && !adopt) {
            err.println("error: --write goes with --adopt");
            return ExitCode.ERROR;
        }
        var outcomes = run.engine.run(run.hosts, Engine.Mode.DRIFT);
        run.verbose(outcomes, err);
        Plan plan = Engine.toPlan(outcomes);
        if (adopt) {
            return new Adoption(run, inputs, options, main, run.key).adopt(plan, write, stdout, err);
        }
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
