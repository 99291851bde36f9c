package dev.plumb.resource.postgres.migrations;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import javax.sql.DataSource;

import dev.plumb.resource.postgres.MigrationSpec;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.flywaydb.core.api.output.MigrateOutput;

/**
 * Flyway as plumb configures it: migrations from the spec's folder only, no callbacks (a read
 * must not run {@code beforeInfo.sql}), no placeholders (files run as written), clean disabled,
 * validation on migrate, no out-of-order runs, logging through SLF4J (silent: slf4j-nop), no
 * retries. Flyway's open-source core sends no telemetry (its telemetry manager is a no-op), and
 * {@code Flyway.configure()} reads no {@code flyway.conf}/{@code flyway.toml} or {@code FLYWAY_*}
 * variables unless asked to (both checked against 13.12.1).
 */
final class FlywayRunner {
    private FlywayRunner() {}

    static Flyway flyway(MigrationSpec spec, DataSource dataSource) {
        FluentConfiguration c = Flyway.configure(FlywayRunner.class.getClassLoader())
                .loggers("slf4j")
                .dataSource(dataSource)
                .locations("filesystem:" + spec.location().toAbsolutePath())
                .failOnMissingLocations(true)
                .table(spec.table())
                .encoding(StandardCharsets.UTF_8)
                .placeholderReplacement(false)
                .skipDefaultCallbacks(true)
                .validateMigrationNaming(true)
                .validateOnMigrate(true)
                .ignoreMigrationPatterns("*:future")
                .outOfOrder(false)
                .cleanDisabled(true)
                .connectRetries(0);
        if (!spec.schemas().isEmpty()) {
            c.schemas(spec.schemas().toArray(String[]::new));
        }
        spec.baselineVersion().ifPresent(v -> c.baselineVersion(v).baselineOnMigrate(true));
        return c.load();
    }

    /** Flyway's info, copied out of its types. */
    static List<Entry> info(Flyway flyway) {
        List<Entry> entries = new ArrayList<>();
        for (MigrationInfo i : flyway.info().all()) {
            Entry.Type type = i.getType().isSynthetic()
                    ? (i.getType().isBaseline() ? Entry.Type.BASELINE : Entry.Type.MARKER)
                    : Entry.Type.MIGRATION;
            entries.add(new Entry(Optional.ofNullable(i.getVersion()).map(MigrationVersion::getVersion),
                    i.getDescription(), i.getScript(), type, Entry.State.of(i.getState().name()),
                    Optional.ofNullable(i.getResolvedChecksum()), Optional.ofNullable(i.getAppliedChecksum()),
                    Optional.ofNullable(i.getResolvedDescription()), Optional.ofNullable(i.getAppliedDescription())));
        }
        return entries;
    }

    static MigrateResult migrate(Flyway flyway, Path location) {
        org.flywaydb.core.api.output.MigrateResult r = flyway.migrate();
        List<Migration> applied = new ArrayList<>();
        for (MigrateOutput o : r.migrations) {
            String script = script(location, o.filepath);
            applied.add(o.version == null || o.version.isEmpty()
                    ? Migration.repeatable(o.description, script)
                    : Migration.versioned(o.version, o.description, script));
        }
        Optional<String> from = Optional.ofNullable(r.initialSchemaVersion);
        return new MigrateResult(from, Optional.ofNullable(r.targetSchemaVersion).or(() -> from), applied);
    }

    /** The path of {@code file} relative to the folder, as the history table records it. */
    private static String script(Path location, String file) {
        if (file == null || file.isEmpty()) {
            return "";
        }
        Path p = Path.of(file);
        Path base = location.toAbsolutePath().normalize();
        Path rel = p.isAbsolute() && p.normalize().startsWith(base) ? base.relativize(p.normalize()) : p.getFileName();
        return rel.toString().replace(p.getFileSystem().getSeparator(), "/");
    }
}
