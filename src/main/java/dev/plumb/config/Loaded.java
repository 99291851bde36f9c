package dev.plumb.config;

import dev.plumb.model.Diagnostic;
import java.util.List;
import java.util.Optional;

/**
 * The result of loading configuration: a value when, and only when, there is no diagnostic.
 * Diagnostics are every problem found in every file, ordered by file, line and column, and
 * never contain a secret value. {@code warnings} do not stop a load (a secret too short to mask
 * safely); they are told beside the value.
 */
public record Loaded<T>(Optional<T> value, List<Diagnostic> diagnostics, List<Diagnostic> warnings) {

    public Loaded {
        diagnostics = List.copyOf(diagnostics);
        warnings = List.copyOf(warnings);
        if (value.isPresent() && !diagnostics.isEmpty()) {
            throw new IllegalArgumentException("a loaded value cannot come with diagnostics");
        }
    }

    public Loaded(Optional<T> value, List<Diagnostic> diagnostics) {
        this(value, diagnostics, List.of());
    }

    /** {@code value} unless there are diagnostics. */
    static <T> Loaded<T> of(T value, List<Diagnostic> diagnostics) {
        return new Loaded<>(diagnostics.isEmpty() ? Optional.of(value) : Optional.empty(), diagnostics);
    }

    public boolean ok() {
        return diagnostics.isEmpty();
    }
}
