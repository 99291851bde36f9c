package dev.plumb.resource.postgres;

import dev.plumb.model.Valid;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What a grant is on. {@link #key()} is unique per target and used in the grant's address.
 */
public sealed interface GrantTarget
        permits GrantTarget.OnDatabase, GrantTarget.OnSchema, GrantTarget.OnObjects, GrantTarget.DefaultPrivileges {

    String key();

    /** The privileges that can be granted on this target, besides ALL. */
    Set<String> privileges();

    /** What it is, for messages: "a database", "a schema", "tables"... */
    String what();

    /** {@code on: {database: DB}}. */
    record OnDatabase(String database) implements GrantTarget {
        public OnDatabase {
            Objects.requireNonNull(database, "database");
        }

        @Override
        public String key() {
            return "database:" + database;
        }

        @Override
        public Set<String> privileges() {
            return Set.of("CREATE", "CONNECT", "TEMPORARY");
        }

        @Override
        public String what() {
            return "a database";
        }
    }

    /** {@code on: {database: DB, schema: S}}. */
    record OnSchema(String database, String schema) implements GrantTarget {
        public OnSchema {
            Objects.requireNonNull(database, "database");
            Objects.requireNonNull(schema, "schema");
        }

        @Override
        public String key() {
            return "schema:" + database + "." + schema;
        }

        @Override
        public Set<String> privileges() {
            return Set.of("CREATE", "USAGE");
        }

        @Override
        public String what() {
            return "a schema";
        }
    }

    /**
     * {@code on: {database: DB, schema: S, tables: ALL | [names]}} (or sequences, functions).
     * Empty {@code names} means every object of the type in the schema ({@code ALL TABLES IN
     * SCHEMA}); function names include their argument types, e.g. {@code add(int, int)}.
     */
    record OnObjects(String database, String schema, ObjectType type, List<String> names) implements GrantTarget {
        public OnObjects {
            Objects.requireNonNull(database, "database");
            Objects.requireNonNull(schema, "schema");
            Objects.requireNonNull(type, "type");
            names = List.copyOf(names);
        }

        public boolean all() {
            return names.isEmpty();
        }

        @Override
        public String key() {
            return type.key() + ":" + database + "." + schema + ":" + (all() ? "ALL" : String.join(",", names));
        }

        @Override
        public Set<String> privileges() {
            return type.privileges();
        }

        @Override
        public String what() {
            return type.key();
        }
    }

    /**
     * {@code default_privileges: {database, schema?, for_role, objects}}: what objects that
     * {@code forRole} creates later grant ({@code ALTER DEFAULT PRIVILEGES}), in the schema, or
     * without {@code schema} anywhere in the database: such an entry replaces what PostgreSQL gives
     * by itself ({@link DefaultAcls#builtIn}). Schemas only database-wide.
     */
    record DefaultPrivileges(String database, Optional<String> schema, String forRole, ObjectType objects)
            implements GrantTarget {
        public DefaultPrivileges {
            Objects.requireNonNull(database, "database");
            Objects.requireNonNull(schema, "schema");
            Objects.requireNonNull(forRole, "forRole");
            Objects.requireNonNull(objects, "objects");
            Valid.require(check(schema, objects));
        }

        /** In one schema. */
        public DefaultPrivileges(String database, String schema, String forRole, ObjectType objects) {
            this(database, Optional.of(schema), forRole, objects);
        }

        /** Why default privileges on {@code objects} cannot be limited to {@code schema}, if they cannot. */
        public static Optional<String> check(Optional<String> schema, ObjectType objects) {
            return objects == ObjectType.SCHEMAS && schema.isPresent()
                    ? Optional.of("default privileges on schemas cannot be limited to a schema (PostgreSQL refuses"
                    + " ALTER DEFAULT PRIVILEGES IN SCHEMA ... ON SCHEMAS)")
                    : Optional.empty();
        }

        /** Whether the entry holds in every schema of the database ({@code defaclnamespace} 0). */
        public boolean databaseWide() {
            return schema.isEmpty();
        }

        @Override
        public String key() {
            return "default:" + database + schema.map(s -> "." + s).orElse("") + ":" + forRole + ":" + objects.key();
        }

        @Override
        public Set<String> privileges() {
            return objects.privileges();
        }

        @Override
        public String what() {
            return "default privileges for " + objects.key();
        }
    }
}
