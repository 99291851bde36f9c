package dev.plumb.config;

import dev.plumb.model.Diagnostic;
import java.util.List;
import java.util.Optional;

/**
 * The result of loading configuration: a value when, and only when, there is no diagnostic.
 * Diagnostics are every problem found in every file, ordered by file, line and column, and
 * never contain a secret value.
 */
public record Loaded<T>(Optional<T> value, List<Diagnostic> diagnostics) {

    public Loaded {
        diagnostics = List.copyOf(diagnostics);
        if (value.isPresent() && !diagnostics.isEmpty()) {
            throw new IllegalArgumentException("a loaded value cannot come with diagnostics");
        }
    }

    /** {@code value} unless there are diagnostics. */
    static <T> Loaded<T> of(T value, List<Diagnostic> diagnostics) {
        return new Loaded<>(diagnostics.isEmpty() ? Optional.of(value) : Optional.empty(), diagnostics);
    }

    public boolean ok() {
        return diagnostics.isEmpty();
    }
}
