package dev.plumb.plan;

import java.util.List;

/** Every change for every host, in host order. */
public record Plan(List<HostPlan> hosts) {
    public Plan {
        hosts = List.copyOf(hosts);
    }

    public boolean hasChanges() {
        return hosts.stream().anyMatch(h -> !h.changes().isEmpty());
    }

    public boolean hasErrors() {
        return hosts.stream().anyMatch(h -> h.error().isPresent());
    }

    public long count(Action action) {
        return hosts.stream().flatMap(h -> h.changes().stream()).filter(c -> c.action() == action).count();
    }

    /** "Plan: 2 to create, 1 to update, 0 to delete, 1 restart on 3 hosts." */
    public String summary() {
        return summary("Plan");
    }

    /** The summary line under another title, such as "Drift". */
    public String summary(String title) {
        long restarts = count(Action.RESTART);
        return title + ": %d to create, %d to update, %d to delete, %d restart%s on %d host%s.".formatted(
                count(Action.CREATE), count(Action.UPDATE), count(Action.DELETE),
                restarts, restarts == 1 ? "" : "s", hosts.size(), hosts.size() == 1 ? "" : "s");
    }
}
