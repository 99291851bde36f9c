package dev.plumb.resource;

import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * How to import. {@code exclusive}: write {@code exclusive: true} for the imported scopes, so that
 * a later plan also removes what appears afterwards. {@code migrations}: database name to the
 * migrations folder whose applied history is checked and written.
 */
public record ImportOptions(boolean exclusive, Map<String, MigrationFolder> migrations) {
    public ImportOptions {
        migrations = Map.copyOf(migrations);
    }

    /**
     * A migrations folder: {@code folder} is where it is read from here; {@code location} is how
     * the written playbook names it ({@code location:}, relative to the playbook's directory).
     */
    public record MigrationFolder(Path folder, String location) {
        public MigrationFolder {
            Objects.requireNonNull(folder, "folder");
            Objects.requireNonNull(location, "location");
        }
    }
}
