package dev.plumb.model;

import java.util.Optional;

/**
 * Record constructors enforce their invariants with the same checks the loader turns into
 * diagnostics: each check returns why a value is invalid, and {@link #require} throws it.
 */
public final class Valid {
    private Valid() {
    }

    /** @throws IllegalArgumentException carrying {@code problem}, if there is one */
    public static void require(Optional<String> problem) {
        if (problem.isPresent()) {
            throw new IllegalArgumentException(problem.get());
        }
    }
}
