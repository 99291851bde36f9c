package dev.plumb.resource.postgres;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.plumb.model.Sensitive;

/**
 * Builds {@link ServerState} fixtures, starting from a fresh Debian PostgreSQL 15 cluster as the lab
 * hosts have it: roles postgres (no password), databases postgres, template0, template1 in UTF8 /
 * C.UTF-8, schema public owned by pg_database_owner, Debian's pg_hba.conf.
 */
final class ServerStates {
    static final String HBA_PATH = "/etc/postgresql/15/main/pg_hba.conf";
    static final String DEBIAN_HBA = """
            # PostgreSQL Client Authentication Configuration File
            # ===================================================
            #
            # TYPE  DATABASE        USER            ADDRESS                 METHOD

            # Database administrative login by Unix domain socket
            local   all             postgres                                peer

            # "local" is for Unix domain socket connections only
            local   all             all                                     peer
            # IPv4 local connections:
            host    all             all             127.0.0.1/32            scram-sha-256
            # IPv6 local connections:
            host    all             all             ::1/128                 scram-sha-256
            """;

    int version = 150004;
    String user = "postgres";
    boolean superuser = true;
    boolean local = true;
    Optional<String> adminLogin = Optional.empty();
    final Map<String, ServerState.Role> roles = new LinkedHashMap<>();
    final Map<String, ServerState.Database> databases = new LinkedHashMap<>();
    final Map<String, ServerState.Setting> settings = new LinkedHashMap<>();
    Optional<ServerState.Hba> hba;
    final Map<String, ServerState.DatabaseObjects> objects = new LinkedHashMap<>();
    /** As read over the local socket; tests of the admin's own connection set it. */
    Optional<ServerState.Session> session = Optional.empty();

    static ServerStates fresh() {
        ServerStates f = new ServerStates();
        f.role(role("postgres").superuser(true).login(true).build());
        f.database("postgres", "postgres", true);
        f.database("template0", "postgres", false);
        f.database("template1", "postgres", true);
        f.setting("listen_addresses", "localhost", null, "string", "postmaster");
        f.setting("work_mem", "4096", "kB", "integer", "user");
        f.setting("shared_buffers", "16384", "8kB", "integer", "postmaster");
        f.setting("client_encoding", "UTF8", null, "string", "user");
        f.setting("default_transaction_isolation", "read committed", null, "enum", "user");
        f.setting("timezone", "Etc/UTC", null, "string", "user");
        f.setting("search_path", "\"$user\", public", null, "string", "user");
        f.setting("statement_timeout", "0", "ms", "integer", "user");
        f.hba(DEBIAN_HBA);
        f.objects.put("template1", new ServerState.DatabaseObjects(Map.of("public", publicSchema("pg_database_owner")),
                List.of(), List.of(), Map.of()));
        return f;
    }

    static ServerState.Schema publicSchema(String owner) {
        return new ServerState.Schema("public", owner, List.of(priv("PUBLIC", "USAGE"), priv(owner, "CREATE"),
                priv(owner, "USAGE")));
    }

    static ServerState.Privilege priv(String grantee, String privilege) {
        return new ServerState.Privilege(grantee, privilege, false);
    }

    static RoleBuilder role(String name) {
        return new RoleBuilder(name);
    }

    ServerStates role(ServerState.Role r) {
        roles.put(r.name(), r);
        return this;
    }

    ServerStates database(String name, String owner, boolean allowConnections) {
        return database(new ServerState.Database(name, owner, "UTF8", "C.UTF-8", "C.UTF-8", -1,
                name.startsWith("template"), allowConnections, 0, List.of(priv("PUBLIC", "CONNECT"),
                priv("PUBLIC", "TEMPORARY"), priv(owner, "CONNECT"), priv(owner, "CREATE"), priv(owner, "TEMPORARY"))));
    }

    ServerStates database(ServerState.Database d) {
        databases.put(d.name(), d);
        return this;
    }

    ServerStates setting(String name, String value, String unit, String vartype, String context) {
        settings.put(name, new ServerState.Setting(name, value, Optional.ofNullable(unit), vartype, context, false,
                Optional.empty(), false));
        return this;
    }

    ServerStates setting(ServerState.Setting s) {
        settings.put(s.name(), s);
        return this;
    }

    ServerStates hba(String content) {
        hba = Optional.of(new ServerState.Hba(HBA_PATH, content, "sha-" + content.hashCode(), List.of(), true));
        return this;
    }

    ServerStates objects(String db, ServerState.DatabaseObjects o) {
        objects.put(db, o);
        return this;
    }

    ServerState build() {
        return new ServerState(version, user, superuser, local, adminLogin, "postgres",
                Optional.of("/var/lib/postgresql/15/main"), roles, databases, settings, hba, objects, session);
    }

    static final class RoleBuilder {
        private final String name;
        private boolean login;
        private boolean superuser;
        private ServerState.StoredPassword password = new ServerState.NoPassword();
        private final List<ServerState.Membership> memberOf = new ArrayList<>();
        private final Map<String, String> settings = new LinkedHashMap<>();
        private final Map<String, Map<String, String>> dbSettings = new LinkedHashMap<>();
        private int connectionLimit = -1;
        private boolean createdb;
        private Optional<java.time.Instant> validUntil = Optional.empty();

        RoleBuilder(String name) {
            this.name = name;
        }

        RoleBuilder login(boolean b) {
            login = b;
            return this;
        }

        RoleBuilder superuser(boolean b) {
            superuser = b;
            return this;
        }

        RoleBuilder createdb(boolean b) {
            createdb = b;
            return this;
        }

        RoleBuilder validUntil(java.time.Instant t) {
            validUntil = Optional.of(t);
            return this;
        }

        RoleBuilder member(ServerState.Membership m) {
            memberOf.add(m);
            return this;
        }

        RoleBuilder connectionLimit(int n) {
            connectionLimit = n;
            return this;
        }

        RoleBuilder password(ServerState.StoredPassword p) {
            password = p;
            return this;
        }

        /** A SCRAM verifier of {@code plaintext}, as PostgreSQL would store it. */
        RoleBuilder scram(String plaintext) {
            return password(new ServerState.Stored(Scram.verifier(Sensitive.of(plaintext))));
        }

        RoleBuilder member(String role, String grantor) {
            memberOf.add(new ServerState.Membership(role, grantor));
            return this;
        }

        RoleBuilder setting(String k, String v) {
            settings.put(k, v);
            return this;
        }

        RoleBuilder setting(String db, String k, String v) {
            dbSettings.computeIfAbsent(db, x -> new LinkedHashMap<>()).put(k, v);
            return this;
        }

        ServerState.Role build() {
            return new ServerState.Role(name, login, superuser, createdb, false, true, false, false, connectionLimit,
                    validUntil, password, memberOf, settings, dbSettings);
        }
    }
}
