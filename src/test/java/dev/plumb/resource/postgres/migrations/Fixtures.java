package dev.plumb.resource.postgres.migrations;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import dev.plumb.resource.postgres.MigrationSpec;

/** Flyway info rows as Flyway 13 reports them for the situations plumb must tell apart. */
final class Fixtures {
    private Fixtures() {}

    static MigrationSpec spec(Optional<String> baseline) {
        return new MigrationSpec("db1", "flaskapp_prod", Path.of("playbooks/migrations/flaskapp"),
                Optional.of("flaskapp"), List.of(), baseline, MigrationSpec.DEFAULT_TABLE);
    }

    static MigrationSpec spec() {
        return spec(Optional.empty());
    }

    static Entry pending(String version, String description) {
        return row(version, description, Entry.State.PENDING, Optional.of(7), Optional.empty());
    }

    static Entry applied(String version, String description) {
        return row(version, description, Entry.State.SUCCESS, Optional.of(7), Optional.of(7));
    }

    /** Applied, then the file changed: the checksums differ. */
    static Entry edited(String version, String description) {
        return row(version, description, Entry.State.SUCCESS, Optional.of(8), Optional.of(7));
    }

    /** Applied, no file: {@code MISSING_SUCCESS} below the newest file, {@code FUTURE_SUCCESS} above. */
    static Entry applied(String version, String description, Entry.State state) {
        return row(version, description, state, Optional.empty(), Optional.of(7));
    }

    static Entry row(String version, String description, Entry.State state, Optional<Integer> file,
                     Optional<Integer> applied) {
        String script = "V" + version.replace('.', '_') + "__" + description.replace(' ', '_') + ".sql";
        return new Entry(Optional.of(version), description, script, Entry.Type.MIGRATION, state, file, applied,
                file.map(x -> description), applied.map(x -> description));
    }

    static Entry baselineMarker(String version) {
        return new Entry(Optional.of(version), "<< Flyway Baseline >>", "<< Flyway Baseline >>", Entry.Type.BASELINE,
                Entry.State.BASELINE, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
    }

    static Entry schemaMarker() {
        return new Entry(Optional.of("0"), "<< Flyway Schema Creation >>", "\"app\"", Entry.Type.MARKER,
                Entry.State.SUCCESS, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
    }

    static Migration m(String version, String description) {
        return Migration.versioned(version, description,
                "V" + version.replace('.', '_') + "__" + description.replace(' ', '_') + ".sql");
    }
}
