package dev.plumb.resource.postgres;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import dev.plumb.model.ResourceAddress;
import dev.plumb.plan.Change;

/**
 * One server's plan and the steps that carry it out.
 *
 * @param changes what differs, as shown to the operator, in the order the steps make them
 * @param steps   what to run, in dependency order; empty when {@code errors} is not
 * @param errors  why the desired state cannot be reached (one line each); nothing is applied then
 * @param notes   things the operator should know that are not changes, e.g. a setting that
 *                waits for a restart plumb may not do
 * @param missing objects that present grants name and that do not exist (nor does this plan make
 *                them): errors, unless migrations of their database run in the same plan and
 *                may create them ({@link PostgresPart} decides); the steps leave those grants out
 * @param about   for an error of {@code errors} that concerns one declared resource, keyed by
 *                the error's text: that resource (so that it is shown at its file:line:col), the
 *                error as said of it, and a hint
 */
public record PgWork(List<Change> changes, List<PgStep> steps, List<String> errors, List<String> notes,
                     List<Missing> missing, Map<String, About> about) {
    public PgWork {
        changes = List.copyOf(changes);
        steps = List.copyOf(steps);
        errors = List.copyOf(errors);
        notes = List.copyOf(notes);
        missing = List.copyOf(missing);
        about = Map.copyOf(about);
    }

    public PgWork(List<Change> changes, List<PgStep> steps, List<String> errors, List<String> notes) {
        this(changes, steps, errors, notes, List.of(), Map.of());
    }

    /** The declared resource an error concerns, what is wrong with it, and how to fix it. */
    public record About(ResourceAddress address, String message, Optional<String> hint) {
        public About {
            Objects.requireNonNull(address, "address");
            Objects.requireNonNull(message, "message");
            Objects.requireNonNull(hint, "hint");
        }
    }

    /**
     * A schema, table, sequence or function a grant names that is not there, in {@code database}:
     * {@code what} is "grant KEY", {@code problem} what is missing, {@code address} the grant's.
     */
    public record Missing(String database, String what, String problem, ResourceAddress address) {
        /** "grant KEY: problem". */
        public String message() {
            return what + ": " + problem;
        }
    }

    /** No change to make (and nothing wrong or missing). */
    public boolean isEmpty() {
        return changes.isEmpty() && errors.isEmpty() && missing.isEmpty();
    }
}
