package dev.plumb.resource.postgres.migrations;

import static dev.plumb.resource.postgres.migrations.Fixtures.m;
import static dev.plumb.resource.postgres.migrations.Fixtures.spec;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;

import dev.plumb.plan.Action;
import dev.plumb.plan.Attr;
import dev.plumb.plan.Change;
import dev.plumb.plan.HostPlan;
import dev.plumb.plan.Plan;
import dev.plumb.plan.TextRenderer;
import org.junit.jupiter.api.Test;

/** Plan and drift from a status: pure, no database. */
class MigrationsTest {
    static final String ADDRESS = "db1/postgres/migrations/flaskapp_prod";

    static MigrationStatus status(List<Migration> applied, List<Migration> pending, Optional<String> baseline,
                                  List<Problem> problems) {
        return new MigrationStatus(true, applied.isEmpty() ? Optional.empty()
                : applied.get(applied.size() - 1).version(), applied, pending, baseline, problems);
    }

    @Test
    void aDatabaseThatDoesNotExistYetHasEveryMigrationPending() throws Exception {
        MigrationStatus s = Migrations.unapplied(spec());
        assertThat(s.databaseExists()).isFalse();
        assertThat(s.pending()).containsExactly(m("1", "create notes"), m("2", "index notes"));

        List<Change> plan = Migrations.plan(spec(), s);
        assertThat(plan).extracting(c -> c.address().toString()).containsOnly(ADDRESS);
        assertThat(plan).extracting(Change::action).containsOnly(Action.CREATE);
        assertThat(plan).extracting(Change::attrs).containsExactly(
                List.of(Attr.set("version", "1"), Attr.set("description", "create notes"),
                        Attr.set("script", "V1__create_notes.sql")),
                List.of(Attr.set("version", "2"), Attr.set("description", "index notes"),
                        Attr.set("script", "V2__index_notes.sql")));
        assertThat(plan).allSatisfy(c -> assertThat(c.reason()).isEmpty());
    }

    @Test
    void upToDatePlansNothingAndHasNoDrift() {
        MigrationStatus s = status(List.of(m("1", "a"), m("2", "b")), List.of(), Optional.empty(), List.of());
        assertThat(Migrations.plan(spec(), s)).isEmpty();
        assertThat(Migrations.drift(spec(), s)).isEmpty();
    }

    @Test
    void oneNewMigrationIsOneChange() {
        MigrationStatus s = status(List.of(m("1", "a"), m("2", "b")), List.of(m("3", "tags")), Optional.empty(),
                List.of());
        assertThat(Migrations.plan(spec(), s)).singleElement().satisfies(c -> {
            assertThat(c.action()).isEqualTo(Action.CREATE);
            assertThat(c.attrs()).contains(Attr.set("version", "3"), Attr.set("script", "V3__tags.sql"));
        });
        assertThat(Migrations.drift(spec(), s)).singleElement()
                .satisfies(c -> assertThat(c.reason()).contains("not applied"));
    }

    @Test
    void aRepeatableMigrationShowsAsRepeatable() {
        MigrationStatus s = status(List.of(), List.of(Migration.repeatable("views", "R__views.sql")), Optional.empty(),
                List.of());
        assertThat(Migrations.plan(spec(), s)).singleElement()
                .satisfies(c -> assertThat(c.attrs()).contains(Attr.set("version", "repeatable")));
    }

    @Test
    void aBaselineComesFirst() {
        MigrationStatus s = status(List.of(), List.of(m("2", "b")), Optional.of("1"), List.of());
        List<Change> plan = Migrations.plan(spec(Optional.of("1")), s);
        assertThat(plan).hasSize(2);
        assertThat(plan.get(0).attrs()).containsExactly(Attr.set("baseline", "1"));
        assertThat(plan.get(0).reason()).contains(
                "adopts the existing schema: migrations up to 1 are recorded as applied, not run");
        assertThat(plan.get(1).attrs()).contains(Attr.set("version", "2"));
    }

    @Test
    void planShowsWhatBlocksMigrateAndDriftShowsEveryProblem() {
        Problem edited = new Problem(Problem.Kind.EDITED, Optional.of(m("1", "a")), "V1__a.sql was edited");
        Problem future = new Problem(Problem.Kind.FUTURE, Optional.of(m("3", "c")), "V3 (c) is applied");
        MigrationStatus s = status(List.of(m("1", "a"), m("2", "b"), m("3", "c")), List.of(), Optional.empty(),
                List.of(edited, future));

        assertThat(Migrations.plan(spec(), s)).singleElement().satisfies(c -> {
            assertThat(c.action()).isEqualTo(Action.UPDATE);
            assertThat(c.address().toString()).isEqualTo(ADDRESS);
            assertThat(c.attrs()).containsExactly(Attr.set("script", "V1__a.sql"),
                    Attr.set("problem", "edited after it was applied"));
            assertThat(c.reason()).contains("V1__a.sql was edited");
        });
        assertThat(Migrations.drift(spec(), s)).extracting(c -> c.attrs().get(1).after().orElseThrow())
                .containsExactly("edited after it was applied", "applied by a newer version of the app");
    }

    @Test
    void everyProblemKindHasALabel() {
        for (Problem.Kind kind : Problem.Kind.values()) {
            MigrationStatus s = status(List.of(), List.of(), Optional.empty(),
                    List.of(new Problem(kind, Optional.empty(), "why")));
            assertThat(Migrations.drift(spec(), s)).singleElement()
                    .satisfies(c -> assertThat(c.attrs()).singleElement()
                            .satisfies(a -> assertThat(a.after()).isPresent()));
        }
    }

    @Test
    void rendersAsAPlan() {
        MigrationStatus s = status(List.of(m("1", "create notes")), List.of(m("2", "index notes")), Optional.empty(),
                List.of());
        String text = TextRenderer.render(new Plan(List.of(new HostPlan("db1", Migrations.plan(spec(), s),
                Optional.empty()))));
        assertThat(text).contains("""
                  + postgres/migrations flaskapp_prod
                      version: 2
                      description: index notes
                      script: V2__index_notes.sql
                """);
    }

    @Test
    void migrateResultSummaries() {
        assertThat(new MigrateResult(Optional.empty(), Optional.of("2"), List.of(m("1", "a"), m("2", "b"))).summary())
                .isEqualTo("applied V1, V2 (now at 2)");
        assertThat(new MigrateResult(Optional.of("2"), Optional.of("2"), List.of()).summary())
                .isEqualTo("nothing to apply (at 2)");
        assertThat(new MigrateResult(Optional.empty(), Optional.empty(), List.of()).summary())
                .isEqualTo("nothing to apply");
    }
}
