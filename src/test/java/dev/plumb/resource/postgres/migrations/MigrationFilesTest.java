package dev.plumb.resource.postgres.migrations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The folder read without a database, named as Flyway names migrations (checked against Flyway 13's info). */
class MigrationFilesTest {
    static final Path EXAMPLE = Path.of("playbooks/migrations/flaskapp");

    @TempDir
    Path dir;

    @Test
    void theExampleFolderHoldsTwoMigrations() throws Exception {
        assertThat(MigrationFiles.scan(EXAMPLE)).containsExactly(
                Migration.versioned("1", "create notes", "V1__create_notes.sql"),
                Migration.versioned("2", "index notes", "V2__index_notes.sql"));
    }

    @Test
    void versionsInNumericOrderThenRepeatablesBySubfolderAndCase() throws Exception {
        write("V10__ten.SQL", "V2__two.sql", "V1_1__one_point_one.sql", "sub/V3__in_sub.sql", "R__views.sql",
                "a/R__zeta.sql", "V4__with space.sql", "V010_2__x.sql", "README.md", "notes.txt");
        assertThat(MigrationFiles.scan(dir)).containsExactly(
                Migration.versioned("1.1", "one point one", "V1_1__one_point_one.sql"),
                Migration.versioned("2", "two", "V2__two.sql"),
                Migration.versioned("3", "in sub", "sub/V3__in_sub.sql"),
                Migration.versioned("4", "with space", "V4__with space.sql"),
                Migration.versioned("10", "ten", "V10__ten.SQL"),
                Migration.versioned("010.2", "x", "V010_2__x.sql"),
                Migration.repeatable("views", "R__views.sql"),
                Migration.repeatable("zeta", "a/R__zeta.sql"));
    }

    @Test
    void anEmptyFolderHasNoMigrations() throws Exception {
        assertThat(MigrationFiles.scan(dir)).isEmpty();
    }

    @Test
    void everyBadNameIsReportedAtOnce() throws Exception {
        write("V1__a.sql", "V1.0__same.sql", "notes.sql", "V2_x.sql", "v3__lower.sql", "afterMigrate.sql",
                "beforeEachMigrate__x.sql", "U1__undo.sql", "R__a.sql", "x/R__a.sql");
        assertThatThrownBy(() -> MigrationFiles.scan(dir))
                .isInstanceOf(MigrationException.class)
                .hasMessageStartingWith("migrations folder " + dir + ": ")
                .hasMessageContaining("V1__a.sql has the same version as V1.0__same.sql")
                .hasMessageContaining("x/R__a.sql has the same description as R__a.sql")
                .hasMessageContaining("notes.sql is not a migration name: expected V<version>__<description>.sql")
                .hasMessageContaining("V2_x.sql is not a migration name")
                .hasMessageContaining("v3__lower.sql is not a migration name")
                .hasMessageContaining("afterMigrate.sql is a Flyway callback; plumb runs migrations only")
                .hasMessageContaining("beforeEachMigrate__x.sql is a Flyway callback")
                .hasMessageContaining("U1__undo.sql: undo (U) and baseline (B) migrations are not supported")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }

    @Test
    void aMissingFolderIsOneLine() {
        assertThatThrownBy(() -> MigrationFiles.scan(dir.resolve("nope")))
                .isInstanceOf(MigrationException.class)
                .hasMessage("migrations folder " + dir.resolve("nope") + " does not exist or is not a directory");
    }

    @Test
    void names() {
        assertThat(MigrationFiles.parse("V1__a_b.sql", "V1__a_b.sql"))
                .contains(Migration.versioned("1", "a b", "V1__a_b.sql"));
        assertThat(MigrationFiles.parse("V3__.sql", "V3__.sql")).contains(Migration.versioned("3", "", "V3__.sql"));
        assertThat(MigrationFiles.parse("V1__a__b.sql", "s")).contains(Migration.versioned("1", "a  b", "s"));
        assertThat(MigrationFiles.parse("R__x.sql", "R__x.sql")).contains(Migration.repeatable("x", "R__x.sql"));
        assertThat(MigrationFiles.parse("V1a__x.sql", "s")).isEmpty();
        assertThat(MigrationFiles.parse("V__x.sql", "s")).isEmpty();
        assertThat(MigrationFiles.parse("Rx__x.sql", "s")).isEmpty();
        assertThat(MigrationFiles.parse("V1.__x.sql", "s")).isEmpty();
        assertThat(Migration.versioned("1.1", "a", "s").tag()).isEqualTo("V1.1");
        assertThat(Migration.repeatable("a", "R__a.sql").tag()).isEqualTo("R__a.sql");
        assertThat(Migration.repeatable("a", "R__a.sql").version()).isEqualTo(Optional.empty());
    }

    private void write(String... names) throws IOException {
        for (String name : names) {
            Path p = dir.resolve(name);
            Files.createDirectories(p.getParent());
            Files.writeString(p, "SELECT 1;\n");
        }
    }
}
