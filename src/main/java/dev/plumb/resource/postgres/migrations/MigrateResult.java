package dev.plumb.resource.postgres.migrations;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What {@code migrate} did.
 *
 * @param from    the version before (after a baseline, if one was recorded), empty when none
 * @param to      the version after, empty when the database has no versioned migration
 * @param applied the migrations that ran, in order
 */
public record MigrateResult(Optional<String> from, Optional<String> to, List<Migration> applied) {

    public MigrateResult {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        applied = List.copyOf(applied);
    }

    /** {@code applied V1, V2 (now at 2)}, or {@code nothing to apply (at 2)}. */
    public String summary() {
        String at = to.map(v -> " at " + v).orElse("");
        if (applied.isEmpty()) {
            return "nothing to apply" + (at.isEmpty() ? "" : " (" + at.strip() + ")");
        }
        return "applied " + String.join(", ", applied.stream().map(Migration::tag).toList())
                + (at.isEmpty() ? "" : " (now" + at + ")");
    }
}
