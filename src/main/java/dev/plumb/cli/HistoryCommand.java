package dev.plumb.cli;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.plumb.git.GitException;
import dev.plumb.git.RecordCommit;
import dev.plumb.git.RecordRefs;
import dev.plumb.git.Repo;
import dev.plumb.json.Json;
import dev.plumb.json.JsonReader;
import dev.plumb.model.Printable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Lists recorded applies (or drift reports), newest first. Read-only. */
@Command(name = "history", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "List what was applied where, when, by whom and from which commit, newest first.",
            "",
            "Every apply run from a git work tree is recorded as a commit on",
            "refs/plumb/applied/INVENTORY (one JSON per host), and every 'drift --record' on",
            "refs/plumb/drift/INVENTORY. The repository is the one holding the inventory (or the",
            "current directory). Nothing is changed.",
        })
final class HistoryCommand extends GitCommand {
    @Option(names = {"-i", "--inventory"}, paramLabel = "INVENTORY",
            description = "Only this inventory's records (default: every inventory's).")
    Optional<Path> inventory = Optional.empty();

    @Option(names = "--host", paramLabel = "HOST", description = "Only records that name this host.")
    Optional<String> host = Optional.empty();

    @Option(names = "--limit", paramLabel = "N", defaultValue = "20", description = "At most N records (default 20).")
    int limit = 20;

    @Option(names = "--drift", description = "The drift reports recorded with 'plumb drift --record' instead.")
    boolean drift;

    @Option(names = "--json", description = "Print the records as a JSON document.")
    boolean json;

    @Override
    Path where() {
        return inventory.orElse(Path.of(""));
    }

    @Override
    String notARepositoryHint() {
        return "; plumb records applies in the repository that holds the desired state";
    }

    @Override
    Optional<String> refusal() {
        return limit < 1 ? Optional.of("--limit must be at least 1, not " + limit) : Optional.empty();
    }

    @Override
    int run(Repo repo, PrintWriter out, PrintWriter err) throws GitException {
        String prefix = drift ? RecordRefs.DRIFT : RecordRefs.APPLIED;
        List<String> refs = inventory.isPresent()
                ? List.of(drift ? RecordRefs.drift(inventory.get()) : RecordRefs.applied(inventory.get()))
                : repo.refs(prefix);
        List<Map<String, Object>> rows = new ArrayList<>();
        for (String ref : refs) {
            for (RecordCommit c : repo.log(ref, limit)) {
                rows.addAll(rows(repo, ref.substring(prefix.length()), c));
            }
        }
        rows.sort((a, b) -> String.valueOf(b.get("time")).compareTo(String.valueOf(a.get("time"))));
        List<Map<String, Object>> shown = rows.stream().limit(limit).toList();
        if (json) {
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("format_version", 1);
            doc.put("document", drift ? "drift_history" : "history");
            doc.put("records", shown);
            out.print(Json.write(doc));
        } else if (shown.isEmpty()) {
            out.println(drift ? "No drift reports recorded." : "No applies recorded.");
        } else {
            shown.forEach(r -> out.println(line(r)));
        }
        return ExitCode.OK;
    }

    /** The rows of one record commit: one per host for applies (filtered by --host), one for drift. */
    private List<Map<String, Object>> rows(Repo repo, String inventoryName, RecordCommit c) throws GitException {
        List<Map<String, Object>> out = new ArrayList<>();
        if (drift) {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("inventory", inventoryName);
            r.put("time", c.time().toString());
            r.put("operator", c.author().toString());
            r.put("record", c.commit());
            r.put("summary", c.message());
            if (host.isEmpty() || c.message().contains(host.get())
                    || new String(repo.at(c.commit()).read("drift.json"), StandardCharsets.UTF_8).contains(
                            "\"" + host.get() + "\"")) {
                out.add(r);
            }
            return out;
        }
        var tree = repo.at(c.commit());
        for (String file : c.files()) {
            if (!file.endsWith(".json")) {
                continue;
            }
            Object doc = JsonReader.read(new String(tree.read(file), StandardCharsets.UTF_8));
            if (!(doc instanceof Map<?, ?> m) || host.isPresent() && !host.get().equals(m.get("host"))) {
                continue;
            }
            // Only the hosts this commit itself recorded (the tree keeps every host's last record).
            if (!c.message().endsWith("[run " + m.get("run") + "]")) {
                continue;
            }
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("inventory", inventoryName);
            m.forEach((k, v) -> r.put(String.valueOf(k), v));
            r.put("record", c.commit());
            out.add(r);
        }
        return out;
    }

    private String line(Map<String, Object> r) {
        if (drift) {
            return Printable.line(r.get("time") + "  " + r.get("inventory") + "  " + r.get("summary") + "  by "
                    + r.get("operator"));
        }
        String commit = String.valueOf(r.get("desired_commit"));
        String shortCommit = commit.length() > 12 ? commit.substring(0, 12) : commit;
        Object reason = r.get("reason");
        return Printable.line(r.get("time") + "  " + r.get("inventory") + "  " + r.get("host") + "  "
                + r.get("outcome") + "  from " + shortCommit + (Boolean.TRUE.equals(r.get("dirty")) ? " (dirty)" : "")
                + "  by " + r.get("operator")
                + (reason == null || String.valueOf(reason).isEmpty() ? "" : "  (" + reason + ")"));
    }
}
