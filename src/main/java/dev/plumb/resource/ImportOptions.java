package dev.plumb.resource;

import java.util.Map;

/**
 * How to import. {@code exclusive}: write {@code exclusive: true} for the imported scopes, so that
 * a later plan also removes what appears afterwards. {@code migrations}: database name to the
 * migrations folder (as the playbook will name it, and as it is readable from here) whose
 * applied history is checked and written.
 */
public record ImportOptions(boolean exclusive, Map<String, java.nio.file.Path> migrations) {
    public ImportOptions {
        migrations = Map.copyOf(migrations);
    }
}
