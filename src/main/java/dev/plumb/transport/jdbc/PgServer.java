package dev.plumb.transport.jdbc;

import java.util.Objects;
import java.util.Optional;

import dev.plumb.model.Sensitive;

/**
 * How to reach one PostgreSQL server as its admin: through an SSH tunnel to 127.0.0.1:5432 on
 * the host unless {@code direct} names an address; {@code adminDatabase} is the first database
 * the admin connects to. {@code sslmode} as written (absent: {@link PgSecurity#defaultSslmode}),
 * {@code sslRootCert} the PEM text of the certificates the server's must chain to, and
 * {@code allowCleartextPassword} whether the password may be sent in clear text: see
 * {@link #security()}.
 */
public record PgServer(String adminUser, Sensitive<String> adminPassword, String adminDatabase,
                       Optional<Endpoint> direct, Optional<String> sslmode, Optional<String> sslRootCert,
                       boolean allowCleartextPassword) {
    public PgServer {
        Objects.requireNonNull(adminUser, "adminUser");
        Objects.requireNonNull(adminPassword, "adminPassword");
        Objects.requireNonNull(adminDatabase, "adminDatabase");
        Objects.requireNonNull(direct, "direct");
        Objects.requireNonNull(sslmode, "sslmode");
        Objects.requireNonNull(sslRootCert, "sslRootCert");
    }

    /** No certificates of its own, no cleartext password. */
    public PgServer(String adminUser, Sensitive<String> adminPassword, String adminDatabase,
                    Optional<Endpoint> direct, Optional<String> sslmode) {
        this(adminUser, adminPassword, adminDatabase, direct, sslmode, Optional.empty(), false);
    }

    /** How every session to this server guards the password: verify-full by default for direct. */
    public PgSecurity security() {
        return new PgSecurity(sslmode.orElse(PgSecurity.defaultSslmode(direct.isPresent())), sslRootCert,
                allowCleartextPassword);
    }
}
