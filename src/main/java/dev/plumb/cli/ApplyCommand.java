package dev.plumb.cli;

import java.io.PrintWriter;
import java.util.List;

import dev.plumb.engine.Engine;
import dev.plumb.engine.HostOutcome;
import dev.plumb.plan.Plan;
import dev.plumb.plan.TextRenderer;
import picocli.CommandLine.Command;

/** Plans, applies, and checks that the hosts then match. */
@Command(name = "apply", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Bring the hosts into line with the playbook.",
            "",
            "apply plans first, then makes only the changes in the plan, then reads every host",
            "again: a change that did not stick is an error, not a success. A host that fails",
            "is reported and does not stop the others. Services notified by a changed file are",
            "restarted once, after all files are written; a restart cut off by a lost",
            "connection is recorded on the host and done by the next run.",
            "Exits 0 when every host matches, 1 if any host failed.",
        })
final class ApplyCommand extends RunCommand {

    @Override
    int execute(Run run, PrintWriter stdout, PrintWriter err) {
        List<HostOutcome> outcomes = run.engine.run(run.hosts, Engine.Mode.APPLY);
        run.verbose(outcomes, err);
        Plan plan = Engine.toPlan(outcomes);
        String text = TextRenderer.render(plan);
        stdout.print(text.substring(0, text.lastIndexOf(plan.summary())));
        long failed = outcomes.stream().filter(o -> o.status() == HostOutcome.Status.FAILED).count();
        long applied = outcomes.stream().filter(o -> o.status() == HostOutcome.Status.APPLIED).count();
        for (HostOutcome o : outcomes) {
            if (o.status() == HostOutcome.Status.FAILED && o.plan().error().isEmpty()) {
                stdout.println(o.host() + ": error: " + o.error().orElse("failed"));
            }
        }
        stdout.printf("Apply %s: %d host%s changed, %d unchanged, %d failed.%n",
                failed == 0 ? "complete" : "failed", applied, applied == 1 ? "" : "s",
                outcomes.size() - applied - failed, failed);
        return failed == 0 ? ExitCode.OK : ExitCode.ERROR;
    }
}
