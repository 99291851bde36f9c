package dev.plumb.check;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import dev.plumb.model.Text;

/**
 * One check of one host, with every default already filled in from the play's resources. A check
 * that involves the app's database carries it ({@link #database()}), so that its failure can be
 * explained from the server's side.
 */
public sealed interface Check {
    /** The kind as written under {@code checks:} ({@code postgres_login}, ...). */
    String kind();

    /** What is checked, for the report: a URL, a unit, {@code user@host:port/db}. */
    String target();

    /** The app's database, when the check's failure may come from it. */
    Optional<Database> database();

    /** The kinds, as written in a playbook. */
    List<String> KINDS = List.of("postgres_login", "service_env", "migrations_applied", "http", "listening",
            "unit_healthy");

    /** The app role logs in over TCP from this host to the address in DATABASE_URL. */
    record PostgresLogin(Database db) implements Check {
        public PostgresLogin {
            Objects.requireNonNull(db, "db");
        }

        public String kind() {
            return "postgres_login";
        }

        public String target() {
            return db.dsn().describe();
        }

        public Optional<Database> database() {
            return Optional.of(db);
        }
    }

    /** The running unit's environment holds exactly the env file's declared values. */
    record ServiceEnv(String unit, String path, Map<String, Text> values, Text fileBody,
                      Optional<Database> database) implements Check {
        public ServiceEnv {
            values = Map.copyOf(values);
        }

        public String kind() {
            return "service_env";
        }

        public String target() {
            return unit + " ← " + path;
        }
    }

    /** No pending, failed or edited migration in the server's databases. */
    record MigrationsApplied(ServerSide server, List<dev.plumb.resource.postgres.MigrationSpec> specs)
            implements Check {
        public MigrationsApplied {
            specs = List.copyOf(specs);
        }

        public String kind() {
            return "migrations_applied";
        }

        public String target() {
            return String.join(", ", specs.stream().map(s -> s.database()).toList()) + " on " + server.host();
        }

        /** The first database's login as the migrations run it, for explaining a failed read. */
        public Optional<Database> database() {
            return specs.stream().findFirst().flatMap(m -> server.admin().map(a -> {
                String user = m.user().orElse(a.adminUser());
                var password = user.equals(a.adminUser()) ? Optional.of(a.adminPassword())
                        : server.role(user).flatMap(r -> r.password());
                return new Database(new Dsn(user, password, "127.0.0.1", 5432, m.database()), Optional.of(server));
            }));
        }
    }

    /**
     * A GET from the host itself answers {@code status}, with {@code contains} in the body and
     * {@code jsonField} equal to {@code jsonValue} when given; retried while the service comes up.
     */
    record Http(String url, int status, Optional<String> contains, Optional<String> jsonField,
                Optional<String> jsonValue, int retries, Optional<String> unit, Optional<Database> database)
            implements Check {
        public String kind() {
            return "http";
        }

        public String target() {
            return url;
        }
    }

    /**
     * A TCP port listens on each of {@code addresses} (a wildcard listener counts); with {@code only},
     * on none other (a wildcard then counts as another address). While nothing listens on the port,
     * the host reads it again each second, up to {@link #TRIES} reads: a service (re)started just
     * before the check binds its port a moment later.
     */
    record Listening(int port, List<String> addresses, boolean only) implements Check {
        /** Reads of the port's listeners while there is none, one second apart (the http check's default). */
        static final int TRIES = 10;

        public Listening {
            addresses = List.copyOf(addresses);
        }

        public String kind() {
            return "listening";
        }

        public String target() {
            return (addresses.isEmpty() ? "*" : String.join(",", addresses)) + ":" + port + (only ? " only" : "");
        }

        public Optional<Database> database() {
            return Optional.empty();
        }
    }

    /**
     * The unit is active, restarted at most {@code maxRestarts} times in the last
     * {@code windowMinutes}, and its journal since it last started has no line matching
     * {@code pattern} (an extended regular expression).
     */
    record UnitHealthy(String unit, int maxRestarts, int windowMinutes, String pattern,
                       Optional<Database> database) implements Check {
        public static final String DEFAULT_PATTERN = "Traceback|Error|FATAL";

        public String kind() {
            return "unit_healthy";
        }

        public String target() {
            return unit;
        }
    }
}
