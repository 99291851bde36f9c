package dev.plumb.resource.postgres.migrations;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import org.flywaydb.core.api.Location;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.internal.resolver.ChecksumCalculator;
import org.flywaydb.core.internal.resource.filesystem.FileSystemResource;

/**
 * A database's Flyway history as read from its table (without Flyway or a connection of its own),
 * checked against a migrations folder: for {@code plumb import}, which writes a {@code migrations}
 * entry only when a plan of it would find nothing to do. Checksums are Flyway's own.
 */
public final class AppliedHistory {
    /** One row of the history table; {@code type} is Flyway's ({@code SQL}, {@code BASELINE}, {@code SCHEMA}...). */
    public record Row(Optional<String> version, String description, String type, String script,
                      Optional<Integer> checksum, String installedBy, boolean success) {
        public Row {
            Objects.requireNonNull(version, "version");
            Objects.requireNonNull(description, "description");
            Objects.requireNonNull(type, "type");
            Objects.requireNonNull(script, "script");
            Objects.requireNonNull(checksum, "checksum");
            Objects.requireNonNull(installedBy, "installedBy");
        }

        boolean migration() {
            return type.equals("SQL") || type.equals("JDBC") || type.equals("SPRING_JDBC");
        }
    }

    private AppliedHistory() {}

    /**
     * Where {@code rows} and the migrations in {@code folder} disagree, one line each: failed,
     * edited, pending or missing migrations. Empty when a plan would find them in sync.
     */
    public static List<String> mismatches(Path folder, List<Row> rows) throws MigrationException {
        List<Migration> files = MigrationFiles.scan(folder);
        List<String> out = new ArrayList<>();
        rows.stream().filter(r -> !r.success()).forEach(r -> out.add(r.script() + " is recorded as failed"));
        Optional<MigrationVersion> baseline = rows.stream().filter(r -> r.type().equals("BASELINE") && r.success())
                .flatMap(r -> r.version().stream()).map(MigrationVersion::fromVersion).max(MigrationVersion::compareTo);
        List<Row> applied = rows.stream().filter(r -> r.success() && r.migration()).toList();
        for (Migration m : files) {
            int checksum = checksum(folder, m);
            if (m.version().isPresent()) {
                MigrationVersion v = MigrationVersion.fromVersion(m.version().get());
                Optional<Row> row = applied.stream().filter(r -> r.version().map(MigrationVersion::fromVersion)
                        .filter(v::equals).isPresent()).findFirst();
                if (row.isEmpty()) {
                    if (baseline.isEmpty() || v.compareTo(baseline.get()) > 0) {
                        out.add(m.script() + " is not applied");
                    }
                } else if (!row.get().checksum().equals(Optional.of(checksum))) {
                    out.add(m.script() + " was edited after it was applied (its checksum differs from the history's)");
                } else if (!row.get().description().equals(m.description())) {
                    out.add(m.tag() + " was applied as '" + row.get().description() + "' but its file says '"
                            + m.description() + "'");
                }
            } else {
                Optional<Row> last = applied.stream().filter(r -> r.version().isEmpty()
                        && r.description().equals(m.description())).reduce((a, b) -> b);
                if (last.isEmpty()) {
                    out.add(m.script() + " is not applied");
                } else if (!last.get().checksum().equals(Optional.of(checksum))) {
                    out.add(m.script() + " changed since it was last applied; a plan would run it again");
                }
            }
        }
        for (Row r : applied) {
            boolean inFolder = r.version().isPresent()
                    ? files.stream().anyMatch(m -> m.version().map(MigrationVersion::fromVersion)
                            .equals(r.version().map(MigrationVersion::fromVersion)))
                    : files.stream().anyMatch(m -> m.version().isEmpty() && m.description().equals(r.description()));
            if (!inFolder) {
                out.add(r.script() + " is applied but not in the folder");
            }
        }
        return out;
    }

    /** The one user every applied migration ran as, if there is one. */
    public static Optional<String> installedBy(List<Row> rows) {
        List<String> users = rows.stream().filter(Row::migration).map(Row::installedBy).distinct().toList();
        return users.size() == 1 ? Optional.of(users.get(0)) : Optional.empty();
    }

    private static int checksum(Path folder, Migration m) throws MigrationException {
        try {
            return ChecksumCalculator.calculate(new FileSystemResource(new Location("filesystem:" + folder),
                    folder.resolve(m.script()).toString(), StandardCharsets.UTF_8, false));
        } catch (UncheckedIOException | IllegalStateException e) {
            throw new MigrationException("cannot read " + m.script() + " in " + folder + ": " + e.getMessage());
        } catch (RuntimeException e) {
            if (e.getCause() instanceof IOException io) {
                throw new MigrationException("cannot read " + m.script() + " in " + folder + ": " + io.getMessage());
            }
            throw e;
        }
    }
}
