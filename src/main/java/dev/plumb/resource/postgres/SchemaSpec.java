package dev.plumb.resource.postgres;

import dev.plumb.model.Valid;
import dev.plumb.model.Presence;
import java.util.Objects;
import java.util.Optional;

/** A schema in a database; key {@code DB.NAME}. {@code owner} absent means "leave as is". */
public record SchemaSpec(String host, String database, String name, Optional<String> owner, Presence state)
        implements PostgresResource {

    public SchemaSpec {
        Objects.requireNonNull(host, "host");
        Valid.require(Identifiers.check("database name", database).or(() -> Identifiers.check("schema name", name)));
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(state, "state");
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
