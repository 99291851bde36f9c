package dev.plumb.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import dev.plumb.engine.Engine;
import dev.plumb.engine.HostOutcome;
import dev.plumb.git.GitException;
import dev.plumb.model.Keyed;
import dev.plumb.model.Printable;
import dev.plumb.plan.Plan;
import dev.plumb.plan.PlanKey;
import dev.plumb.plan.SavedPlan;
import dev.plumb.plan.TextRenderer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Plans (or takes a saved plan), applies, and checks that the hosts then match. */
@Command(name = "apply", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Bring the hosts into line with the playbook, or apply exactly a saved plan.",
            "",
            "  plumb apply PLAYBOOK -i INVENTORY   plan, then apply that plan",
            "  plumb apply plan.json               apply exactly what 'plumb plan -o plan.json' showed",
            "",
            "apply makes only the changes in the plan, then reads every host again: a change that",
            "did not stick is an error, not a success. A host that fails is reported and does not",
            "stop the others. Services notified by a changed file restart once, after all files",
            "are written; a restart cut off by a lost connection is recorded on the host and done",
            "by the next run. Each host is locked for the run, so two applies never interleave.",
            "",
            "A saved plan is refused, with nothing changed, when it was edited or signed under",
            "another plan key (checked before anything it names is read or any host contacted),",
            "or when the desired-state files, a secret, how a host is reached (address, port,",
            "user), or the live state of any host changed since it was made.",
            "Exits 0 when every host matches, 1 if any host failed or the saved plan is stale.",
        })
final class ApplyCommand extends RunCommand {
    @Option(names = "--push", paramLabel = "REMOTE",
            description = "After recording the apply in git (refs/plumb/applied/INVENTORY), push that ref to REMOTE.")
    Optional<String> push = Optional.empty();

    @Option(names = "--verify",
            description = "After a successful apply, run the playbook's checks (as 'plumb verify'); their failures"
                    + " make the exit code 1.")
    boolean verify;

    private Optional<SavedPlan> saved = Optional.empty();
    private Path savedFile;

    /** A saved plan is believed, and what it names read, only once its signature matched. */
    @Override
    Integer call(Keyed key) throws Exception {
        try {
            saved = SavedPlans.read(inputs.playbook, key);
        } catch (IllegalArgumentException | IOException e) {
            PrintWriter err = Output.err(spec);
            err.println("error: " + inputs.playbook + ": " + (e instanceof IOException
                    ? "cannot read it (" + e.getClass().getSimpleName() + ")" : e.getMessage()));
            err.println("  refused before contacting any host; nothing was changed");
            err.println("  hint: make the plan again with plumb plan -o FILE under the same plan key ("
                    + PlanKey.ENV + " or its key file), review it, and apply that file");
            err.flush();
            return ExitCode.ERROR;
        }
        if (saved.isPresent() && inputs.rev.isPresent()) {
            PrintWriter err = Output.err(spec);
            err.println("error: --rev cannot be given with a saved plan: it is applied from what it was planned from"
                    + " (its own commit when it was made with plan --rev)");
            err.println("  hint: plumb apply " + inputs.playbook);
            err.flush();
            return ExitCode.ERROR;
        }
        if (saved.isPresent() && inputs.shard.count() > 1
                && !saved.get().shard().equals(Optional.of(inputs.shard.toString()))) {
            PrintWriter err = Output.err(spec);
            err.println("error: --shard " + inputs.shard + " does not match the saved plan, which was made "
                    + saved.get().shard().map(s -> "with --shard " + s).orElse("without --shard"));
            err.println("  hint: a saved plan is applied to the hosts it was planned for: plumb apply " + inputs.playbook);
            err.flush();
            return ExitCode.ERROR;
        }
        if (saved.isPresent()) {
            savedFile = inputs.playbook;
            SavedPlans.retarget(inputs, savedFile, saved.get());
        }
        return super.call(key);
    }

    @Override
    int execute(Run run, PrintWriter stdout, PrintWriter err) {
        Optional<Engine.Expected> expected = Optional.empty();
        if (saved.isPresent()) {
            List<String> stale = SavedPlans.staleInputs(savedFile, saved.get(), run);
            if (stale.isEmpty()) {
                Plan fresh = Engine.toPlan(run.engine.run(run.hosts, Engine.Mode.PLAN));
                stale = fresh.hasErrors()
                        ? fresh.hosts().stream().filter(h -> h.error().isPresent())
                                .map(h -> h.host() + ": " + h.error().get()).toList()
                        : saved.get().staleness(SavedPlan.fingerprints(run.key, fresh));
            }
            if (!stale.isEmpty()) {
                SavedPlans.refuse(err, savedFile, stale);
                return ExitCode.ERROR;
            }
            expected = Optional.of(new Engine.Expected(run.key, saved.get().hosts()));
        }
        List<HostOutcome> outcomes = run.engine.run(run.hosts, Engine.Mode.APPLY, expected, run.schedule);
        run.verbose(outcomes, err);
        Plan plan = Engine.toPlan(outcomes);
        stdout.print(TextRenderer.hosts(plan));
        summary(outcomes, stdout);
        try {
            GitRecords.recordApply(run.desired, run.tree, inputs.inventory, outcomes, push);
        } catch (GitException e) {
            err.println("error: the apply was not recorded in git: " + e.getMessage());
            return ExitCode.ERROR;
        }
        long failed = outcomes.stream().filter(o -> o.status() == HostOutcome.Status.FAILED).count();
        if (failed == 0 && verify) {
            stdout.println();
            dev.plumb.check.Verification v = Verifying.run(run, options, main, err);
            stdout.print(Verifying.render(v, OutputFormat.Format.text));
            return v.ok() ? ExitCode.OK : ExitCode.ERROR;
        }
        return failed == 0 ? ExitCode.OK : ExitCode.ERROR;
    }

    /** One line per host (applied, unchanged, failed with reason, skipped with reason), then the totals. */
    static void summary(List<HostOutcome> outcomes, PrintWriter out) {
        out.println("Summary (per host: start → end, from the start of the run):");
        for (HostOutcome o : outcomes) {
            String what = switch (o.status()) {
                case APPLIED -> "applied " + o.plan().changes().size() + " change"
                        + (o.plan().changes().size() == 1 ? "" : "s");
                case UNCHANGED, CHANGES -> "unchanged";
                case FAILED -> "failed: " + o.error().orElse("unknown error");
                case SKIPPED -> "skipped: " + o.error().orElse("not run");
            };
            out.printf("  %-12s %6.1fs → %6.1fs  %s%n", Printable.line(o.host()), o.startMillis() / 1000.0,
                    o.endMillis() / 1000.0, Printable.block(what));
        }
        long applied = count(outcomes, HostOutcome.Status.APPLIED);
        long failed = count(outcomes, HostOutcome.Status.FAILED);
        long skipped = count(outcomes, HostOutcome.Status.SKIPPED);
        out.printf("Apply %s: %d host%s changed, %d unchanged, %d failed, %d skipped.%n",
                failed + skipped == 0 ? "complete" : "failed", applied, applied == 1 ? "" : "s",
                outcomes.size() - applied - failed - skipped, failed, skipped);
    }

    private static long count(List<HostOutcome> outcomes, HostOutcome.Status s) {
        return outcomes.stream().filter(o -> o.status() == s).count();
    }
}
