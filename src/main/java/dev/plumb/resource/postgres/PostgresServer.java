package dev.plumb.resource.postgres;

import dev.plumb.model.Valid;
import dev.plumb.model.Sensitive;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import dev.plumb.transport.jdbc.Endpoint;
import dev.plumb.transport.jdbc.PgSecurity;
import dev.plumb.transport.jdbc.PgServer;

/**
 * How plumb reaches one host's PostgreSQL server, and which kinds it manages exclusively. The
 * connection goes through an SSH tunnel to 127.0.0.1:5432 on the host unless {@code direct}
 * names an address. {@code adminDatabase} is the database the admin connects to first.
 * {@code sslmode} as written, {@code sslRootCert} the PEM text of the CA file and
 * {@code allowCleartextPassword}: see {@link PgServer#security()}.
 */
public record PostgresServer(String adminUser, Sensitive<String> adminPassword, String adminDatabase,
                             Optional<Endpoint> direct, Optional<String> sslmode, Optional<String> sslRootCert,
                             boolean allowCleartextPassword, Set<PostgresKind> exclusive) {

    public static final String DEFAULT_ADMIN = "postgres";
    public static final Set<String> SSLMODES = PgSecurity.SSLMODES;

    public PostgresServer {
        Valid.require(Identifiers.check("admin user", adminUser).or(() -> Identifiers.check("admin database", adminDatabase))
                .or(() -> sslmode.filter(m -> !SSLMODES.contains(m)).map(m -> "unknown sslmode '" + m + "'")));
        Objects.requireNonNull(adminPassword, "adminPassword");
        Objects.requireNonNull(direct, "direct");
        Objects.requireNonNull(sslRootCert, "sslRootCert");
        exclusive = exclusive.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(exclusive));
    }

    /** No CA file of its own, no cleartext password. */
    public PostgresServer(String adminUser, Sensitive<String> adminPassword, String adminDatabase,
                          Optional<Endpoint> direct, Optional<String> sslmode, Set<PostgresKind> exclusive) {
        this(adminUser, adminPassword, adminDatabase, direct, sslmode, Optional.empty(), false, exclusive);
    }

    /** The same connection managing {@code kinds} exclusively. */
    public PostgresServer withExclusive(Set<PostgresKind> kinds) {
        return new PostgresServer(adminUser, adminPassword, adminDatabase, direct, sslmode, sslRootCert,
                allowCleartextPassword, kinds);
    }

    /** The connection as the transport needs it. */
    public PgServer connection() {
        return new PgServer(adminUser, adminPassword, adminDatabase, direct, sslmode, sslRootCert,
                allowCleartextPassword);
    }
}
