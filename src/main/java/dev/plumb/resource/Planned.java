package dev.plumb.resource;

import java.util.List;

import dev.plumb.model.Diagnostic;
import dev.plumb.plan.Change;

/**
 * One part's plan: the changes shown to the operator, the steps that make them, the problems
 * that stop the host from being applied (each naming its resource where it has one), and notes.
 */
public record Planned(List<Change> changes, List<Step> steps, List<Diagnostic> problems, List<String> notes) {
    public static final Planned NONE = new Planned(List.of(), List.of(), List.of(), List.of());

    public Planned {
        changes = List.copyOf(changes);
        steps = List.copyOf(steps);
        problems = List.copyOf(problems);
        notes = List.copyOf(notes);
    }
}
