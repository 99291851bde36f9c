package dev.plumb.resource.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import dev.plumb.model.Presence;
import dev.plumb.model.Sensitive;
import dev.plumb.model.Text;
import dev.plumb.resource.postgres.DatabaseSpec;
import dev.plumb.resource.postgres.GrantSpec;
import dev.plumb.resource.postgres.GrantTarget;
import dev.plumb.resource.postgres.ObjectType;
import dev.plumb.resource.postgres.ServerState;
import dev.plumb.resource.postgres.PostgresResource;
import dev.plumb.resource.postgres.RoleSpec;
import dev.plumb.resource.postgres.SchemaSpec;
import dev.plumb.resource.postgres.SettingSpec;

/** The catalog queries' text and the parsing of answers shaped like PostgreSQL 15's. */
class CatalogProbeTest {
    static final List<PostgresResource> DESIRED = List.of(
            new RoleSpec("h", "flaskapp", true, false, false, false, true, false, false, -1, Optional.empty(),
                    Optional.of(Sensitive.of("pw")), Map.of("TimeZone", "UTC"), Map.of("app", Map.of("work_mem", "8MB")),
                    List.of(), Presence.PRESENT),
            new SettingSpec("h", "listen_addresses", Optional.of(Text.plain("*")), true, Presence.PRESENT),
            new DatabaseSpec("h", "app", Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                    Optional.empty(), -1, Presence.PRESENT, false),
            new DatabaseSpec("h", "new", Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                    Optional.empty(), -1, Presence.PRESENT, false),
            new DatabaseSpec("h", "old", Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                    Optional.empty(), -1, Presence.ABSENT, false),
            new SchemaSpec("h", "new", "s", Optional.empty(), Presence.PRESENT),
            new SchemaSpec("h", "old", "s", Optional.empty(), Presence.PRESENT),
            new GrantSpec("h", "PUBLIC", List.of("EXECUTE"), new GrantTarget.OnObjects("app", "it's",
                    ObjectType.FUNCTIONS, List.of("f(int)")), false, Presence.ABSENT),
            new GrantSpec("h", "flaskapp", List.of("SELECT"), new GrantTarget.OnObjects("app", "public",
                    ObjectType.TABLES, List.of()), false, Presence.PRESENT));

    static final String SERVER = """
            {"version" : 150018, "user" : "postgres", "superuser" : true, "bootstrap" : "postgres",
             "data_directory" : "/var/lib/postgresql/15/main",
             "hba" : {"path" : "/etc/postgresql/15/main/pg_hba.conf", "content" : "local all all peer\\nhost x\\n",
               "sha256" : "3273", "loaded" : true,
               "errors" : [{"line" : 2, "error" : "end-of-line before database specification"}]},
             "file_settings" : [
               {"name" : "listen_addresses", "setting" : "localhost", "applied" : true, "auto" : false, "error" : null},
               {"name" : "listen_addresses", "setting" : "*", "applied" : false, "auto" : true,
                "error" : "setting could not be applied"},
               {"name" : "work_mem", "setting" : "64MB", "applied" : true, "auto" : true, "error" : null}],
             "roles" : [
               {"name" : "flaskapp", "superuser" : false, "inherit" : true, "createrole" : false, "createdb" : false,
                "login" : true, "replication" : false, "bypassrls" : false, "connlimit" : -1,
                "valid_until" : "2031-02-03T04:05:06.000000Z",
                "password" : "SCRAM-SHA-256$4096:PDBlvXvviChOwb4Tt93Wvg==$g24cvsFLsYywaKO4T/SH4RcwVX5eSR0TvwRLgGOCJb8=:V01/XlFSYJg4lTVFgQEl5LkPYh4lzZbdb653AcDeMhg=",
                "member_of" : [{"role" : "readers", "grantor" : "postgres"}],
                "settings" : [{"database" : null, "config" : ["client_encoding=utf8", "TimeZone=UTC"]},
                              {"database" : "app", "config" : ["work_mem=8MB"]}]},
               {"name" : "nopw", "superuser" : false, "inherit" : true, "createrole" : false, "createdb" : false,
                "login" : false, "replication" : false, "bypassrls" : false, "connlimit" : 3, "valid_until" : null,
                "password" : null, "member_of" : [], "settings" : []}],
             "databases" : [
               {"name" : "app", "owner" : "flaskapp", "encoding" : "UTF8", "collate" : "C.UTF-8", "ctype" : "C.UTF-8",
                "connlimit" : -1, "template" : false, "allow_connections" : true, "connections" : 2,
                "acl" : [{"grantee" : "PUBLIC", "privilege" : "CONNECT", "grantable" : false},
                         {"grantee" : "flaskapp", "privilege" : "CREATE", "grantable" : true}]},
               {"name" : "old", "owner" : "postgres", "encoding" : "UTF8", "collate" : "C", "ctype" : "C",
                "connlimit" : -1, "template" : false, "allow_connections" : true, "connections" : 0, "acl" : []},
               {"name" : "template0", "owner" : "postgres", "encoding" : "UTF8", "collate" : "C", "ctype" : "C",
                "connlimit" : -1, "template" : true, "allow_connections" : false, "connections" : 0, "acl" : []},
               {"name" : "template1", "owner" : "postgres", "encoding" : "UTF8", "collate" : "C", "ctype" : "C",
                "connlimit" : -1, "template" : true, "allow_connections" : true, "connections" : 0, "acl" : []}],
             "settings" : [
               {"name" : "listen_addresses", "setting" : "localhost", "unit" : null, "vartype" : "string",
                "context" : "postmaster", "pending_restart" : true},
               {"name" : "work_mem", "setting" : "65536", "unit" : "kB", "vartype" : "integer", "context" : "user",
                "pending_restart" : false}]}
            """;

    static final String DATABASE = """
            {"schemas" : [{"name" : "public", "owner" : "pg_database_owner",
                "acl" : [{"grantee" : "PUBLIC", "privilege" : "USAGE", "grantable" : false}]}],
             "objects" : [
               {"type" : "functions", "schema" : "it's", "name" : "f(integer)", "sql" : "\\"it's\\".f(integer)", "owner" : "flaskapp",
                "acl" : [{"grantee" : "PUBLIC", "privilege" : "EXECUTE", "grantable" : false}]},
               {"type" : "tables", "schema" : "public", "name" : "t", "sql" : "public.t", "owner" : "flaskapp", "acl" : []},
               {"type" : "sequences", "schema" : "public", "name" : "t_id_seq", "sql" : "public.t_id_seq", "owner" : "postgres", "acl" : []}],
             "defaults" : [
               {"role" : "postgres", "schema" : "public", "type" : "r",
                "acl" : [{"grantee" : "flaskapp", "privilege" : "SELECT", "grantable" : false}]},
               {"role" : "postgres", "schema" : null, "type" : "T", "acl" : []}],
             "functions" : {"\\"it's\\".f(int)" : "f(integer)", "\\"it's\\".g()" : null}}
            """;

    @Test
    void theRequestAsksOnlyForWhatIsDeclared() {
        CatalogProbe.Request req = CatalogProbe.Request.of(DESIRED);
        assertThat(req.passwordRoles()).containsExactly("flaskapp");
        assertThat(req.settingNames()).containsExactly("timezone", "work_mem", "listen_addresses");
        assertThat(req.objectSchemas()).containsExactly(Map.entry("app", java.util.Set.of("it's", "public")));
        assertThat(req.functionSignatures()).containsExactly(Map.entry("app", java.util.Set.of("\"it's\".f(int)")));
        String server = CatalogProbe.server(req, true);
        assertThat(server).contains("a.rolname = ANY (ARRAY['flaskapp']::text[])", "pg_catalog.pg_authid a",
                "pg_read_file", "pg_hba_file_rules", "pg_file_settings",
                "ANY (ARRAY['timezone', 'work_mem', 'listen_addresses']::text[])");
        assertThat(CatalogProbe.server(req, false)).contains("pg_catalog.pg_roles a").doesNotContain("pg_authid",
                "pg_read_file", "pg_file_settings", "data_directory");
        assertThat(req.functionArgs()).containsExactly(Map.entry("app", Map.of("\"it's\".f(int)", List.of("int"))));
        assertThat(CatalogProbe.database(req, "app")).contains("ANY (ARRAY['it''s', 'public']::text[])",
                "json_array_elements(E'[{\"args\":[\"int\"],\"parsed\":true,\"sig\":\"\\\\\"it''s\\\\\".f(int)\"}]'::json)",
                "aclexplode", "pg_default_acl", "pg_get_keywords()", "to_regtype", "to_regprocedure")
                .contains("false AND n.nspname !~ '^pg_'");
    }

    @Test
    void contentsAreReadForTheSchemasADatabaseThatDeclaresSchemasMayDrop() {
        List<PostgresResource> desired = List.of(new SchemaSpec("h", "app", "keep", Optional.empty(), Presence.PRESENT),
                new SchemaSpec("h", "app", "gone", Optional.empty(), Presence.ABSENT, true));
        CatalogProbe.Request req = CatalogProbe.Request.of(desired);
        assertThat(req.keptSchemas()).containsExactly(Map.entry("app", java.util.Set.of("keep")));
        assertThat(CatalogProbe.database(req, "app")).contains("true AND n.nspname !~ '^pg_'",
                "n.nspname <> ALL (ARRAY['keep']::text[])", "pg_identify_object", "pg_rewrite");
        assertThat(CatalogProbe.database(req, "other")).contains("false AND n.nspname !~ '^pg_'");
    }

    @Test
    void parsesSchemaContentsAndTheArgumentTypesOfSignatures() {
        ServerState.DatabaseObjects o = CatalogProbe.parseDatabase("""
                {"schemas" : [{"name" : "s", "owner" : "app", "acl" : []}, {"name" : "t", "owner" : "app", "acl" : []}],
                 "objects" : [], "defaults" : [],
                 "functions" : {"\\"s\\".f(int)" : "f(integer)", "\\"s\\".f(nope, int)" : null},
                 "function_args" : {"\\"s\\".f(int)" : ["integer"], "\\"s\\".f(nope, int)" : [null, "integer"]},
                 "contents" : [
                   {"schema" : "s", "kind" : "table", "count" : 7, "names" : ["s.a", "s.b", "s.c", "s.d", "s.e"],
                    "outside" : false},
                   {"schema" : "s", "kind" : "view", "count" : 1, "names" : ["public.v"], "outside" : true}]}
                """);
        assertThat(o.schemas().get("s").contents()).containsExactly(
                new ServerState.Content("table", 7, List.of("s.a", "s.b", "s.c", "s.d", "s.e"), false),
                new ServerState.Content("view", 1, List.of("public.v"), true));
        assertThat(o.schemas().get("t").contents()).isEmpty();
        assertThat(o.functionArgs().get("\"s\".f(nope, int)")).containsExactly(Optional.empty(), Optional.of("integer"));
        assertThat(SchemaPlanner.show(o.schemas().get("s").contents())).isEqualTo(
                "7 tables (s.a, s.b, s.c, s.d, s.e, …), 1 view (public.v)");
    }

    @Test
    void databasesToReadAreTheDeclaredOnesOrTheTemplatesOfNewOnes() {
        CatalogProbe.Request req = CatalogProbe.Request.of(DESIRED);
        ServerState facts = CatalogProbe.parseServer(SERVER, req, true, Optional.empty());
        assertThat(req.toRead(DESIRED, facts.databases())).containsExactly("template1", "app");
    }

    @Test
    void theSessionIsReadAsTheServerSeesIt() {
        CatalogProbe.Request req = CatalogProbe.Request.of(DESIRED);
        assertThat(CatalogProbe.server(req, false)).contains("pg_catalog.inet_client_addr()", "pg_catalog.pg_stat_ssl");
        String tcp = SERVER.replaceFirst("\\{", "{\"client_addr\" : \"127.0.0.1\", \"ssl\" : true, ");
        assertThat(CatalogProbe.parseServer(tcp, req, true, Optional.empty()).session())
                .contains(new ServerState.Session("127.0.0.1", true));
        String socket = SERVER.replaceFirst("\\{", "{\"client_addr\" : null, \"ssl\" : false, ");
        assertThat(CatalogProbe.parseServer(socket, req, true, Optional.empty()).session()).isEmpty();
    }

    @Test
    void parsesTheServer() {
        CatalogProbe.Request req = CatalogProbe.Request.of(DESIRED);
        ServerState f = CatalogProbe.parseServer(SERVER, req, true, Optional.of("refused"));
        assertThat(f.serverVersion()).isEqualTo(150018);
        assertThat(f.adminLogin()).contains("refused");
        assertThat(f.dataDirectory()).contains("/var/lib/postgresql/15/main");
        ServerState.Role app = f.roles().get("flaskapp");
        assertThat(app.login()).isTrue();
        assertThat(app.validUntil()).contains(Instant.parse("2031-02-03T04:05:06Z"));
        assertThat(app.password()).isInstanceOfSatisfying(ServerState.Stored.class, s -> assertThat(s.scram()).isTrue());
        assertThat(app.password().toString()).doesNotContain("SCRAM");
        assertThat(app.memberOf()).containsExactly(new ServerState.Membership("readers", "postgres"));
        assertThat(app.settings()).containsExactly(Map.entry("client_encoding", "utf8"), Map.entry("timezone", "UTC"));
        assertThat(app.databaseSettings()).containsExactly(Map.entry("app", Map.of("work_mem", "8MB")));
        assertThat(f.roles().get("nopw").password()).isInstanceOf(ServerState.Unreadable.class);
        assertThat(f.roles().get("nopw").connectionLimit()).isEqualTo(3);
        ServerState.Database db = f.databases().get("app");
        assertThat(db.connections()).isEqualTo(2);
        assertThat(db.acl()).containsExactly(new ServerState.Privilege("PUBLIC", "CONNECT", false),
                new ServerState.Privilege("flaskapp", "CREATE", true));
        assertThat(f.databases().get("template0").allowConnections()).isFalse();
        ServerState.Setting listen = f.settings().get("listen_addresses");
        assertThat(listen.pending()).contains("*");
        assertThat(listen.inAutoConf()).isTrue();
        assertThat(listen.context()).isEqualTo("postmaster");
        ServerState.Setting mem = f.settings().get("work_mem");
        assertThat(mem.unit()).contains("kB");
        assertThat(mem.pending()).isEmpty();
        ServerState.Hba hba = f.hba().orElseThrow();
        assertThat(hba.content()).isEqualTo("local all all peer\nhost x\n");
        assertThat(hba.errors()).extracting(Object::toString)
                .containsExactly("line 2: end-of-line before database specification");
    }

    @Test
    void withoutSuperuserPasswordsAreUnreadable() {
        CatalogProbe.Request req = CatalogProbe.Request.of(DESIRED);
        String limited = SERVER.replace("\"superuser\" : true, \"bootstrap\"", "\"superuser\" : false, \"bootstrap\"");
        ServerState f = CatalogProbe.parseServer(limited, req, false, Optional.empty());
        assertThat(f.superuser()).isFalse();
        assertThat(f.roles().get("flaskapp").password()).isInstanceOf(ServerState.Unreadable.class);
    }

    @Test
    void aRoleWhosePasswordIsNotAskedForSaysOnlyWhetherItHasOne() {
        CatalogProbe.Request none = new CatalogProbe.Request(java.util.Set.of(), java.util.Set.of(), Map.of(), Map.of(),
                java.util.Set.of());
        String flags = SERVER.replace("\"password\" : null, \"member_of\" : []",
                "\"password\" : null, \"has_password\" : false, \"member_of\" : []");
        ServerState f = CatalogProbe.parseServer(flags, none, true, Optional.empty());
        assertThat(f.roles().get("nopw").password()).isInstanceOf(ServerState.NoPassword.class);
        ServerState unknown = CatalogProbe.parseServer(SERVER, none, true, Optional.empty());
        assertThat(unknown.roles().get("nopw").password()).isInstanceOf(ServerState.Unreadable.class);
        assertThat(CatalogProbe.server("ARRAY[]::text[]", "ARRAY[]::text[]", true))
                .contains("'has_password', a.rolpassword IS NOT NULL");
    }

    @Test
    void parsesADatabase() {
        ServerState.DatabaseObjects o = CatalogProbe.parseDatabase(DATABASE);
        assertThat(o.schemas().get("public").owner()).isEqualTo("pg_database_owner");
        assertThat(o.objects()).extracting(ServerState.DbObject::type, ServerState.DbObject::name, ServerState.DbObject::sqlName,
                        ServerState.DbObject::owner)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(ObjectType.FUNCTIONS, "f(integer)",
                                "\"it's\".f(integer)", "flaskapp"),
                        org.assertj.core.groups.Tuple.tuple(ObjectType.TABLES, "t", "public.t", "flaskapp"),
                        org.assertj.core.groups.Tuple.tuple(ObjectType.SEQUENCES, "t_id_seq", "public.t_id_seq", "postgres"));
        assertThat(o.defaults()).extracting(ServerState.DefaultAcl::schema, ServerState.DefaultAcl::type).containsExactly(
                org.assertj.core.groups.Tuple.tuple(Optional.of("public"), ObjectType.TABLES),
                org.assertj.core.groups.Tuple.tuple(Optional.empty(), ObjectType.TYPES));
        assertThat(o.functions()).containsExactly(Map.entry("\"it's\".f(int)", "f(integer)"));
    }
}
