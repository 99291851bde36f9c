package dev.plumb.resource.postgres;

import java.util.List;

import dev.plumb.plan.Change;

/**
 * One server's plan and the steps that carry it out.
 *
 * @param changes what differs, as shown to the operator, in the order the steps make them
 * @param steps   what to run, in dependency order; empty when {@code errors} is not
 * @param errors  why the desired state cannot be reached (one line each); nothing is applied then
 * @param notes   things the operator should know that are not changes, e.g. a setting that
 *                waits for a restart plumb may not do
 */
public record PgWork(List<Change> changes, List<PgStep> steps, List<String> errors, List<String> notes) {
    public PgWork {
        changes = List.copyOf(changes);
        steps = List.copyOf(steps);
        errors = List.copyOf(errors);
        notes = List.copyOf(notes);
    }

    /** No change to make (and nothing wrong). */
    public boolean isEmpty() {
        return changes.isEmpty() && errors.isEmpty();
    }
}
