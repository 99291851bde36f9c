package dev.plumb.resource.postgres.migrations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A history table's rows against a folder, as the import checks them (checksums are Flyway's). */
class AppliedHistoryTest {
    @TempDir
    Path folder;

    /** Flyway's checksums of the two files below, as its history table records them. */
    private int v1;
    private int r;

    @BeforeEach
    void files() throws Exception {
        Files.writeString(folder.resolve("V1__create_notes.sql"), "CREATE TABLE notes (id int);\n");
        Files.writeString(folder.resolve("R__views.sql"), "CREATE OR REPLACE VIEW v AS SELECT 1;\n");
        v1 = org.flywaydb.core.internal.resolver.ChecksumCalculator.calculate(
                new org.flywaydb.core.internal.resource.filesystem.FileSystemResource(null,
                        folder.resolve("V1__create_notes.sql").toString(), java.nio.charset.StandardCharsets.UTF_8, false));
        r = org.flywaydb.core.internal.resolver.ChecksumCalculator.calculate(
                new org.flywaydb.core.internal.resource.filesystem.FileSystemResource(null,
                        folder.resolve("R__views.sql").toString(), java.nio.charset.StandardCharsets.UTF_8, false));
    }

    private static AppliedHistory.Row row(String version, String description, String script, int checksum,
                                          boolean success) {
        return new AppliedHistory.Row(Optional.ofNullable(version), description, "SQL", script, Optional.of(checksum),
                "app", success);
    }

    @Test
    void aHistoryThatMatchesTheFolderHasNoMismatch() throws Exception {
        List<AppliedHistory.Row> rows = List.of(row("1", "create notes", "V1__create_notes.sql", v1, true),
                row(null, "views", "R__views.sql", r, true));
        assertThat(AppliedHistory.mismatches(folder, rows)).isEmpty();
        assertThat(AppliedHistory.installedBy(rows)).contains("app");
    }

    @Test
    void eachDisagreementIsOneLine() throws Exception {
        Files.writeString(folder.resolve("V2__more.sql"), "SELECT 2;\n");
        List<AppliedHistory.Row> rows = List.of(row("1", "create notes", "V1__create_notes.sql", v1 + 1, true),
                row(null, "views", "R__views.sql", r + 1, true),
                row("3", "gone", "V3__gone.sql", 7, true),
                row("4", "broke", "V4__broke.sql", 8, false));
        assertThat(AppliedHistory.mismatches(folder, rows)).containsExactly(
                "V4__broke.sql is recorded as failed",
                "V1__create_notes.sql was edited after it was applied (its checksum differs from the history's)",
                "V2__more.sql is not applied",
                "R__views.sql changed since it was last applied; a plan would run it again",
                "V3__gone.sql is applied but not in the folder");
    }

    @Test
    void aBaselineCoversTheVersionsBelowIt() throws Exception {
        List<AppliedHistory.Row> rows = List.of(new AppliedHistory.Row(Optional.of("1"), "<< Flyway Baseline >>",
                "BASELINE", "<< Flyway Baseline >>", Optional.empty(), "app", true),
                row(null, "views", "R__views.sql", r, true));
        assertThat(AppliedHistory.mismatches(folder, rows)).isEmpty();
    }

    @Test
    void aFolderFlywayWouldRejectIsAnError() throws Exception {
        Files.writeString(folder.resolve("notes.sql"), "SELECT 1;\n");
        assertThatThrownBy(() -> AppliedHistory.mismatches(folder, List.of()))
                .isInstanceOf(MigrationException.class).hasMessageContaining("notes.sql is not a migration name");
    }
}
