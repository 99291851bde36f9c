package dev.plumb.cli;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.plumb.git.FileStat;
import dev.plumb.git.GitException;
import dev.plumb.git.RecordCommit;
import dev.plumb.git.RecordRefs;
import dev.plumb.git.Repo;
import dev.plumb.git.RevisionTree;
import dev.plumb.json.JsonReader;
import dev.plumb.model.Printable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Where each host stands against the desired state's current commit. Read-only; touches no host. */
@Command(name = "status", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Show, per host, the commit last applied to it, how many commits the desired state has",
            "moved since, and the desired-state files that changed since then (like git diff --stat).",
            "",
            "Reads only git: the records that 'plumb apply' writes on refs/plumb/applied/INVENTORY,",
            "in the repository holding PLAYBOOK (or else the inventory). No host is contacted.",
            "Exits 0 when every recorded host is at the current commit, 2 otherwise, 1 on error.",
        })
final class StatusCommand extends GitCommand {
    @Option(names = {"-i", "--inventory"}, paramLabel = "INVENTORY", required = true,
            description = "The inventory whose applies to look at.")
    Path inventory;

    @Parameters(index = "0", arity = "0..1", paramLabel = "PLAYBOOK",
            description = "The playbook; its repository is the one read (default: the inventory's).")
    Optional<Path> playbook = Optional.empty();

    @Override
    Path where() {
        return playbook.orElse(inventory);
    }

    @Override
    int run(Repo repo, PrintWriter out, PrintWriter err) throws GitException {
        try {
            String head = repo.at("HEAD").commitId();
            List<RecordCommit> last = repo.log(RecordRefs.applied(inventory), 1);
            if (last.isEmpty()) {
                out.println("No applies recorded for " + inventory + " yet; current commit " + shortId(head) + ".");
                return ExitCode.CHANGES;
            }
            RevisionTree records = repo.at(last.get(0).commit());
            boolean behind = false;
            for (String file : last.get(0).files()) {
                if (!file.endsWith(".json")) {
                    continue;
                }
                Map<?, ?> r = (Map<?, ?>) JsonReader.read(new String(records.read(file), StandardCharsets.UTF_8));
                String applied = String.valueOf(r.get("desired_commit"));
                String host = String.valueOf(r.get("host"));
                if (applied.equals(head)) {
                    out.println(Printable.line(host + ": at " + shortId(head) + " (" + r.get("outcome") + " "
                            + r.get("time") + ")"));
                    continue;
                }
                behind = true;
                int commits = repo.commitsBetween(applied, head);
                List<String> paths = ((List<?>) r.get("paths")).stream().map(String::valueOf).toList();
                List<FileStat> changed = repo.diffStat(applied, head, paths);
                out.println(Printable.line(host + ": " + commits + " commit" + (commits == 1 ? "" : "s")
                        + " behind (last applied " + shortId(applied) + ", " + r.get("outcome") + " " + r.get("time")
                        + "; now " + shortId(head) + ")"));
                changed.forEach(s -> out.println(Printable.line("    " + s.path() + " | +" + s.added() + " -"
                        + s.removed())));
            }
            return behind ? ExitCode.CHANGES : ExitCode.OK;
        } catch (IllegalArgumentException | ClassCastException e) {
            err.println("error: a record on " + RecordRefs.applied(inventory) + " is not one plumb wrote: "
                    + e.getMessage());
            return ExitCode.ERROR;
        }
    }

    private static String shortId(String commit) {
        return commit.length() > 12 ? commit.substring(0, 12) : commit;
    }
}
