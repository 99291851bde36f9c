package dev.plumb.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;

import dev.plumb.engine.Engine;
import dev.plumb.git.GitException;
import dev.plumb.plan.GitState;
import dev.plumb.plan.Plan;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Shows what apply would change. Read-only. */
@Command(name = "plan", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Show exactly what apply would change on each host. Changes nothing.",
            "",
            "plumb reads every host's live state (one SSH round trip per host), compares it with",
            "the playbook, and prints the differences grouped by host:",
            "  + create   ~ update   - delete   ↻ restart",
            "Content changes show as unified diffs; lines holding secrets are masked.",
            "Exits 0 when there is nothing to do, 2 when there are changes, 1 on error.",
        })
final class PlanCommand extends RunCommand {

    @Mixin
    OutputFormat format;

    @Option(names = {"-o", "--out"}, paramLabel = "FILE",
            description = "Also save the plan to FILE, for 'plumb apply FILE'. It holds no secret values.")
    Optional<Path> out = Optional.empty();

    @Option(names = "--allow-dirty",
            description = "Let 'plumb apply' take the saved plan even though desired-state files were modified"
                    + " or untracked in git when it was made.")
    boolean allowDirty;

    @Override
    int execute(Run run, PrintWriter stdout, PrintWriter err) {
        Optional<String> unwritable = out.flatMap(SavedPlans::unwritable);
        if (unwritable.isPresent()) {
            err.println("error: " + unwritable.get());
            return ExitCode.ERROR;
        }
        Optional<GitState> git;
        try {
            git = GitRecords.state(run.desired, run.tree, allowDirty);
        } catch (GitException e) {
            err.println("error: " + e.getMessage());
            return ExitCode.ERROR;
        }
        var outcomes = run.engine.run(run.hosts, Engine.Mode.PLAN);
        run.verbose(outcomes, err);
        Plan plan = Engine.toPlan(outcomes);
        stdout.print(format.plan(plan, git));
        if (out.isPresent()) {
            try {
                SavedPlans.write(out.get(), run, inputs, plan, git);
            } catch (IOException e) {
                err.println("error: " + e.getMessage());
                return ExitCode.ERROR;
            }
            err.println("Saved the plan to " + out.get() + "; apply exactly it with: plumb apply " + out.get());
        }
        if (plan.hasErrors()) {
            return ExitCode.ERROR;
        }
        return plan.hasChanges() ? ExitCode.CHANGES : ExitCode.OK;
    }
}
