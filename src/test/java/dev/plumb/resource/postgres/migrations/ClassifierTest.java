package dev.plumb.resource.postgres.migrations;

import static dev.plumb.resource.postgres.migrations.Fixtures.applied;
import static dev.plumb.resource.postgres.migrations.Fixtures.baselineMarker;
import static dev.plumb.resource.postgres.migrations.Fixtures.edited;
import static dev.plumb.resource.postgres.migrations.Fixtures.m;
import static dev.plumb.resource.postgres.migrations.Fixtures.pending;
import static dev.plumb.resource.postgres.migrations.Fixtures.row;
import static dev.plumb.resource.postgres.migrations.Fixtures.schemaMarker;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Flyway's info rows and the schema facts, classified into pending, applied and explained problems. */
class ClassifierTest {
    static final SchemaFacts FRESH = SchemaFacts.fresh("public");
    static final SchemaFacts MANAGED = SchemaFacts.managed("public");

    static MigrationStatus classify(SchemaFacts facts, Optional<String> baseline, Entry... entries) {
        return Classifier.classify(List.of(entries), facts, baseline, "flyway_schema_history");
    }

    static MigrationStatus classify(SchemaFacts facts, Entry... entries) {
        return classify(facts, Optional.empty(), entries);
    }

    @Test
    void aFreshDatabaseHasEverythingPending() {
        MigrationStatus s = classify(FRESH, pending("1", "create notes"), pending("2", "index notes"));
        assertThat(s.databaseExists()).isTrue();
        assertThat(s.pending()).containsExactly(m("1", "create notes"), m("2", "index notes"));
        assertThat(s.applied()).isEmpty();
        assertThat(s.currentVersion()).isEmpty();
        assertThat(s.problems()).isEmpty();
        assertThat(s.inSync()).isFalse();
    }

    @Test
    void upToDate() {
        MigrationStatus s = classify(MANAGED, applied("1", "create notes"), applied("2", "index notes"));
        assertThat(s.pending()).isEmpty();
        assertThat(s.applied()).containsExactly(m("1", "create notes"), m("2", "index notes"));
        assertThat(s.currentVersion()).contains("2");
        assertThat(s.inSync()).isTrue();
    }

    @Test
    void theCurrentVersionComparesNumerically() {
        MigrationStatus s = classify(MANAGED, applied("9", "a"), applied("10", "b"), applied("2.1", "c"));
        assertThat(s.currentVersion()).contains("10");
    }

    @Test
    void oneNewMigration() {
        MigrationStatus s = classify(MANAGED, applied("1", "a"), applied("2", "b"), pending("3", "c"));
        assertThat(s.pending()).containsExactly(m("3", "c"));
        assertThat(s.problems()).isEmpty();
    }

    @Test
    void anEditedMigrationBlocksMigrate() {
        MigrationStatus s = classify(MANAGED, edited("1", "create notes"), applied("2", "index notes"));
        assertThat(s.problems()).singleElement().satisfies(p -> {
            assertThat(p.kind()).isEqualTo(Problem.Kind.EDITED);
            assertThat(p.blocksMigrate()).isTrue();
            assertThat(p.migration()).contains(m("1", "create notes"));
            assertThat(p.message()).isEqualTo("V1__create_notes.sql was edited after it was applied (its checksum"
                    + " differs from the history's); restore it as applied and put the change in a new migration");
        });
        assertThat(s.blocking()).hasSize(1);
    }

    @Test
    void aRenamedMigrationIsEdited() {
        Entry renamed = new Entry(Optional.of("2"), "index notes", "V2__index_notes.sql", Entry.Type.MIGRATION,
                Entry.State.SUCCESS, Optional.of(7), Optional.of(7), Optional.of("add index"), Optional.of("index notes"));
        MigrationStatus s = classify(MANAGED, applied("1", "a"), renamed);
        assertThat(s.problems()).singleElement().satisfies(p -> {
            assertThat(p.kind()).isEqualTo(Problem.Kind.EDITED);
            assertThat(p.message()).isEqualTo("V2 was applied as 'index notes' but its file now says 'add index';"
                    + " rename the file back");
        });
    }

    @Test
    void aFailedMigrationBlocksMigrate() {
        MigrationStatus s = classify(MANAGED, applied("1", "a"), row("2", "b", Entry.State.FAILED,
                Optional.of(7), Optional.of(7)));
        assertThat(s.applied()).containsExactly(m("1", "a"));
        assertThat(s.currentVersion()).contains("1");
        assertThat(s.problems()).singleElement().satisfies(p -> {
            assertThat(p.kind()).isEqualTo(Problem.Kind.FAILED);
            assertThat(p.message()).isEqualTo("V2__b.sql is recorded as failed in public.flyway_schema_history;"
                    + " undo what it did by hand and delete its row there (plumb never runs repair)");
        });
    }

    @Test
    void failedWithoutAFileIsFailedToo() {
        MigrationStatus s = classify(MANAGED, applied("1", "a"),
                row("2", "b", Entry.State.FUTURE_FAILED, Optional.empty(), Optional.of(7)),
                row("0.5", "c", Entry.State.MISSING_FAILED, Optional.empty(), Optional.of(7)));
        assertThat(s.problems()).extracting(Problem::kind).containsExactly(Problem.Kind.FAILED, Problem.Kind.FAILED);
    }

    @Test
    void anAppliedMigrationMissingFromTheFolderBlocksMigrate() {
        MigrationStatus s = classify(MANAGED, applied("1", "create notes", Entry.State.MISSING_SUCCESS),
                applied("2", "index notes"));
        assertThat(s.applied()).containsExactly(m("1", "create notes"), m("2", "index notes"));
        assertThat(s.problems()).singleElement().satisfies(p -> {
            assertThat(p.kind()).isEqualTo(Problem.Kind.MISSING);
            assertThat(p.blocksMigrate()).isTrue();
            assertThat(p.message()).isEqualTo("V1 (create notes) is applied but V1__create_notes.sql is no longer"
                    + " in the folder; restore the file (migrate refuses while an applied migration is missing)");
        });
    }

    @Test
    void migrationsFromANewerAppAreDriftButDoNotBlock() {
        MigrationStatus s = classify(MANAGED, applied("1", "a"), applied("2", "b"),
                applied("3", "tags", Entry.State.FUTURE_SUCCESS));
        assertThat(s.currentVersion()).contains("3");
        assertThat(s.pending()).isEmpty();
        assertThat(s.blocking()).isEmpty();
        assertThat(s.inSync()).isFalse();
        assertThat(s.problems()).singleElement().satisfies(p -> {
            assertThat(p.kind()).isEqualTo(Problem.Kind.FUTURE);
            assertThat(p.message()).isEqualTo("V3 (tags) is applied but V3__tags.sql is not in the folder:"
                    + " a newer version of the app migrated this database");
        });
    }

    @Test
    void aMigrationAddedBelowTheCurrentVersionIsSkippedAndBlocks() {
        MigrationStatus s = classify(MANAGED, applied("1", "a"),
                row("1.5", "between", Entry.State.IGNORED, Optional.of(7), Optional.empty()), applied("2", "b"));
        assertThat(s.pending()).isEmpty();
        assertThat(s.problems()).singleElement().satisfies(p -> {
            assertThat(p.kind()).isEqualTo(Problem.Kind.SKIPPED);
            assertThat(p.message()).isEqualTo("V1_5__between.sql was never applied and is older than the current"
                    + " version 2; Flyway does not run migrations out of order: give it a version above 2");
        });
    }

    @Test
    void anExistingSchemaWithoutHistoryNeedsABaseline() {
        SchemaFacts unmanaged = new SchemaFacts(Optional.of("public"), false, List.of("public"));
        MigrationStatus s = classify(unmanaged, pending("1", "a"), pending("2", "b"));
        assertThat(s.pending()).hasSize(2);
        assertThat(s.baselineAt()).isEmpty();
        assertThat(s.problems()).singleElement().satisfies(p -> {
            assertThat(p.kind()).isEqualTo(Problem.Kind.UNMANAGED_SCHEMA);
            assertThat(p.migration()).isEmpty();
            assertThat(p.message()).isEqualTo("schema public already holds objects but there is no"
                    + " public.flyway_schema_history table; set baseline_version to the version those objects"
                    + " match to adopt them");
        });
    }

    @Test
    void aBaselineAdoptsAnExistingSchema() {
        SchemaFacts unmanaged = new SchemaFacts(Optional.of("public"), false, List.of("public"));
        MigrationStatus s = classify(unmanaged, Optional.of("1"),
                row("1", "a", Entry.State.BASELINE_IGNORED, Optional.of(7), Optional.empty()), pending("2", "b"));
        assertThat(s.baselineAt()).contains("1");
        assertThat(s.pending()).containsExactly(m("2", "b"));
        assertThat(s.problems()).isEmpty();
    }

    @Test
    void aBaselineIsIgnoredOnAnEmptySchemaAndOnceThereIsHistory() {
        assertThat(classify(FRESH, Optional.of("1"), pending("1", "a")).baselineAt()).isEmpty();
        MigrationStatus after = classify(MANAGED, Optional.of("1"),
                row("1", "a", Entry.State.BASELINE_IGNORED, Optional.of(7), Optional.empty()), baselineMarker("1"),
                applied("2", "b"));
        assertThat(after.baselineAt()).isEmpty();
        assertThat(after.currentVersion()).contains("2");
        assertThat(after.applied()).extracting(Migration::description).containsExactly("<< Flyway Baseline >>", "b");
        assertThat(after.inSync()).isTrue();
    }

    @Test
    void markersAndEarlierRepeatableRunsAreNotMigrations() {
        Entry oldRun = new Entry(Optional.empty(), "views", "R__views.sql", Entry.Type.MIGRATION,
                Entry.State.OUTDATED, Optional.empty(), Optional.of(1), Optional.empty(), Optional.of("views"));
        Entry rerun = new Entry(Optional.empty(), "views", "R__views.sql", Entry.Type.MIGRATION,
                Entry.State.PENDING, Optional.of(2), Optional.empty(), Optional.of("views"), Optional.empty());
        MigrationStatus s = classify(MANAGED, schemaMarker(), applied("1", "a"), oldRun, rerun);
        assertThat(s.applied()).containsExactly(m("1", "a"));
        assertThat(s.pending()).containsExactly(Migration.repeatable("views", "R__views.sql"));
        assertThat(s.problems()).isEmpty();
    }

    @Test
    void statesOfPaidEditionsAreIgnored() {
        assertThat(Entry.State.of("UNDONE")).isEqualTo(Entry.State.OTHER);
        assertThat(Entry.State.of("FUTURE_SUCCESS")).isEqualTo(Entry.State.FUTURE_SUCCESS);
        for (org.flywaydb.core.api.MigrationState state : org.flywaydb.core.api.MigrationState.values()) {
            assertThat(state.name()).satisfiesAnyOf(
                    n -> assertThat(Entry.State.of(n).name()).isEqualTo(n),
                    n -> assertThat(n).isIn("UNDONE", "AVAILABLE"));
        }
    }
}
