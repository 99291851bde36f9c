package dev.plumb.plan;

import java.util.List;
import java.util.Optional;

/** The changes for one host, or the reason it could not be planned. */
public record HostPlan(String host, List<Change> changes, Optional<String> error) {
    public HostPlan {
        changes = List.copyOf(changes);
    }

    public static HostPlan failed(String host, String error) {
        return new HostPlan(host, List.of(), Optional.of(error));
    }

    public boolean isEmpty() {
        return changes.isEmpty() && error.isEmpty();
    }
}
