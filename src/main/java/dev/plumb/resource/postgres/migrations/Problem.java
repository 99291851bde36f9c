package dev.plumb.resource.postgres.migrations;

import java.util.Objects;
import java.util.Optional;

/**
 * Something wrong between the schema history and the folder, with a one-line explanation that
 * says what to do. {@link Kind#blocksMigrate()} kinds make Flyway's {@code migrate} refuse to run.
 */
public record Problem(Kind kind, Optional<Migration> migration, String message) {

    public enum Kind {
        /** An applied migration's file changed since (checksum or description differs). */
        EDITED(true),
        /** The history records a failed migration. */
        FAILED(true),
        /** Applied, no longer in the folder, and older than the folder's newest migration. */
        MISSING(true),
        /** Applied, not in the folder, newer than anything in it: a newer app version migrated. */
        FUTURE(false),
        /** In the folder, never applied, older than the current version: Flyway won't run it. */
        SKIPPED(true),
        /** The schema holds objects but has no history table, and no baseline_version is set. */
        UNMANAGED_SCHEMA(true);

        private final boolean blocksMigrate;

        Kind(boolean blocksMigrate) {
            this.blocksMigrate = blocksMigrate;
        }

        public boolean blocksMigrate() {
            return blocksMigrate;
        }
    }

    public Problem {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(migration, "migration");
        Objects.requireNonNull(message, "message");
    }

    public boolean blocksMigrate() {
        return kind.blocksMigrate();
    }
}
