package dev.plumb.resource.postgres;

import dev.plumb.model.Valid;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Flyway migrations for one database; key {@code DB}. {@code location} is the directory of
 * {@code V<version>__<name>.sql} files, resolved against the playbook's directory. {@code user}
 * is the role the migrations run as (absent: the admin user), {@code schemas} the schemas
 * Flyway manages (the first holds {@code table}, the history table).
 */
public record MigrationSpec(String host, String database, Path location, Optional<String> user,
                            List<String> schemas, Optional<String> baselineVersion, String table)
        implements PostgresResource {

    public static final String DEFAULT_TABLE = "flyway_schema_history";

    private static final Pattern VERSION = Pattern.compile("\\d+([._]\\d+)*");

    public MigrationSpec {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(location, "location");
        Objects.requireNonNull(user, "user");
        Valid.require(Identifiers.check("database name", database).or(() -> Identifiers.check("history table", table))
                .or(() -> baselineVersion.flatMap(MigrationSpec::checkVersion)));
        schemas = List.copyOf(schemas);
    }

    @Override
    public PostgresKind kind() {
        return PostgresKind.MIGRATIONS;
    }

    @Override
    public String key() {
        return database;
    }

    /** A Flyway version: digits separated by '.' or '_', such as {@code 1}, {@code 2.1}. */
    public static Optional<String> checkVersion(String version) {
        return VERSION.matcher(version).matches() ? Optional.empty()
                : Optional.of("invalid version '" + version + "': expected digits separated by '.', such as 1 or 2.1");
    }
}
