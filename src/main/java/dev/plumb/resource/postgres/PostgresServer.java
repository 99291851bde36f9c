package dev.plumb.resource.postgres;

import dev.plumb.model.Valid;
import dev.plumb.model.Sensitive;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * How plumb reaches one host's PostgreSQL server, and which kinds it manages exclusively. The
 * connection goes through an SSH tunnel to 127.0.0.1:5432 on the host unless {@code direct}
 * names an address. {@code adminDatabase} is the database the admin connects to first.
 */
public record PostgresServer(String adminUser, Sensitive<String> adminPassword, String adminDatabase,
                             Optional<Endpoint> direct, Optional<String> sslmode, Set<PostgresKind> exclusive) {

    public static final String DEFAULT_ADMIN = "postgres";
    public static final Set<String> SSLMODES = Set.of("disable", "allow", "prefer", "require", "verify-ca",
            "verify-full");

    /** {@code host:port}; IPv6 literals in brackets, {@code [::1]:5432}. */
    public record Endpoint(String host, int port) {
        public Endpoint {
            Objects.requireNonNull(host, "host");
        }

        /** @throws IllegalArgumentException with a message fit for a diagnostic */
        public static Endpoint parse(String text) {
            int colon = text.lastIndexOf(':');
            String host = colon > 0 ? text.substring(0, colon) : "";
            if (host.startsWith("[") && host.endsWith("]")) {
                host = host.substring(1, host.length() - 1);
            }
            int port = -1;
            try {
                port = colon > 0 ? Integer.parseInt(text.substring(colon + 1)) : -1;
            } catch (NumberFormatException e) {
                // reported below
            }
            if (host.isEmpty() || port < 1 || port > 65535 || host.indexOf('[') >= 0 || host.indexOf(']') >= 0) {
                throw new IllegalArgumentException("invalid address '" + text
                        + "': expected host:port such as db1.example.com:5432");
            }
            return new Endpoint(host, port);
        }

        @Override
        public String toString() {
            return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
        }
    }

    public PostgresServer {
        Valid.require(Identifiers.check("admin user", adminUser).or(() -> Identifiers.check("admin database", adminDatabase))
                .or(() -> sslmode.filter(m -> !SSLMODES.contains(m)).map(m -> "unknown sslmode '" + m + "'")));
        Objects.requireNonNull(adminPassword, "adminPassword");
        Objects.requireNonNull(direct, "direct");
        exclusive = exclusive.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(exclusive));
    }
}
