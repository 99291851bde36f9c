package dev.plumb.resource.postgres;

import dev.plumb.model.Valid;
import dev.plumb.model.Presence;
import java.util.Objects;
import java.util.Optional;

/**
 * A schema in a database; key {@code DB.NAME}. {@code owner} absent means "leave as is".
 * {@code cascade} (only with {@code state: absent}) drops what the schema holds with it; without
 * it a schema that is not empty is not dropped.
 */
public record SchemaSpec(String host, String database, String name, Optional<String> owner, Presence state,
                         boolean cascade) implements PostgresResource {

    public SchemaSpec {
        Objects.requireNonNull(host, "host");
        Valid.require(Identifiers.check("database name", database).or(() -> Identifiers.check("schema name", name)));
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(state, "state");
        Valid.require(cascade && state != Presence.ABSENT ? Optional.of("cascade: true drops what the schema holds"
                + " with it, so it goes only with state: absent") : Optional.empty());
    }

    /** Without {@code cascade}. */
    public SchemaSpec(String host, String database, String name, Optional<String> owner, Presence state) {
        this(host, database, name, owner, state, false);
    }

    @Override
    public PostgresKind kind() {
        return PostgresKind.SCHEMA;
    }

    @Override
    public String key() {
        return database + "." + name;
    }
}
