package dev.plumb.resource.postgres;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import dev.plumb.model.Frozen;
import dev.plumb.model.Sensitive;

/**
 * What one PostgreSQL server holds, as read by one catalog query for the server and one per
 * database of interest. Names are as the server spells them; maps keep the server's order.
 *
 * @param serverVersion    {@code server_version_num}, e.g. 150004
 * @param currentUser      the role the facts were read as
 * @param superuser        whether it is a superuser (else passwords, hba and file settings are unknown)
 * @param local            the server runs on the SSH host (reached through the tunnel or the
 *                         local socket), so plumb can edit its files and restart it
 * @param adminLogin       why the admin could not log in with its password, when it could not;
 *                         the facts were then read as {@code postgres} over the local socket
 * @param bootstrapSuperuser the role with OID 10, which owns template0's objects
 * @param dataDirectory    the data directory (superuser only)
 * @param roles            every role, by name
 * @param databases        every database, by name
 * @param settings         {@code pg_settings} rows for the declared server and role settings,
 *                         by lower-case name
 * @param hba              the live pg_hba.conf (superuser only)
 * @param objects          schemas, object ACLs and default ACLs of the databases read, by name
 * @param session          how the server sees the session that read the facts; empty when they
 *                         were read over the local socket
 */
public record ServerState(int serverVersion, String currentUser, boolean superuser, boolean local,
                      Optional<String> adminLogin, String bootstrapSuperuser, Optional<String> dataDirectory,
                      Map<String, Role> roles, Map<String, Database> databases, Map<String, Setting> settings,
                      Optional<Hba> hba, Map<String, DatabaseObjects> objects, Optional<Session> session) {

    public ServerState {
        Objects.requireNonNull(currentUser, "currentUser");
        Objects.requireNonNull(adminLogin, "adminLogin");
        Objects.requireNonNull(bootstrapSuperuser, "bootstrapSuperuser");
        Objects.requireNonNull(dataDirectory, "dataDirectory");
        roles = Frozen.map(roles);
        databases = Frozen.map(databases);
        settings = Frozen.map(settings);
        Objects.requireNonNull(hba, "hba");
        objects = Frozen.map(objects);
        Objects.requireNonNull(session, "session");
    }

    /** {@code server_version_num} as PostgreSQL names the release: 150004 is 15.4, 170002 is 17.2. */
    public static String release(int serverVersion) {
        return serverVersion / 10000 + "." + serverVersion % 10000;
    }

    /** The same facts with {@code objects}. */
    public ServerState withObjects(Map<String, DatabaseObjects> objects) {
        return new ServerState(serverVersion, currentUser, superuser, local, adminLogin, bootstrapSuperuser,
                dataDirectory, roles, databases, settings, hba, objects, session);
    }

    /**
     * A TCP session as the server sees it: the client address ({@code inet_client_addr()}) and
     * whether it uses TLS ({@code pg_stat_ssl}): what pg_hba.conf decides on.
     */
    public record Session(String clientAddress, boolean ssl) {
        public Session {
            Objects.requireNonNull(clientAddress, "clientAddress");
        }
    }

    /**
     * One entry of an ACL, as {@code aclexplode} gives it; {@code grantee} may be {@code PUBLIC}.
     *
     * @param grantor the role that granted it; empty for "the object's owner" (the ACL PostgreSQL
     *                gives a new object, and fixtures)
     */
    public record Privilege(String grantee, String privilege, boolean grantable, Optional<String> grantor) {
        public Privilege {
            Objects.requireNonNull(grantor, "grantor");
        }

        /** Granted by the object's owner. */
        public Privilege(String grantee, String privilege, boolean grantable) {
            this(grantee, privilege, grantable, Optional.empty());
        }

        /** The grantor, {@code owner} when it is the owner's grant. */
        public String grantorOr(String owner) {
            return grantor.orElse(owner);
        }
    }

    /** What {@code rolpassword} holds. */
    public sealed interface StoredPassword permits NoPassword, Unreadable, Stored {}

    public record NoPassword() implements StoredPassword {}

    /** Not readable by the role the facts were read as (it is not a superuser). */
    public record Unreadable() implements StoredPassword {}

    /** A verifier: {@code SCRAM-SHA-256$...} or {@code md5...}. Sensitive, never shown. */
    public record Stored(Sensitive<String> verifier) implements StoredPassword {
        public boolean scram() {
            return verifier.reveal().startsWith("SCRAM-SHA-256$");
        }

        public boolean md5() {
            return verifier.reveal().startsWith("md5");
        }
    }

    /**
     * A membership in {@code role}, recorded as granted by {@code grantor} (since PostgreSQL 16, one
     * per grantor), with its ADMIN OPTION; {@code inherit} and {@code set} are its options from 16,
     * empty on older servers (where the role's own {@code inherit} decides and SET is always allowed).
     */
    public record Membership(String role, String grantor, boolean admin, Optional<Boolean> inherit,
                             Optional<Boolean> set) {
        /** A membership without ADMIN OPTION, as a server before 16 records it. */
        public Membership(String role, String grantor) {
            this(role, grantor, false, Optional.empty(), Optional.empty());
        }
    }

    /**
     * @param validUntil empty when the role never expires (NULL or infinity)
     * @param settings   {@code ALTER ROLE SET} values by lower-case setting name
     * @param databaseSettings {@code ALTER ROLE IN DATABASE} values by database, then lower-case name
     */
    public record Role(String name, boolean login, boolean superuser, boolean createdb, boolean createrole,
                       boolean inherit, boolean replication, boolean bypassrls, int connectionLimit,
                       Optional<Instant> validUntil, StoredPassword password, List<Membership> memberOf,
                       Map<String, String> settings, Map<String, Map<String, String>> databaseSettings,
                       List<Dependency> dependencies) {
        public Role {
            memberOf = List.copyOf(memberOf);
            settings = Frozen.map(settings);
            databaseSettings = Frozen.map(databaseSettings);
            dependencies = List.copyOf(dependencies);
        }

        /** A role that owns nothing and holds no privileges. */
        public Role(String name, boolean login, boolean superuser, boolean createdb, boolean createrole,
                    boolean inherit, boolean replication, boolean bypassrls, int connectionLimit,
                    Optional<Instant> validUntil, StoredPassword password, List<Membership> memberOf,
                    Map<String, String> settings, Map<String, Map<String, String>> databaseSettings) {
            this(name, login, superuser, createdb, createrole, inherit, replication, bypassrls, connectionLimit,
                    validUntil, password, memberOf, settings, databaseSettings, List.of());
        }
    }

    /**
     * What keeps a role from being dropped, as {@code pg_shdepend} records it for every database
     * of the server: {@code count} objects of one kind that it owns or holds privileges on.
     *
     * @param database where the objects are, or for a shared object (a database, a tablespace)
     *                 empty: statements about it run in any database
     * @param kind     what the objects are: {@code database NAME} for a database, else a noun
     *                 such as {@code relation}, {@code schema}, {@code function}
     */
    public record Dependency(Optional<String> database, How how, String kind, int count) {
        public Dependency {
            Objects.requireNonNull(database, "database");
            Objects.requireNonNull(how, "how");
            Objects.requireNonNull(kind, "kind");
        }
    }

    /** How a role depends on objects: it owns them, holds privileges on them, or a policy names it. */
    public enum How { OWNS, PRIVILEGES, POLICY }

    /** @param connections sessions connected to it now, other than plumb's own */
    public record Database(String name, String owner, String encoding, String collate, String ctype,
                           int connectionLimit, boolean template, boolean allowConnections, int connections,
                           List<Privilege> acl) {
        public Database {
            acl = List.copyOf(acl);
        }
    }

    /**
     * A server setting.
     *
     * @param setting  the value in effect, in {@code unit}
     * @param pending  the value the configuration files set but the server has not applied yet
     *                 (it needs a restart), when there is one
     * @param inAutoConf whether {@code postgresql.auto.conf} (ALTER SYSTEM) sets it
     * @param stored   the value the server itself runs with, as its configuration holds it, when
     *                 known: the applied entry of {@code pg_file_settings} (the text as written,
     *                 where {@code pg_settings} may show "(disabled)"), else the boot value when
     *                 {@code setting} is the session's own and no file sets it (superuser only)
     * @param sessionValue whether {@code setting} is the reading session's own value (a driver's
     *                 startup parameter such as TimeZone, ALTER ROLE/DATABASE SET), not the server's
     * @param domain   the values the server accepts, as {@code pg_settings} states them
     */
    public record Setting(String name, String setting, Optional<String> unit, String vartype, String context,
                          boolean pendingRestart, Optional<String> pending, boolean inAutoConf,
                          Optional<String> stored, boolean sessionValue, Domain domain) {
        public Setting {
            Objects.requireNonNull(stored, "stored");
            Objects.requireNonNull(domain, "domain");
        }

        /** A setting read without its stored value or domain (fixtures, older readers). */
        public Setting(String name, String setting, Optional<String> unit, String vartype, String context,
                       boolean pendingRestart, Optional<String> pending, boolean inAutoConf) {
            this(name, setting, unit, vartype, context, pendingRestart, pending, inAutoConf, Optional.empty(), false,
                    Domain.ANY);
        }

        /**
         * The spellings of the value the server runs with: {@link #stored()}, and {@link
         * #setting()} unless it is the session's own (when nothing is stored, it is all there is).
         */
        public List<String> current() {
            if (stored.isEmpty()) {
                return List.of(setting);
            }
            return sessionValue || stored.get().equals(setting) ? List.of(stored.get())
                    : List.of(stored.get(), setting);
        }
    }

    /**
     * What {@code pg_settings} says a setting accepts.
     *
     * @param enumvals the values of an enum setting; empty for other types
     * @param min      {@code min_val} of a numeric setting, in its unit
     * @param max      {@code max_val} of a numeric setting, in its unit
     */
    public record Domain(List<String> enumvals, Optional<Double> min, Optional<Double> max) {
        public static final Domain ANY = new Domain(List.of(), Optional.empty(), Optional.empty());

        public Domain {
            enumvals = List.copyOf(enumvals);
            Objects.requireNonNull(min, "min");
            Objects.requireNonNull(max, "max");
        }
    }

    /**
     * The live pg_hba.conf.
     *
     * @param sha256  hex SHA-256 of the file's bytes, to detect a change between plan and apply
     * @param errors  lines the server cannot parse ({@code pg_hba_file_rules})
     * @param loaded  false when the file changed after the server last loaded its configuration
     */
    public record Hba(String path, String content, String sha256, List<HbaError> errors, boolean loaded) {
        public Hba {
            errors = List.copyOf(errors);
        }
    }

    /** @param line 1-based line number in the file */
    public record HbaError(int line, String error) {
        @Override
        public String toString() {
            return "line " + line + ": " + error;
        }
    }

    /**
     * One database's contents.
     *
     * @param schemas   every schema but the system ones, by name
     * @param objects   tables, sequences and functions in the schemas that grants name
     * @param defaults  {@code pg_default_acl} entries
     * @param functions declared function signatures resolved to the names in {@code objects}
     *                  (absent when the function does not exist)
     * @param functionArgs each declared signature's argument types in the server's names
     *                  ({@code int} is {@code integer}), empty for a type that does not exist
     */
    public record DatabaseObjects(Map<String, Schema> schemas, List<DbObject> objects, List<DefaultAcl> defaults,
                                  Map<String, String> functions, Map<String, List<Optional<String>>> functionArgs) {
        public DatabaseObjects {
            schemas = Frozen.map(schemas);
            objects = List.copyOf(objects);
            defaults = List.copyOf(defaults);
            functions = Frozen.map(functions);
            functionArgs = Frozen.map(functionArgs);
        }

        /** Without argument types of the declared signatures. */
        public DatabaseObjects(Map<String, Schema> schemas, List<DbObject> objects, List<DefaultAcl> defaults,
                               Map<String, String> functions) {
            this(schemas, objects, defaults, functions, Map.of());
        }

        /**
         * How a declared function {@code name} (such as {@code add(int, int)}) in {@code schema} is
         * looked up: the key of {@link #functions()}, and the text given to {@code to_regprocedure}.
         */
        public static String signature(String schema, String name) {
            return Sql.ident(schema) + "." + name;
        }
    }

    /**
     * @param contents what a {@code DROP SCHEMA ... CASCADE} takes with it, read only for schemas
     *                 the plan may drop (not declared present); empty otherwise and for an empty one
     */
    public record Schema(String name, String owner, List<Privilege> acl, List<Content> contents) {
        public Schema {
            acl = List.copyOf(acl);
            contents = List.copyOf(contents);
        }

        public Schema(String name, String owner, List<Privilege> acl) {
            this(name, owner, acl, List.of());
        }
    }

    /**
     * Objects of one kind that go with a schema, as {@code pg_depend} and
     * {@code pg_identify_object} tell them.
     *
     * @param kind    {@code table}, {@code view}, {@code function}, {@code type}...
     * @param names   the first few, qualified
     * @param outside objects in other schemas that depend directly on the schema's (a view, a
     *                column of its type, a foreign key), not objects in it
     */
    public record Content(String kind, int count, List<String> names, boolean outside) {
        public Content {
            Objects.requireNonNull(kind, "kind");
            names = List.copyOf(names);
        }
    }

    /**
     * A table (also view, materialized view, foreign or partitioned table), sequence or function.
     *
     * @param name    the relation name, or for a function {@code name(argument types)}
     * @param sqlName the schema-qualified name ready for SQL (quoted by the server)
     * @param owner   the role that owns it
     */
    public record DbObject(ObjectType type, String schema, String name, String sqlName, String owner,
                           List<Privilege> acl) {
        public DbObject {
            acl = List.copyOf(acl);
        }
    }

    /** @param schema empty for an entry that applies in every schema */
    public record DefaultAcl(String role, Optional<String> schema, ObjectType type, List<Privilege> acl) {
        public DefaultAcl {
            acl = List.copyOf(acl);
        }
    }
}
