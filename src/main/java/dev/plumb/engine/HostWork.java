package dev.plumb.engine;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import dev.plumb.model.Presence;
import dev.plumb.model.Redactor;
import dev.plumb.model.ResourceAddress;
import dev.plumb.plan.Action;
import dev.plumb.plan.Change;
import dev.plumb.plan.HostPlan;
import dev.plumb.resource.file.FilePlanner;
import dev.plumb.resource.file.FileSpec;
import dev.plumb.resource.file.FileState;
import dev.plumb.resource.systemd.ServiceOps;
import dev.plumb.resource.systemd.ServicePlanner;
import dev.plumb.resource.systemd.ServiceSpec;

/**
 * One host's plan together with the operations that carry it out. Pure: derived from the
 * desired resources and the facts alone.
 *
 * @param fileWrites files to write (declaration order); {@code fileDeletes} paths to remove
 * @param restarts   services whose restart is due; recorded on the host before any write
 */
record HostWork(HostPlan plan, List<FileSpec> fileWrites, List<String> fileDeletes, List<ServiceOps> services,
                Set<String> restarts) {

    static HostWork of(HostInput in, HostFacts facts, Redactor redactor) {
        List<Change> changes = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        List<FileSpec> writes = new ArrayList<>();
        List<String> deletes = new ArrayList<>();
        Set<String> changedPaths = new LinkedHashSet<>();
        for (int i = 0; i < in.files().size(); i++) {
            FileSpec spec = in.files().get(i);
            FileState actual = facts.files().get(i);
            if (actual instanceof FileState.Other) {
                errors.add(spec.path() + " exists but is not a regular file; plumb will not replace it");
                continue;
            }
            Optional<Change> c = FilePlanner.diff(spec, actual, redactor);
            if (c.isEmpty()) {
                continue;
            }
            changes.add(c.get());
            changedPaths.add(spec.path());
            if (spec.state() == Presence.ABSENT) {
                deletes.add(spec.path());
            } else {
                writes.add(spec);
            }
        }

        // Files in an exclusive directory that no declared file names: removed.
        Set<String> declared = new LinkedHashSet<>();
        in.files().forEach(f -> declared.add(f.path()));
        for (var dir : facts.exclusive().entrySet()) {
            for (String name : dir.getValue()) {
                String path = (dir.getKey().equals("/") ? "" : dir.getKey()) + "/" + name;
                if (declared.contains(path) || name.startsWith(".plumb.")) {
                    continue;
                }
                changes.add(Change.of(new ResourceAddress(in.host(), FileSpec.KIND, path), Action.DELETE, List.of())
                        .withReason("not declared, and the files of " + dir.getKey() + " are exclusive"));
                deletes.add(path);
            }
        }

        List<ServiceOps> ops = new ArrayList<>();
        Set<String> restarts = new LinkedHashSet<>();
        for (int i = 0; i < in.services().size(); i++) {
            ServiceSpec spec = in.services().get(i);
            List<String> reasons = new ArrayList<>();
            for (FileSpec f : in.files()) {
                if (changedPaths.contains(f.path()) && f.notifies().contains(spec.name())) {
                    reasons.add("notified by " + f.path());
                }
            }
            spec.restartOn().stream().filter(changedPaths::contains).forEach(p -> reasons.add(p + " changed"));
            if (facts.pending().contains(spec.name())) {
                reasons.add("pending from an interrupted run");
            }
            ServicePlanner.Result r = ServicePlanner.diff(spec, facts.unitFiles().get(i), facts.units().get(i),
                    List.copyOf(new LinkedHashSet<>(reasons)), redactor);
            r.error().ifPresent(errors::add);
            changes.addAll(r.changes());
            if (!r.ops().isEmpty()) {
                ops.add(r.ops());
            }
            if (r.ops().restart()) {
                restarts.add(spec.name());
            }
        }
        HostPlan plan = errors.isEmpty()
                ? new HostPlan(in.host(), changes, Optional.empty())
                : new HostPlan(in.host(), changes, Optional.of(String.join("; ", errors)));
        return new HostWork(plan, writes, deletes, ops, restarts);
    }

    boolean isEmpty() {
        return plan.changes().isEmpty();
    }
}
