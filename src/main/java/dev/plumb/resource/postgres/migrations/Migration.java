package dev.plumb.resource.postgres.migrations;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

import dev.plumb.plan.Attr;

/**
 * One migration as Flyway names it: {@code V1_1__add_notes.sql} is version {@code 1.1},
 * description {@code add notes}. {@code version} is empty for a repeatable ({@code R__}) migration.
 * {@code script} is the path relative to the migrations folder, as the history table records it.
 */
public record Migration(Optional<String> version, String description, String script) {

    public Migration {
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(script, "script");
    }

    public static Migration versioned(String version, String description, String script) {
        return new Migration(Optional.of(version), description, script);
    }

    public static Migration repeatable(String description, String script) {
        return new Migration(Optional.empty(), description, script);
    }

    /** {@code V1.1}, or the script of a repeatable migration, for messages. */
    public String tag() {
        return version.map(v -> "V" + v).orElse(script);
    }

    /** The attributes a plan shows for this migration. */
    List<Attr> attrs() {
        return List.of(Attr.set("version", version.orElse("repeatable")), Attr.set("description", description),
                Attr.set("script", script));
    }

    @Override
    public String toString() {
        return script;
    }
}
