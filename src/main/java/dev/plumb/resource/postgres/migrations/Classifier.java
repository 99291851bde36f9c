package dev.plumb.resource.postgres.migrations;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import org.flywaydb.core.api.MigrationVersion;

/** Pure: Flyway's info rows and the schema facts to a {@link MigrationStatus} with explained problems. */
final class Classifier {
    private Classifier() {}

    static MigrationStatus classify(List<Entry> entries, SchemaFacts facts, Optional<String> baselineVersion,
                                    String table) {
        String history = facts.historySchema().map(s -> s + ".").orElse("") + table;
        List<Migration> applied = new ArrayList<>();
        List<Migration> pending = new ArrayList<>();
        List<Problem> problems = new ArrayList<>();
        for (Entry e : entries) {
            if (e.type() == Entry.Type.MARKER) {
                continue;
            }
            Migration m = e.migration();
            switch (e.state()) {
                case PENDING -> pending.add(m);
                case SUCCESS, OUT_OF_ORDER, BASELINE -> {
                    applied.add(m);
                    edited(e).ifPresent(problems::add);
                }
                case MISSING_SUCCESS -> {
                    applied.add(m);
                    problems.add(new Problem(Problem.Kind.MISSING, Optional.of(m), name(m) + " is applied but "
                            + m.script() + " is no longer in the folder; restore the file (migrate refuses while an"
                            + " applied migration is missing)"));
                }
                case FUTURE_SUCCESS -> {
                    applied.add(m);
                    problems.add(new Problem(Problem.Kind.FUTURE, Optional.of(m), name(m) + " is applied but "
                            + m.script() + " is not in the folder: a newer version of the app migrated this database"));
                }
                case FAILED, MISSING_FAILED, FUTURE_FAILED -> problems.add(new Problem(Problem.Kind.FAILED,
                        Optional.of(m), m.script() + " is recorded as failed in " + history + "; undo what it did"
                        + " by hand and delete its row there (plumb never runs repair)"));
                default -> {
                    // BASELINE_IGNORED, BELOW_BASELINE: skipped by a baseline; IGNORED: below, once the current
                    // version is known; OUTDATED, SUPERSEDED: earlier runs of repeatables; DELETED: repaired away
                }
            }
        }
        Optional<String> current = applied.stream().flatMap(m -> m.version().stream())
                .max(Comparator.comparing(MigrationVersion::fromVersion));
        for (Entry e : entries) {
            if (e.type() != Entry.Type.MARKER && e.state() == Entry.State.IGNORED) {
                problems.add(new Problem(Problem.Kind.SKIPPED, Optional.of(e.migration()), e.script()
                        + " was never applied and is older than the current version " + current.orElse("?")
                        + "; Flyway does not run migrations out of order: give it a version above "
                        + current.orElse("the current one")));
            }
        }
        Optional<String> baselineAt = Optional.empty();
        if (!facts.historyExists() && !facts.nonEmptySchemas().isEmpty()) {
            if (baselineVersion.isPresent()) {
                baselineAt = baselineVersion;
            } else {
                String schemas = String.join(", ", facts.nonEmptySchemas());
                problems.add(new Problem(Problem.Kind.UNMANAGED_SCHEMA, Optional.empty(), "schema "
                        + schemas + (facts.nonEmptySchemas().size() == 1 ? " already holds" : " already hold")
                        + " objects but there is no " + history + " table; set baseline_version to the version"
                        + " those objects match to adopt them"));
            }
        }
        return new MigrationStatus(true, current, applied, pending, baselineAt, problems);
    }

    private static Optional<Problem> edited(Entry e) {
        if (e.type() != Entry.Type.MIGRATION || e.version().isEmpty() || e.fileChecksum().isEmpty()) {
            return Optional.empty();
        }
        Migration m = e.migration();
        if (!e.fileChecksum().equals(e.appliedChecksum())) {
            return Optional.of(new Problem(Problem.Kind.EDITED, Optional.of(m), m.script()
                    + " was edited after it was applied (its checksum differs from the history's); restore it"
                    + " as applied and put the change in a new migration"));
        }
        if (e.fileDescription().isPresent() && e.appliedDescription().isPresent()
                && !e.fileDescription().equals(e.appliedDescription())) {
            return Optional.of(new Problem(Problem.Kind.EDITED, Optional.of(m), m.tag() + " was applied as '"
                    + e.appliedDescription().get() + "' but its file now says '" + e.fileDescription().get()
                    + "'; rename the file back"));
        }
        return Optional.empty();
    }

    private static String name(Migration m) {
        return m.tag() + " (" + m.description() + ")";
    }
}
