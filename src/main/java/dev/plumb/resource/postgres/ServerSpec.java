package dev.plumb.resource.postgres;

import java.util.Objects;

import dev.plumb.model.Resource;
import dev.plumb.model.ResourceAddress;

/**
 * A host's PostgreSQL admin connection, as one more resource of the host, so that the
 * postgres part finds its server among its specs. One per host at most (the loader checks);
 * never planned as a change itself.
 */
public record ServerSpec(String host, PostgresServer server) implements Resource {
    public static final String KIND = "postgres/server";

    public ServerSpec {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(server, "server");
    }

    @Override
    public ResourceAddress address() {
        return new ResourceAddress(host, KIND, "admin");
    }
}
