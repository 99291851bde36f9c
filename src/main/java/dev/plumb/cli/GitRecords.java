package dev.plumb.cli;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

import dev.plumb.config.Desired;
import dev.plumb.engine.HostOutcome;
import dev.plumb.git.GitException;
import dev.plumb.git.RecordRefs;
import dev.plumb.git.Repo;
import dev.plumb.git.Status;
import dev.plumb.io.SourceTree;
import dev.plumb.json.Json;
import dev.plumb.plan.Action;
import dev.plumb.plan.GitState;
import dev.plumb.plan.JsonRenderer;
import dev.plumb.plan.Plan;
import dev.plumb.plan.TextRenderer;

/**
 * What the CLI keeps in git (records are read back by {@code HistoryCommand} and {@code StatusCommand}): the revision a plan was read from, and the append-only records of
 * applies ({@code refs/plumb/applied/INVENTORY}, one JSON per host) and of drift reports
 * ({@code refs/plumb/drift/INVENTORY}). Records hold no secret and no secret fingerprint: only
 * commits, paths, counts, outcomes and redacted reasons.
 */
final class GitRecords {
    private GitRecords() {}

    /** The repository holding {@code playbook}, if any. */
    static Optional<Repo> repo(Path playbook) throws GitException {
        return Repo.find(playbook.toAbsolutePath().normalize());
    }

    /**
     * The commit the desired state was read at (with --rev, the commit {@code tree} reads), its
     * files' repository paths, and the dirty ones (none when read from a commit).
     */
    static Optional<GitState> state(Desired desired, SourceTree tree, boolean allowDirty) throws GitException {
        Optional<Repo> found = repo(desired.playbook());
        if (found.isEmpty()) {
            return Optional.empty();
        }
        try (Repo repo = found.get()) {
            return state(repo, desired, tree, allowDirty);
        }
    }

    private static Optional<GitState> state(Repo repo, Desired desired, SourceTree tree, boolean allowDirty)
            throws GitException {
        if (repo.isBare() && tree.commit().isEmpty()) {
            return Optional.empty(); // files on disk inside a bare repository's directory: no commit holds them
        }
        List<Path> read = new ArrayList<>();
        read.add(desired.playbook().toAbsolutePath().normalize());
        desired.sources().forEach(f -> read.add(f.path().toAbsolutePath().normalize()));
        // Files outside the work tree (an inventory elsewhere) have no repository path and no status.
        List<Path> files = new ArrayList<>();
        List<String> paths = new ArrayList<>();
        for (Path f : read) {
            try {
                String rel = repo.relativePath(f);
                if (!paths.contains(rel)) {
                    paths.add(rel);
                    files.add(f);
                }
            } catch (GitException outside) {
                // not in this repository
            }
        }
        if (tree.commit().isPresent()) {
            return Optional.of(new GitState(tree.commit().get(), paths, List.of(), allowDirty, true));
        }
        Status status = repo.status(files);
        return Optional.of(new GitState(status.head().orElse("(no commit yet)"), paths,
                status.dirty().stream().map(Status.Dirty::path).toList(), allowDirty, false));
    }

    /** Appends one record of an apply: one JSON per host, kept beside the other hosts' last records. */
    static void recordApply(Desired desired, SourceTree tree, Path inventory, List<HostOutcome> outcomes,
                            Optional<String> push) throws GitException {
        Optional<Repo> found = repo(desired.playbook());
        if (found.isEmpty()) {
            return;
        }
        try (Repo repo = found.get()) {
            Optional<GitState> state = state(repo, desired, tree, true);
            if (state.isEmpty()) {
                return;
            }
            GitState git = state.get();
            String operator = repo.author().toString();
            Instant now = Instant.now();
            String run = java.util.UUID.randomUUID().toString();
            Map<String, byte[]> files = new LinkedHashMap<>();
            for (HostOutcome o : outcomes) {
                Map<String, Object> r = new LinkedHashMap<>();
                r.put("host", o.host());
                r.put("run", run);
                r.put("desired_commit", git.commit());
                r.put("dirty", !git.dirty().isEmpty());
                r.put("paths", git.paths());
                r.put("time", now.toString());
                r.put("operator", operator);
                r.put("outcome", outcome(o.status()));
                r.put("reason", o.error());
                r.put("summary", counts(new Plan(List.of(o.plan()))));
                files.put(o.host() + ".json", Json.write(r).getBytes(StandardCharsets.UTF_8));
            }
            long failed = outcomes.stream().filter(o -> o.status() == HostOutcome.Status.FAILED).count();
            String message = "apply " + git.commit().substring(0, Math.min(12, git.commit().length())) + ": "
                    + outcomes.size() + " host" + (outcomes.size() == 1 ? "" : "s")
                    + (failed > 0 ? ", " + failed + " failed" : "") + " [run " + run + "]";
            append(repo, RecordRefs.applied(inventory), previous -> {
                Map<String, byte[]> next = new LinkedHashMap<>(previous);
                next.putAll(files);
                return next;
            }, message, push);
        }
    }

    /** Appends one drift report: the JSON document and the readable summary; false when not in a repository. */
    static boolean recordDrift(Desired desired, Path inventory, Plan plan, Optional<String> push) throws GitException {
        Optional<Repo> found = repo(desired.playbook());
        if (found.isEmpty()) {
            return false;
        }
        try (Repo repo = found.get()) {
            Map<String, byte[]> files = Map.of(
                    "drift.json", JsonRenderer.renderDrift(plan).getBytes(StandardCharsets.UTF_8),
                    "summary.txt", TextRenderer.drift(plan).getBytes(StandardCharsets.UTF_8));
            String message = plan.hasChanges() ? "drift: " + plan.summary("Drift") : "no drift";
            append(repo, RecordRefs.drift(inventory), previous -> files, message, push);
            return true;
        }
    }

    /** Appends a record commit on {@code ref} as the repository's author, then pushes it if asked. */
    private static void append(Repo repo, String ref, UnaryOperator<Map<String, byte[]>> update,
                               String message, Optional<String> push) throws GitException {
        repo.appendRecord(ref, update, message, repo.author());
        if (push.isPresent()) {
            repo.pushRecords(push.get(), ref);
        }
    }

    private static String outcome(HostOutcome.Status s) {
        return switch (s) {
            case APPLIED -> "applied";
            case UNCHANGED, CHANGES -> "unchanged";
            case FAILED -> "failed";
            case SKIPPED -> "skipped";
        };
    }

    private static Map<String, Object> counts(Plan plan) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("create", plan.count(Action.CREATE));
        m.put("update", plan.count(Action.UPDATE));
        m.put("delete", plan.count(Action.DELETE));
        m.put("restart", plan.count(Action.RESTART));
        return m;
    }
}
