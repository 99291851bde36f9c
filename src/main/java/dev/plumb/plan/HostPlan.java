package dev.plumb.plan;

import java.util.List;
import java.util.Optional;

import dev.plumb.model.Diagnostic;

/**
 * The changes for one host, or the reason it could not be planned, and notes the operator
 * should read that are not changes (a setting waiting for a restart, a password that cannot
 * be verified).
 *
 * @param error    every problem, as one text for the summary and the host's line
 * @param problems the same problems as data, each with its resource and declaring location
 */
public record HostPlan(String host, List<Change> changes, Optional<String> error, List<String> notes,
                       List<Diagnostic> problems) {
    public HostPlan {
        changes = List.copyOf(changes);
        notes = List.copyOf(notes);
        problems = List.copyOf(problems);
    }

    public HostPlan(String host, List<Change> changes, Optional<String> error, List<String> notes) {
        this(host, changes, error, notes, List.of());
    }

    public HostPlan(String host, List<Change> changes, Optional<String> error) {
        this(host, changes, error, List.of());
    }

    public static HostPlan failed(String host, String error) {
        return new HostPlan(host, List.of(), Optional.of(error));
    }

    public boolean isEmpty() {
        return changes.isEmpty() && error.isEmpty();
    }
}
