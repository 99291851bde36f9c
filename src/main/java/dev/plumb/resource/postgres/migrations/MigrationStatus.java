package dev.plumb.resource.postgres.migrations;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One database's migrations as read: what the history says against the folder.
 *
 * @param databaseExists false when the database does not exist yet; then nothing is applied and
 *                       every migration in the folder is pending
 * @param currentVersion the highest applied version (a baseline counts), empty when none
 * @param applied        migrations the history records as applied, in the order they ran
 * @param pending        what {@code migrate} will run, in order
 * @param baselineAt     the {@code baseline_version} that {@code migrate} will record first, to adopt a
 *                       schema that already holds objects; the folder's migrations up to it are skipped
 * @param problems       drift; those that {@link Problem#blocksMigrate() block migrate} make apply fail
 */
public record MigrationStatus(boolean databaseExists, Optional<String> currentVersion, List<Migration> applied,
                              List<Migration> pending, Optional<String> baselineAt, List<Problem> problems) {

    public MigrationStatus {
        Objects.requireNonNull(currentVersion, "currentVersion");
        Objects.requireNonNull(baselineAt, "baselineAt");
        applied = List.copyOf(applied);
        pending = List.copyOf(pending);
        problems = List.copyOf(problems);
    }

    /** A database that does not exist yet: every migration in the folder is pending. */
    public static MigrationStatus absent(List<Migration> folder) {
        return new MigrationStatus(false, Optional.empty(), List.of(), folder, Optional.empty(), List.of());
    }

    /** The problems that make {@code migrate} refuse to run. */
    public List<Problem> blocking() {
        return problems.stream().filter(Problem::blocksMigrate).toList();
    }

    /** Nothing to apply and nothing drifted. */
    public boolean inSync() {
        return pending.isEmpty() && baselineAt.isEmpty() && problems.isEmpty();
    }
}
