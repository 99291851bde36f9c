package dev.plumb.resource.postgres.migrations;

import java.util.Objects;
import java.util.Optional;

/**
 * One row of Flyway's {@code info}: a migration in the folder, in the history table, or both,
 * copied out of Flyway's types so that classifying it ({@link Classifier}) is pure. The
 * {@code file*} fields are empty when there is no file, the {@code applied*} ones when it never ran.
 */
record Entry(Optional<String> version, String description, String script, Type type, State state,
             Optional<Integer> fileChecksum, Optional<Integer> appliedChecksum,
             Optional<String> fileDescription, Optional<String> appliedDescription) {

    /** A real migration, the baseline marker, or another marker Flyway writes (schema creation, deletion). */
    enum Type { MIGRATION, BASELINE, MARKER }

    /** Flyway's {@code MigrationState}, by name; {@link #OTHER} for states of paid editions. */
    enum State {
        PENDING, ABOVE_TARGET, BELOW_BASELINE, BASELINE_IGNORED, BASELINE, IGNORED, MISSING_SUCCESS, MISSING_FAILED,
        SUCCESS, FAILED, OUT_OF_ORDER, FUTURE_SUCCESS, FUTURE_FAILED, OUTDATED, SUPERSEDED, DELETED, OTHER;

        static State of(String name) {
            for (State s : values()) {
                if (s.name().equals(name)) {
                    return s;
                }
            }
            return OTHER;
        }
    }

    Entry {
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(script, "script");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(fileChecksum, "fileChecksum");
        Objects.requireNonNull(appliedChecksum, "appliedChecksum");
        Objects.requireNonNull(fileDescription, "fileDescription");
        Objects.requireNonNull(appliedDescription, "appliedDescription");
    }

    Migration migration() {
        return new Migration(version, description, script);
    }
}
