package dev.plumb.transport.jdbc;

import java.util.Objects;
import java.util.Optional;

import dev.plumb.model.Sensitive;

/**
 * How to reach one PostgreSQL server as its admin: through an SSH tunnel to 127.0.0.1:5432 on
 * the host unless {@code direct} names an address; {@code adminDatabase} is the first database
 * the admin connects to.
 */
public record PgServer(String adminUser, Sensitive<String> adminPassword, String adminDatabase,
                       Optional<Endpoint> direct, Optional<String> sslmode) {
    public PgServer {
        Objects.requireNonNull(adminUser, "adminUser");
        Objects.requireNonNull(adminPassword, "adminPassword");
        Objects.requireNonNull(adminDatabase, "adminDatabase");
        Objects.requireNonNull(direct, "direct");
        Objects.requireNonNull(sslmode, "sslmode");
    }
}
