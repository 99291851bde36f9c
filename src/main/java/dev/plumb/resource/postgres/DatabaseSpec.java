package dev.plumb.resource.postgres;

import dev.plumb.model.Valid;
import dev.plumb.model.Presence;
import java.util.Objects;
import java.util.Optional;

/**
 * A database. {@code encoding}, {@code lcCollate}, {@code lcCtype} and {@code template} only
 * matter when it is created (absent: the server's defaults). {@code owner} absent means
 * "leave as is", and so does {@code connectionLimit} absent (-1: no limit). {@code force} allows
 * dropping it while sessions are connected.
 */
public record DatabaseSpec(String host, String name, Optional<String> owner, Optional<String> encoding,
                           Optional<String> lcCollate, Optional<String> lcCtype, Optional<String> template,
                           Optional<Integer> connectionLimit, Presence state, boolean force) implements PostgresResource {

    public DatabaseSpec {
        Objects.requireNonNull(host, "host");
        Valid.require(Identifiers.check("database name", name));
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(encoding, "encoding");
        Objects.requireNonNull(lcCollate, "lcCollate");
        Objects.requireNonNull(lcCtype, "lcCtype");
        Objects.requireNonNull(template, "template");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(connectionLimit, "connectionLimit");
        if (connectionLimit.filter(n -> n < -1).isPresent()) {
            throw new IllegalArgumentException("connection limit must be -1 (none) or more");
        }
    }

    /** A database whose connection limit is stated. */
    public DatabaseSpec(String host, String name, Optional<String> owner, Optional<String> encoding,
                        Optional<String> lcCollate, Optional<String> lcCtype, Optional<String> template,
                        int connectionLimit, Presence state, boolean force) {
        this(host, name, owner, encoding, lcCollate, lcCtype, template, Optional.of(connectionLimit), state, force);
    }

    @Override
    public PostgresKind kind() {
        return PostgresKind.DATABASE;
    }

    @Override
    public String key() {
        return name;
    }
}
