package dev.plumb.config;

import dev.plumb.model.Location;
import dev.plumb.model.Resource;
import dev.plumb.model.ResourceAddress;
import dev.plumb.resource.postgres.PostgresKind;
import dev.plumb.resource.postgres.PostgresServer;

/** Where the kind readers put what one play declares for one host. */
public interface Sink {

    /** The host being read: the first component of every address. */
    public String host();

    void add(Location at, Resource resource);

    /** A reference (notify, restart_on) to a resource the host must declare somewhere. */
    void requires(Location at, ResourceAddress target, String what);

    /** A postgres block's admin connection; {@code exclusive} is filled in by the host. */
    void connection(Location at, PostgresServer server);

    /**
     * A postgres block has an {@code admin:} key, whether or not it could be read (a missing
     * secret is reported there, not again as a missing connection).
     */
    default void adminDeclared(Location at) {
    }

    /** A postgres block that declares resources, so the host needs a connection. */
    void usesPostgres(Location at);

    void exclusive(PostgresKind kind);

    /** For a play that selects no host: read and check everything, keep nothing. */
    Sink DISCARD = new Sink() {
        @Override
        public String host() {
            return "-";
        }

        @Override
        public void add(Location at, Resource resource) {
        }

        @Override
        public void requires(Location at, ResourceAddress target, String what) {
        }

        @Override
        public void connection(Location at, PostgresServer server) {
        }

        @Override
        public void usesPostgres(Location at) {
        }

        @Override
        public void exclusive(PostgresKind kind) {
        }
    };
}
