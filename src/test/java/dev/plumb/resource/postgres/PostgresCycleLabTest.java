package dev.plumb.resource.postgres;

import static dev.plumb.shell.Shell.quote;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.plumb.cli.Cli;
import dev.plumb.lab.LabHosts;
import dev.plumb.lab.PgLab;

/**
 * Every PostgreSQL kind and key through the real command line against host1 (issue 4): created,
 * updated and removed, each followed by an empty plan and checked in the server's catalogs;
 * refusals (encoding or locale of an existing database, a database with sessions); settings that
 * reload or restart; drift reported by {@code plumb drift}; names full of quotes. Every test starts
 * from the fresh Debian server where only peer authentication works: plumb sets the admin password.
 */
@LabHosts(count = 3)
class PostgresCycleLabTest {
    static final String ADMIN_PW = "cycle-admin-pw-5b1d";
    static final String PW1 = "cycle-pw-one-81";
    static final String PW2 = "cycle-pw-two-27";

    @RegisterExtension
    static final PgLab pg = new PgLab().admin(ADMIN_PW).secret("CYCLE_PW", PW1);

    // --- helpers ---------------------------------------------------------------------------------

    /** Writes a playbook with one play for group db: the admin, then {@code postgres} (its keys). */
    private void postgres(String postgres) {
        pg.ws().playbook("""
                secrets:
                  admin: {env: PLUMB_PG_ADMIN_PASSWORD}
                  pw: {env: CYCLE_PW}
                plays:
                  - hosts: db
                    postgres:
                      admin: {password: "${secret.admin}"}
                """ + postgres.indent(6));
    }

    /** Plans (changes expected: exit 2, each of {@code shown} in the text), then converges. */
    private Cli.Result planAndConverge(String... shown) {
        Cli.Result plan = pg.ws().plumb("plan");
        assertThat(plan.exit()).as("%s", plan).isEqualTo(2);
        assertThat(plan.out()).as("%s", plan).contains(shown);
        assertNoSecret(plan);
        assertNoSecret(pg.ws().converge());
        return plan;
    }

    private static void assertNoSecret(Cli.Result r) {
        assertThat(r.all()).doesNotContain(ADMIN_PW).doesNotContain(PW1).doesNotContain(PW2)
                .doesNotContain("SCRAM-SHA-256$");
    }

    /** An aclitem[] as sorted {@code grantee=PRIVILEGE} entries ({@code *}: with grant option). */
    private static String acl(String aclItems) {
        return "(SELECT string_agg(x, ',' ORDER BY x) FROM (SELECT CASE e.grantee WHEN 0 THEN 'PUBLIC'"
                + " ELSE pg_get_userbyid(e.grantee) END || '=' || e.privilege_type"
                + " || CASE WHEN e.is_grantable THEN '*' ELSE '' END AS x FROM aclexplode(" + aclItems + ") e) a)";
    }

    /** Logs in over TCP to 127.0.0.1:5432 on host1 with a password; the output, or null when refused. */
    private String tcpLogin(String user, String password, String database, String sql) {
        return read(tcpLoginCommand(user, password, database, sql)).get(0);
    }

    /** The command that logs in as {@link #tcpLogin} does, printing what it printed, or {@value #REFUSED}. */
    private static String tcpLoginCommand(String user, String password, String database, String sql) {
        return "if out=$(PGPASSWORD=" + quote(password) + " psql -X -A -t -v ON_ERROR_STOP=1 "
                + quote("postgresql://" + user + "@127.0.0.1:5432/" + database) + " -c " + quote(sql)
                + "); then printf '%s\\n' \"$out\"; else echo " + REFUSED + "; fi";
    }

    private static final String REFUSED = "--plumb-login-refused--";

    /** The command that runs SQL as the postgres superuser on host1, as {@link PgLab#psql} does. */
    private static String psql(String database, String sql) {
        return "cd / && runuser -u postgres -- psql -X -q -A -t -v ON_ERROR_STOP=1 -d " + quote(database)
                + " <<'PLUMB_SQL'\n" + sql + "\nPLUMB_SQL";
    }

    /**
     * Runs the commands one after the other on host1 in one SSH session (each in a subshell) and
     * returns what each printed on stdout, stripped, or null for a {@link #tcpLoginCommand} that was
     * refused; a command that fails fails the test, as {@link PgLab#psql} does.
     */
    private static List<String> read(String... commands) {
        String mark = "--plumb-cycle-lab-next--";
        StringBuilder script = new StringBuilder();
        for (int i = 0; i < commands.length; i++) {
            script.append("( ").append(commands[i]).append("\n) || { echo 'command ").append(i + 1)
                    .append(" failed' >&2; exit 1; }\necho ").append(mark).append('\n');
        }
        String[] parts = pg.ssh(script.toString()).orThrow().stdout().split(mark + "\n", -1);
        assertThat(parts).hasSize(commands.length + 1);
        List<String> out = new ArrayList<>();
        for (int i = 0; i < commands.length; i++) {
            String part = parts[i].strip();
            out.add(part.equals(REFUSED) ? null : part);
        }
        return out;
    }

    private static final String ROLES = """
            SELECT rolname, rolsuper, rolinherit, rolcreaterole, rolcreatedb, rolcanlogin, rolreplication,
                   rolbypassrls, rolconnlimit, coalesce((rolvaliduntil AT TIME ZONE 'UTC')::text, '-'),
                   (SELECT coalesce(string_agg(g.rolname, ',' ORDER BY g.rolname), '-') FROM pg_auth_members m
                      JOIN pg_roles g ON g.oid = m.roleid WHERE m.member = r.oid),
                   (SELECT coalesce(string_agg(coalesce(d.datname, '*') || ':' || array_to_string(ARRAY(
                             SELECT unnest(s.setconfig) ORDER BY 1), ';'), ' ' ORDER BY d.datname NULLS FIRST), '-')
                      FROM pg_db_role_setting s LEFT JOIN pg_database d ON d.oid = s.setdatabase
                     WHERE s.setrole = r.oid)
              FROM pg_roles r WHERE rolname LIKE 'cy\\_%' ORDER BY rolname;""";

    private static final String DATABASES = "SELECT datname, pg_get_userbyid(datdba), pg_encoding_to_char(encoding),"
            + " datcollate, datctype, datconnlimit, " + acl("coalesce(datacl, acldefault('d', datdba))")
            + " FROM pg_database WHERE datname LIKE 'cy\\_%' ORDER BY datname;";

    private static final String HBA_RULES = "SELECT coalesce(string_agg(type || ' ' || array_to_string(database, ',')"
            + " || ' ' || array_to_string(user_name, ',') || ' ' || coalesce(address, '-') || ' ' || auth_method, '; '"
            + " ORDER BY line_number), '-') FROM pg_hba_file_rules WHERE error IS NULL AND 'cy_db' = ANY (database);";

    /** Schemas (owner, ACL), default privileges, and the ACLs of cy_s's tables, sequences, functions (in cy_db). */
    private static final String INSIDE_CY_DB = """
            SELECT nspname, pg_get_userbyid(nspowner), %s FROM pg_namespace
             WHERE nspname LIKE 'cy\\_%%' ORDER BY nspname;
            SELECT 'default', pg_get_userbyid(defaclrole), defaclnamespace::regnamespace, defaclobjtype, %s
              FROM pg_default_acl ORDER BY 2, 3, 4;
            SELECT c.relname, c.relkind, %s FROM pg_class c
             WHERE c.relnamespace = 'cy_s'::regnamespace AND c.relkind IN ('r', 'S') ORDER BY c.relname;
            SELECT p.oid::regprocedure, %s FROM pg_proc p WHERE p.pronamespace = 'cy_s'::regnamespace;"""
            .formatted(acl("coalesce(nspacl, acldefault('n', nspowner))"), acl("defaclacl"),
                    acl("coalesce(c.relacl, acldefault(CASE c.relkind WHEN 'S' THEN 's' ELSE 'r' END::\"char\", c.relowner))"),
                    acl("coalesce(p.proacl, acldefault('f', p.proowner))"));

    /** work_mem as a new session sees it, and as postgresql.auto.conf holds it. */
    private static final String WORK_MEM = "SHOW work_mem;\nSELECT coalesce((SELECT setting FROM pg_file_settings"
            + " WHERE name = 'work_mem' AND sourcefile LIKE '%/postgresql.auto.conf'), '-');";

    private String roles() {
        return pg.psql("postgres", ROLES);
    }

    private String databases() {
        return pg.psql("postgres", DATABASES);
    }

    private String insideCyDb() {
        return pg.psql("cy_db", INSIDE_CY_DB);
    }

    private String hbaRules() {
        return pg.psql("postgres", HBA_RULES);
    }

    /** A password login over TCP, as {@link #tcpLogin} makes it. */
    private record Login(String user, String password, String database, String sql) {}

    /**
     * The roles, databases, what is inside cy_db, the hba rules and work_mem, and the outcome of
     * each login (null when refused), read in one round trip.
     */
    private record Catalogs(String roles, String databases, String insideCyDb, String hbaRules, String workMem,
                            List<String> logins) {}

    private Catalogs catalogs(Login... logins) {
        List<String> commands = new ArrayList<>(List.of(psql("postgres", ROLES), psql("postgres", DATABASES),
                psql("cy_db", INSIDE_CY_DB), psql("postgres", HBA_RULES), psql("postgres", WORK_MEM)));
        for (Login l : logins) {
            commands.add(tcpLoginCommand(l.user(), l.password(), l.database(), l.sql()));
        }
        List<String> r = read(commands.toArray(String[]::new));
        return new Catalogs(r.get(0), r.get(1), r.get(2), r.get(3), r.get(4), r.subList(5, r.size()));
    }

    // --- every kind and key ----------------------------------------------------------------------

    @Test
    void everyKindAndKeyIsCreatedUpdatedAndRemoved() {
        // cy_app's flags go from non-default to default; cy_flip's from default to non-default and
        // back to default when the keys are removed.
        String create = """
                roles:
                  - {name: cy_group}
                  - name: cy_app
                    login: true
                    superuser: false
                    createdb: true
                    createrole: true
                    inherit: false
                    replication: true
                    bypassrls: true
                    connection_limit: 5
                    valid_until: "2030-01-01"
                    password: "${secret.pw}"
                    settings: {work_mem: 8MB, search_path: "cy_s, public"}
                    database_settings: {cy_db: {statement_timeout: 30s}}
                    member_of: [cy_group]
                  - {name: cy_reader, login: true}
                  - {name: cy_flip, login: false, superuser: false, createdb: false, createrole: false,
                     inherit: true, replication: false, bypassrls: false}
                databases:
                  - {name: cy_db, owner: cy_app, encoding: UTF8, lc_collate: C, lc_ctype: C, template: template0,
                     connection_limit: 10}
                schemas:
                  - {database: cy_db, name: cy_s, owner: cy_app}
                  - {database: cy_db, name: cy_s2}
                grants:
                  - {role: cy_reader, privileges: [CONNECT], on: {database: cy_db}, grant_option: true}
                  - {role: public, privileges: [TEMPORARY], on: {database: cy_db}}
                  - {role: cy_reader, privileges: [USAGE], on: {database: cy_db, schema: cy_s}}
                  - {role: cy_reader, privileges: [SELECT],
                     default_privileges: {database: cy_db, schema: cy_s, for_role: cy_app, objects: tables}}
                hba:
                  - {type: host, database: cy_db, user: cy_reader, address: 127.0.0.1/32, method: scram-sha-256}
                settings:
                  work_mem: 1GB
                """;
        postgres(create);
        Cli.Result plan = planAndConverge(
                "set the admin password via the local socket",
                "+ postgres/role cy_app\n      createdb: true\n      createrole: true\n      inherit: false\n"
                        + "      login: true\n      replication: true\n      bypassrls: true\n"
                        + "      connection_limit: 5\n      valid_until: 2030-01-01T00:00:00Z\n"
                        + "      password: (sensitive)\n      member_of: cy_group\n      setting work_mem: 8MB\n"
                        + "      setting search_path: cy_s, public\n      setting in cy_db: statement_timeout: 30s\n",
                "+ postgres/database cy_db\n      owner: cy_app\n      template: template0\n      encoding: UTF8\n"
                        + "      lc_collate: C\n      lc_ctype: C\n      connection_limit: 10\n",
                "+ postgres/schema cy_db.cy_s\n      owner: cy_app\n",
                "+ postgres/grant cy_reader@database:cy_db\n      privileges: CONNECT (with grant option)\n",
                "~ postgres/grant PUBLIC@database:cy_db\n      privileges: CONNECT, TEMPORARY → TEMPORARY\n",
                "+ postgres/grant cy_reader@schema:cy_db.cy_s\n      privileges: USAGE\n",
                "+ postgres/grant cy_reader@default:cy_db.cy_s:cy_app:tables\n      privileges: SELECT\n",
                "+ postgres/hba host:cy_db:cy_reader:127.0.0.1/32\n",
                "~ postgres/setting work_mem\n      value: 4096kB → 1GB\n");
        assertThat(plan.changeLines()).hasSize(14);
        Catalogs seen = catalogs(new Login("cy_app", PW1, "cy_db", "SELECT current_user"));
        assertThat(seen.roles()).isEqualTo("""
                cy_app|f|f|t|t|t|t|t|5|2030-01-01 00:00:00|cy_group|*:search_path=cy_s, public;work_mem=8MB\
                 cy_db:statement_timeout=30s
                cy_flip|f|t|f|f|f|f|f|-1|-|-|-
                cy_group|f|t|f|f|f|f|f|-1|-|-|-
                cy_reader|f|t|f|f|t|f|f|-1|-|-|-""");
        assertThat(seen.logins().get(0)).isEqualTo("cy_app");
        assertThat(seen.databases()).isEqualTo("cy_db|cy_app|UTF8|C|C|10|PUBLIC=TEMPORARY,cy_app=CONNECT,cy_app=CREATE,"
                + "cy_app=TEMPORARY,cy_reader=CONNECT*");
        assertThat(seen.insideCyDb()).isEqualTo("""
                cy_s|cy_app|cy_app=CREATE,cy_app=USAGE,cy_reader=USAGE
                cy_s2|postgres|postgres=CREATE,postgres=USAGE
                default|cy_app|cy_s|r|cy_reader=SELECT""");
        assertThat(seen.hbaRules()).isEqualTo("host cy_db cy_reader 127.0.0.1 scram-sha-256");
        assertThat(seen.workMem()).isEqualTo("1GB\n1GB");
        // The same amount in other units is no change.
        postgres(create.replace("work_mem: 1GB", "work_mem: 1024MB"));
        Cli.Result same = pg.ws().plumb("plan");
        assertThat(same.exit()).as("%s", same).isZero();

        // Objects in cy_s, created by cy_app: the default privileges give cy_reader SELECT on tables.
        pg.psql("cy_db", """
                SET ROLE cy_app;
                CREATE TABLE cy_s.t1 (id serial PRIMARY KEY, v text);
                CREATE TABLE cy_s.t2 (id int);
                CREATE FUNCTION cy_s.f(a int) RETURNS int LANGUAGE sql AS 'SELECT a';""");
        String objects = """
                  - {role: cy_group, privileges: [SELECT], on: {database: cy_db, schema: cy_s, tables: ALL}}
                  - {role: public, privileges: [INSERT], on: {database: cy_db, schema: cy_s, tables: [t1]}}
                  - {role: cy_reader, privileges: [USAGE], on: {database: cy_db, schema: cy_s, sequences: ALL}}
                  - {role: cy_reader, privileges: [EXECUTE], on: {database: cy_db, schema: cy_s, functions: ["f(integer)"]}}
                hba:""";
        postgres(create.replace("hba:", objects));
        plan = planAndConverge(
                "+ postgres/grant cy_group@tables:cy_db.cy_s:ALL\n      table cy_s.t1: SELECT\n      table cy_s.t2: SELECT\n",
                "+ postgres/grant PUBLIC@tables:cy_db.cy_s:t1\n      table cy_s.t1: INSERT\n",
                "+ postgres/grant cy_reader@sequences:cy_db.cy_s:ALL\n      sequence cy_s.t1_id_seq: USAGE\n",
                "+ postgres/grant cy_reader@functions:cy_db.cy_s:f(integer)\n      function cy_s.f(integer): EXECUTE\n");
        assertThat(plan.changeLines()).hasSize(4);
        assertThat(insideCyDb()).endsWith("""
                t1|r|PUBLIC=INSERT,cy_app=DELETE,cy_app=INSERT,cy_app=REFERENCES,cy_app=SELECT,cy_app=TRIGGER,\
                cy_app=TRUNCATE,cy_app=UPDATE,cy_group=SELECT,cy_reader=SELECT
                t1_id_seq|S|cy_app=SELECT,cy_app=UPDATE,cy_app=USAGE,cy_reader=USAGE
                t2|r|cy_app=DELETE,cy_app=INSERT,cy_app=REFERENCES,cy_app=SELECT,cy_app=TRIGGER,cy_app=TRUNCATE,\
                cy_app=UPDATE,cy_group=SELECT,cy_reader=SELECT
                cy_s.f(integer)|PUBLIC=EXECUTE,cy_app=EXECUTE,cy_reader=EXECUTE""");

        // Every key changed.
        pg.ws().env("CYCLE_PW", PW2);
        postgres("""
                roles:
                  - {name: cy_group}
                  - name: cy_app
                    login: true
                    superuser: false
                    createdb: false
                    createrole: false
                    inherit: true
                    replication: false
                    bypassrls: false
                    connection_limit: 7
                    valid_until: "2031-06-01 12:00:00+02"
                    password: "${secret.pw}"
                    settings: {work_mem: 16MB}
                    database_settings: {cy_db: {statement_timeout: 1min}}
                    member_of: [cy_reader]
                  - {name: cy_reader, login: true}
                  - {name: cy_flip, login: true, superuser: true, createdb: true, createrole: true,
                     inherit: false, replication: true, bypassrls: true}
                databases:
                  - {name: cy_db, owner: cy_group, encoding: UTF8, lc_collate: C, lc_ctype: C, template: template0,
                     connection_limit: 20}
                schemas:
                  - {database: cy_db, name: cy_s, owner: cy_flip}
                  - {database: cy_db, name: cy_s2, owner: cy_group}
                grants:
                  - {role: cy_reader, privileges: [CONNECT, TEMPORARY], on: {database: cy_db}, grant_option: false}
                  - {role: public, privileges: [CONNECT, TEMPORARY], on: {database: cy_db}}
                  - {role: cy_reader, privileges: [USAGE, CREATE], on: {database: cy_db, schema: cy_s}}
                  - {role: cy_reader, privileges: [SELECT, UPDATE],
                     default_privileges: {database: cy_db, schema: cy_s, for_role: cy_app, objects: tables}}
                  - {role: cy_group, privileges: [SELECT, DELETE], on: {database: cy_db, schema: cy_s, tables: ALL}}
                  - {role: public, privileges: [INSERT, UPDATE], on: {database: cy_db, schema: cy_s, tables: [t1]}}
                  - {role: cy_reader, privileges: [USAGE, SELECT], on: {database: cy_db, schema: cy_s, sequences: ALL}}
                  - {role: cy_reader, privileges: [EXECUTE], on: {database: cy_db, schema: cy_s, functions: ["f(integer)"]},
                     grant_option: true}
                hba:
                  - {type: host, database: cy_db, user: cy_reader, address: 127.0.0.1/32, method: md5}
                settings:
                  work_mem: 2GB
                """);
        plan = planAndConverge(
                "~ postgres/role cy_app\n      createdb: true → false\n      createrole: true → false\n"
                        + "      inherit: false → true\n      replication: true → false\n      bypassrls: true → false\n"
                        + "      connection_limit: 5 → 7\n"
                        + "      valid_until: 2030-01-01T00:00:00Z → 2031-06-01T10:00:00Z\n"
                        + "      password: (sensitive) → (sensitive)\n      member_of: cy_group → cy_reader\n"
                        + "      setting work_mem: 8MB → 16MB\n      setting search_path: cy_s, public → (none)\n"
                        + "      setting in cy_db: statement_timeout: 30s → 1min\n",
                "~ postgres/role cy_flip\n      superuser: false → true\n      createdb: false → true\n"
                        + "      createrole: false → true\n      inherit: true → false\n      login: false → true\n"
                        + "      replication: false → true\n      bypassrls: false → true\n",
                "~ postgres/database cy_db\n      owner: cy_app → cy_group\n      connection_limit: 10 → 20\n",
                "~ postgres/schema cy_db.cy_s\n      owner: cy_app → cy_flip\n",
                "~ postgres/schema cy_db.cy_s2\n      owner: postgres → cy_group\n",
                "~ postgres/grant cy_reader@database:cy_db\n"
                        + "      privileges: CONNECT (with grant option) → CONNECT, TEMPORARY\n",
                "~ postgres/grant PUBLIC@database:cy_db\n      privileges: TEMPORARY → CONNECT, TEMPORARY\n",
                "~ postgres/grant cy_reader@schema:cy_db.cy_s\n      privileges: USAGE → CREATE, USAGE\n",
                "~ postgres/grant cy_reader@default:cy_db.cy_s:cy_app:tables\n      privileges: SELECT → SELECT, UPDATE\n",
                "~ postgres/grant cy_group@tables:cy_db.cy_s:ALL\n      table cy_s.t1: SELECT → DELETE, SELECT\n"
                        + "      table cy_s.t2: SELECT → DELETE, SELECT\n",
                "~ postgres/grant PUBLIC@tables:cy_db.cy_s:t1\n      table cy_s.t1: INSERT → INSERT, UPDATE\n",
                "~ postgres/grant cy_reader@sequences:cy_db.cy_s:ALL\n"
                        + "      sequence cy_s.t1_id_seq: USAGE → SELECT, USAGE\n",
                "~ postgres/grant cy_reader@functions:cy_db.cy_s:f(integer)\n"
                        + "      function cy_s.f(integer): EXECUTE → EXECUTE (with grant option)\n",
                "~ postgres/hba host:cy_db:cy_reader:127.0.0.1/32\n",
                "~ postgres/setting work_mem\n      value: 1048576kB → 2GB\n");
        assertThat(plan.changeLines()).hasSize(15);
        seen = catalogs(new Login("cy_app", PW1, "cy_db", "SELECT 1"),
                new Login("cy_app", PW2, "cy_db", "SELECT current_user"));
        assertThat(seen.roles()).isEqualTo("""
                cy_app|f|t|f|f|t|f|f|7|2031-06-01 10:00:00|cy_reader|*:work_mem=16MB cy_db:statement_timeout=1min
                cy_flip|t|f|t|t|t|t|t|-1|-|-|-
                cy_group|f|t|f|f|f|f|f|-1|-|-|-
                cy_reader|f|t|f|f|t|f|f|-1|-|-|-""");
        assertThat(seen.logins().get(0)).isNull();
        assertThat(seen.logins().get(1)).isEqualTo("cy_app");
        assertThat(seen.databases()).isEqualTo("cy_db|cy_group|UTF8|C|C|20|PUBLIC=CONNECT,PUBLIC=TEMPORARY,"
                + "cy_group=CONNECT,cy_group=CREATE,cy_group=TEMPORARY,cy_reader=CONNECT,cy_reader=TEMPORARY");
        assertThat(seen.insideCyDb()).isEqualTo("""
                cy_s|cy_flip|cy_flip=CREATE,cy_flip=USAGE,cy_reader=CREATE,cy_reader=USAGE
                cy_s2|cy_group|cy_group=CREATE,cy_group=USAGE
                default|cy_app|cy_s|r|cy_reader=SELECT,cy_reader=UPDATE
                t1|r|PUBLIC=INSERT,PUBLIC=UPDATE,cy_app=DELETE,cy_app=INSERT,cy_app=REFERENCES,cy_app=SELECT,\
                cy_app=TRIGGER,cy_app=TRUNCATE,cy_app=UPDATE,cy_group=DELETE,cy_group=SELECT,cy_reader=SELECT
                t1_id_seq|S|cy_app=SELECT,cy_app=UPDATE,cy_app=USAGE,cy_reader=SELECT,cy_reader=USAGE
                t2|r|cy_app=DELETE,cy_app=INSERT,cy_app=REFERENCES,cy_app=SELECT,cy_app=TRIGGER,cy_app=TRUNCATE,\
                cy_app=UPDATE,cy_group=DELETE,cy_group=SELECT,cy_reader=SELECT
                cy_s.f(integer)|PUBLIC=EXECUTE,cy_app=EXECUTE,cy_reader=EXECUTE*""");
        assertThat(seen.hbaRules()).isEqualTo("host cy_db cy_reader 127.0.0.1 md5");
        assertThat(seen.workMem()).isEqualTo("2GB\n2GB");

        // Keys stated as none or PostgreSQL's defaults (a key left out would be left as it is:
        // owners and the password are), the grants, an hba rule, a schema and a setting absent.
        postgres("""
                roles:
                  - {name: cy_group}
                  - {name: cy_app, login: true, connection_limit: -1, valid_until: infinity, member_of: [],
                     settings: {}, database_settings: {}}
                  - {name: cy_reader, login: true}
                  - {name: cy_flip, login: false, superuser: false, createdb: false, createrole: false, inherit: true,
                     replication: false, bypassrls: false}
                databases:
                  - {name: cy_db, connection_limit: -1}
                schemas:
                  - {database: cy_db, name: cy_s}
                  - {database: cy_db, name: cy_s2, state: absent}
                grants:
                  - {role: cy_reader, privileges: [ALL], on: {database: cy_db}, state: absent}
                  - {role: public, privileges: [ALL], on: {database: cy_db}, state: absent}
                  - {role: cy_reader, privileges: [ALL], on: {database: cy_db, schema: cy_s}, state: absent}
                  - {role: cy_reader, privileges: [ALL], state: absent,
                     default_privileges: {database: cy_db, schema: cy_s, for_role: cy_app, objects: tables}}
                  - {role: cy_group, privileges: [ALL], on: {database: cy_db, schema: cy_s, tables: ALL}, state: absent}
                  - {role: public, privileges: [ALL], on: {database: cy_db, schema: cy_s, tables: [t1]}, state: absent}
                  - {role: cy_reader, privileges: [ALL], on: {database: cy_db, schema: cy_s, sequences: ALL}, state: absent}
                  - {role: cy_reader, privileges: [ALL], on: {database: cy_db, schema: cy_s, functions: ["f(integer)"]},
                     state: absent}
                hba:
                  - {type: host, database: cy_db, user: cy_reader, address: 127.0.0.1/32, method: md5, state: absent}
                settings:
                  work_mem: {state: absent}
                """);
        plan = planAndConverge(
                "~ postgres/role cy_app\n      connection_limit: 7 → -1\n"
                        + "      valid_until: 2031-06-01T10:00:00Z → infinity\n      member_of: cy_reader → (none)\n"
                        + "      setting work_mem: 16MB → (none)\n      setting in cy_db: statement_timeout: 1min → (none)\n",
                "~ postgres/role cy_flip\n      superuser: true → false\n      createdb: true → false\n"
                        + "      createrole: true → false\n      inherit: false → true\n      login: true → false\n"
                        + "      replication: true → false\n      bypassrls: true → false\n",
                "~ postgres/database cy_db\n      connection_limit: 20 → -1\n",
                "- postgres/schema cy_db.cy_s2\n",
                "- postgres/grant cy_reader@database:cy_db\n      privileges: CONNECT, TEMPORARY → (none)\n",
                "- postgres/grant PUBLIC@database:cy_db\n      privileges: CONNECT, TEMPORARY → (none)\n",
                "- postgres/grant cy_reader@schema:cy_db.cy_s\n      privileges: CREATE, USAGE → (none)\n",
                "- postgres/grant cy_reader@default:cy_db.cy_s:cy_app:tables\n      privileges: SELECT, UPDATE → (none)\n",
                "- postgres/grant cy_group@tables:cy_db.cy_s:ALL\n      table cy_s.t1: DELETE, SELECT → (none)\n"
                        + "      table cy_s.t2: DELETE, SELECT → (none)\n",
                "- postgres/grant PUBLIC@tables:cy_db.cy_s:t1\n      table cy_s.t1: INSERT, UPDATE → (none)\n",
                "- postgres/grant cy_reader@sequences:cy_db.cy_s:ALL\n"
                        + "      sequence cy_s.t1_id_seq: SELECT, USAGE → (none)\n",
                "- postgres/grant cy_reader@functions:cy_db.cy_s:f(integer)\n"
                        + "      function cy_s.f(integer): EXECUTE (with grant option) → (none)\n",
                "- postgres/hba host:cy_db:cy_reader:127.0.0.1/32\n",
                "- postgres/setting work_mem\n      value: 2097152kB → (none)\n");
        assertThat(plan.changeLines()).hasSize(14);
        seen = catalogs(new Login("cy_app", PW2, "postgres", "SELECT current_user"));
        assertThat(seen.roles()).isEqualTo("""
                cy_app|f|t|f|f|t|f|f|-1|infinity|-|-
                cy_flip|f|t|f|f|f|f|f|-1|-|-|-
                cy_group|f|t|f|f|f|f|f|-1|-|-|-
                cy_reader|f|t|f|f|t|f|f|-1|-|-|-""");
        // The password is left as it was (cy_db's CONNECT is now its owner's only).
        assertThat(seen.logins().get(0)).isEqualTo("cy_app");
        assertThat(seen.databases()).isEqualTo("cy_db|cy_group|UTF8|C|C|-1|cy_group=CONNECT,cy_group=CREATE,"
                + "cy_group=TEMPORARY");
        // cy_reader's SELECT on the tables came from the default privileges, not from a declared grant.
        assertThat(seen.insideCyDb()).isEqualTo("""
                cy_s|cy_flip|cy_flip=CREATE,cy_flip=USAGE
                t1|r|cy_app=DELETE,cy_app=INSERT,cy_app=REFERENCES,cy_app=SELECT,cy_app=TRIGGER,cy_app=TRUNCATE,\
                cy_app=UPDATE,cy_reader=SELECT
                t1_id_seq|S|cy_app=SELECT,cy_app=UPDATE,cy_app=USAGE
                t2|r|cy_app=DELETE,cy_app=INSERT,cy_app=REFERENCES,cy_app=SELECT,cy_app=TRIGGER,cy_app=TRUNCATE,\
                cy_app=UPDATE,cy_reader=SELECT
                cy_s.f(integer)|PUBLIC=EXECUTE,cy_app=EXECUTE""");
        assertThat(seen.hbaRules()).isEqualTo("-");
        assertThat(seen.workMem()).isEqualTo("4MB\n-");

        // The database and the roles absent.
        postgres("""
                roles:
                  - {name: cy_group, state: absent}
                  - {name: cy_app, state: absent}
                  - {name: cy_reader, state: absent}
                  - {name: cy_flip, state: absent}
                databases:
                  - {name: cy_db, state: absent}
                """);
        plan = planAndConverge("- postgres/database cy_db\n", "- postgres/role cy_app\n", "- postgres/role cy_flip\n",
                "- postgres/role cy_group\n", "- postgres/role cy_reader\n",
                "Plan: 0 to create, 0 to update, 5 to delete, 0 restarts on 1 host.");
        List<String> gone = read(psql("postgres", ROLES), psql("postgres", DATABASES));
        assertThat(gone.get(0)).isEmpty();
        assertThat(gone.get(1)).isEmpty();
    }
    // --- refusals ---------------------------------------------------------------------------------

    @Test
    void anExistingDatabaseKeepsItsEncodingAndLocaleAndIsDroppedWithSessionsOnlyWithForce() {
        postgres("""
                databases:
                  - {name: cy_db, encoding: UTF8, connection_limit: 3}
                """);
        planAndConverge("+ postgres/database cy_db\n      encoding: UTF8\n      connection_limit: 3\n");
        assertThat(databases()).startsWith("cy_db|postgres|UTF8|C.UTF-8|C.UTF-8|3|");

        // A new encoding or locale for it is an error that stops the whole plan, not a drop and create.
        postgres("""
                roles:
                  - {name: cy_new}
                databases:
                  - {name: cy_db, encoding: LATIN1, lc_collate: C, lc_ctype: C, connection_limit: 4}
                """);
        String error = "error: database cy_db: encoding is UTF8, declared LATIN1; lc_collate is C.UTF-8, declared C;"
                + " lc_ctype is C.UTF-8, declared C. PostgreSQL cannot change the encoding or locale of an existing"
                + " database, and plumb never drops one to recreate it: dump it, drop it, and let plumb create it"
                + " again, or declare what it has";
        Cli.Result plan = pg.ws().plumb("plan");
        assertThat(plan.exit()).as("%s", plan).isEqualTo(1);
        assertThat(plan.all()).contains(error);
        Cli.Result apply = pg.ws().plumb("apply");
        assertThat(apply.exit()).as("%s", apply).isEqualTo(1);
        assertThat(apply.all()).contains(error, "Apply failed: 0 hosts changed, 0 unchanged, 1 failed, 0 skipped.");
        List<String> kept = read(psql("postgres", ROLES), psql("postgres", DATABASES));
        assertThat(kept.get(0)).isEmpty();
        assertThat(kept.get(1)).startsWith("cy_db|postgres|UTF8|C.UTF-8|C.UTF-8|3|");

        // A session holds the database: dropping it is refused, unless force: true, which ends it.
        String holder = "plumb-test-holder-" + ProcessHandle.current().pid();
        pg.ssh("systemd-run --quiet --collect --unit=" + holder + " -p User=postgres"
                + " psql -X -d cy_db -c 'SELECT pg_sleep(600)' && for i in $(seq 100); do"
                + " [ \"$(cd / && runuser -u postgres -- psql -X -A -t -c \"SELECT count(*) FROM pg_stat_activity"
                + " WHERE datname = 'cy_db'\")\" = 1 ] && exit 0; sleep 0.1; done; exit 1").orThrow();
        try {
            postgres("""
                    databases:
                      - {name: cy_db, state: absent}
                    """);
            plan = pg.ws().plumb("plan");
            assertThat(plan.exit()).as("%s", plan).isEqualTo(1);
            assertThat(plan.all()).contains("error: database cy_db has 1 open connection; plumb drops it only without"
                    + " connections, or with force: true (which ends them)");
            apply = pg.ws().plumb("apply");
            assertThat(apply.exit()).as("%s", apply).isEqualTo(1);
            List<String> held = read(psql("postgres", DATABASES), "systemctl is-active " + holder + " || true");
            assertThat(held.get(0)).startsWith("cy_db|");
            assertThat(held.get(1)).isEqualTo("active");

            postgres("""
                    databases:
                      - {name: cy_db, state: absent, force: true}
                    """);
            planAndConverge("- postgres/database cy_db\n      connections: 1 → 0 (ended by force: true)\n");
            List<String> dropped = read(psql("postgres", DATABASES), "systemctl is-active " + holder + " || true");
            assertThat(dropped.get(0)).isEmpty();
            assertThat(dropped.get(1)).isNotEqualTo("active");
        } finally {
            pg.ssh("systemctl stop " + holder + " 2>/dev/null; true");
        }
    }

    // --- server settings that need a restart ------------------------------------------------------

    private String maxConnections() {
        return pg.psql("postgres", MAX_CONNECTIONS);
    }

    private static final String MAX_CONNECTIONS = "SELECT current_setting('max_connections'),"
            + " pg_postmaster_start_time(), (SELECT pending_restart FROM pg_settings WHERE name = 'max_connections')";

    @Test
    void aSettingThatNeedsARestartIsRestartedOnlyWithRestartTrue() {
        String[] before = maxConnections().split("\\|");
        assertThat(before[0]).isEqualTo("100");

        postgres("""
                settings:
                  max_connections: {value: 130, restart: true}
                """);
        planAndConverge("~ postgres/setting max_connections  (needs a server restart, which follows)\n"
                + "      value: 100 → 130\n");
        String[] restarted = maxConnections().split("\\|");
        assertThat(restarted[0]).isEqualTo("130");
        assertThat(restarted[1]).isNotEqualTo(before[1]);

        // Without restart: true it is written, and said to wait for a restart, which plumb leaves alone.
        postgres("""
                settings:
                  max_connections: 140
                """);
        planAndConverge("~ postgres/setting max_connections  (takes effect when the server restarts; plumb restarts"
                + " it only with restart: true)\n      value: 130 → 140\n");
        assertThat(maxConnections()).isEqualTo(String.join("|", restarted[0], restarted[1], "t"));
        Cli.Result pending = pg.ws().plumb("plan");
        assertThat(pending.out()).contains("note: setting max_connections is written but takes effect only when the"
                + " server restarts; plumb restarts it only with restart: true");

        postgres("""
                settings:
                  max_connections: {value: 140, restart: true}
                """);
        planAndConverge("↻ postgres/setting max_connections  (written, takes effect when the server restarts)\n"
                        + "      value: 130 → 140\n",
                "Plan: 0 to create, 0 to update, 0 to delete, 1 restart on 1 host.");
        String[] again = maxConnections().split("\\|");
        assertThat(again[0]).isEqualTo("140");
        assertThat(again[1]).isNotEqualTo(restarted[1]);

        postgres("""
                settings:
                  max_connections: {state: absent, restart: true}
                """);
        planAndConverge("- postgres/setting max_connections  (needs a server restart, which follows)\n"
                + "      value: 140 → (none)\n");
        List<String> reset = read(psql("postgres", MAX_CONNECTIONS), psql("postgres", "SELECT count(*) FROM"
                + " pg_file_settings WHERE name = 'max_connections' AND sourcefile LIKE '%/postgresql.auto.conf'"));
        assertThat(reset.get(0)).startsWith("100|").endsWith("|f");
        assertThat(reset.get(1)).isEqualTo("0");
    }

    // --- drift ------------------------------------------------------------------------------------

    @Test
    void driftOfPasswordGrantsOwnerRoleSettingAndHbaIsReportedAndTheSamePasswordNeverIs() {
        postgres("""
                roles:
                  - {name: cy_app, login: true, password: "${secret.pw}", settings: {timezone: UTC}}
                  - {name: cy_reader, login: true}
                databases:
                  - {name: cy_db, owner: postgres}
                grants:
                  - {role: cy_app, privileges: [ALL], on: {database: cy_db}}
                  - {role: cy_reader, privileges: [CONNECT], on: {database: cy_db}}
                  - {role: cy_reader, privileges: [USAGE], on: {database: cy_db, schema: public}}
                hba:
                  - {type: host, database: cy_db, user: cy_app, address: 127.0.0.1/32, method: scram-sha-256}
                """);
        planAndConverge("set the admin password via the local socket", "+ postgres/role cy_app\n");

        // Applying the same password again is no change, nor is the server hashing it again by hand.
        Cli.Result again = pg.ws().plumb("apply");
        assertThat(again.exit()).as("%s", again).isZero();
        assertThat(again.out()).contains("host1: no changes");
        assertNoSecret(again);
        assertThat(pg.ws().plumb("plan").exit()).isZero();
        String verifierSql = "SELECT rolpassword FROM pg_authid WHERE rolname = 'cy_app'";
        List<String> rehashed = read(psql("postgres", verifierSql),
                psql("postgres", "ALTER ROLE cy_app PASSWORD '" + PW1 + "';"), psql("postgres", verifierSql));
        assertThat(rehashed.get(2)).startsWith("SCRAM-SHA-256$").isNotEqualTo(rehashed.get(0));
        assertThat(pg.ws().plumb("drift").exit()).isZero();
        assertThat(pg.ws().plumb("plan").exit()).isZero();

        // Each change by hand adds to what drift reports.
        String[][] edits = {
                {"postgres", "ALTER ROLE cy_app PASSWORD 'changed-by-hand';",
                        "~ postgres/role cy_app\n      password: (sensitive) → (sensitive)\n",
                        "Drift: 0 to create, 1 to update, 0 to delete"},
                {"postgres", "GRANT TEMPORARY ON DATABASE cy_db TO cy_reader;",
                        "~ postgres/grant cy_reader@database:cy_db\n      privileges: CONNECT, TEMPORARY → CONNECT\n",
                        "Drift: 0 to create, 2 to update, 0 to delete"},
                {"cy_db", "REVOKE USAGE ON SCHEMA public FROM cy_reader;",
                        "+ postgres/grant cy_reader@schema:cy_db.public\n      privileges: USAGE\n",
                        "Drift: 1 to create, 2 to update, 0 to delete"},
                // cy_app's grant is folded into its ownership, so it shows as missing too.
                {"postgres", "ALTER DATABASE cy_db OWNER TO cy_app;",
                        "~ postgres/database cy_db\n      owner: cy_app → postgres\n",
                        "Drift: 2 to create, 3 to update, 0 to delete"},
                {"postgres", "ALTER ROLE cy_app SET timezone = 'Europe/Paris';",
                        "      setting timezone: Europe/Paris → UTC\n",
                        "Drift: 2 to create, 3 to update, 0 to delete"},
        };
        for (String[] e : edits) {
            pg.psql(e[0], e[1]);
            Cli.Result drift = pg.ws().plumb("drift");
            assertThat(drift.exit()).as("after %s: %s", e[1], drift).isEqualTo(2);
            assertThat(drift.out()).as("after %s", e[1]).contains(e[2], e[3]);
            assertNoSecret(drift);
        }
        assertThat(pg.ws().plumb("drift").out()).contains("+ postgres/grant cy_app@database:cy_db\n");
        pg.ssh("cd / && hba=$(runuser -u postgres -- psql -X -A -t -c 'SHOW hba_file') && sed -i"
                + " 's#^\\(host  *cy_db  *cy_app  *127\\.0\\.0\\.1/32  *\\)scram-sha-256$#\\1trust#' \"$hba\""
                + " && grep -q 'cy_app  *127.0.0.1/32  *trust$' \"$hba\"").orThrow();
        Cli.Result drift = pg.ws().plumb("drift");
        assertThat(drift.exit()).as("%s", drift).isEqualTo(2);
        assertThat(drift.out()).contains("~ postgres/hba host:cy_db:cy_app:127.0.0.1/32\n      line: host    cy_db"
                + "           cy_app          127.0.0.1/32            trust → host    cy_db           cy_app"
                + "          127.0.0.1/32            scram-sha-256\n", "Drift: 2 to create, 4 to update, 0 to delete");
        // drift only reads.
        assertThat(hbaRules()).isEqualTo("host cy_db cy_app 127.0.0.1 trust");

        assertNoSecret(pg.ws().converge());
        assertThat(pg.ws().plumb("drift").exit()).isZero();
        List<String> repaired = read(tcpLoginCommand("cy_app", PW1, "cy_db", "SELECT current_setting('TimeZone')"),
                tcpLoginCommand("cy_app", "changed-by-hand", "cy_db", "SELECT 1"), psql("postgres", DATABASES),
                psql("cy_db", "SELECT has_schema_privilege('cy_reader', 'public', 'USAGE')"),
                psql("postgres", HBA_RULES));
        assertThat(repaired.get(0)).isEqualTo("UTC");
        assertThat(repaired.get(1)).isNull();
        assertThat(repaired.get(2)).isEqualTo("cy_db|postgres|UTF8|C.UTF-8|C.UTF-8|-1|PUBLIC=CONNECT,PUBLIC=TEMPORARY,"
                + "cy_app=CONNECT,cy_app=CREATE,cy_app=TEMPORARY,cy_reader=CONNECT,postgres=CONNECT,postgres=CREATE,"
                + "postgres=TEMPORARY");
        assertThat(repaired.get(3)).isEqualTo("t");
        assertThat(repaired.get(4)).isEqualTo("host cy_db cy_app 127.0.0.1 scram-sha-256");
    }

    // --- names full of quotes ---------------------------------------------------------------------

    @Test
    void namesFullOfQuotesAreDataNotCode() throws Exception {
        String role = "cy_r'o \"le\" $(touch /tmp/plumb-pwned-role)";
        String db = "cy_d'b \"x\" $(touch /tmp/plumb-pwned-db)";
        String yamlRole = "\"" + role.replace("\"", "\\\"") + "\"";
        String yamlDb = "\"" + db.replace("\"", "\\\"") + "\"";
        String present = """
                roles:
                  - {name: %1$s, login: true, password: "${secret.pw}", settings: {search_path: '"$user", public'}}
                databases:
                  - {name: %2$s, owner: postgres, connection_limit: 5}
                grants:
                  - {role: %1$s, privileges: [CONNECT, CREATE], on: {database: %2$s}}
                hba:
                  - {type: host, database: %2$s, user: %1$s, address: 127.0.0.1/32, method: scram-sha-256}
                """.formatted(yamlRole, yamlDb);
        postgres(present);
        Cli.Result plan = planAndConverge("+ postgres/role " + role + "\n", "+ postgres/database " + db + "\n",
                "+ postgres/grant " + role + "@database:" + db + "\n",
                "+ postgres/hba host:" + db + ":" + role + ":127.0.0.1/32\n");
        assertThat(plan.changeLines()).hasSize(5);
        String literalRole = "$n$" + role + "$n$";
        String literalDb = "$n$" + db + "$n$";
        List<String> created = read(psql("postgres", "SELECT rolcanlogin, array_to_string(ARRAY(SELECT"
                + " unnest(setconfig) ORDER BY 1), ';') FROM pg_roles r LEFT JOIN pg_db_role_setting s"
                + " ON s.setrole = r.oid AND s.setdatabase = 0"
                + " WHERE rolname = " + literalRole + ";\nSELECT datconnlimit, has_database_privilege(" + literalRole
                + ", datname, 'CONNECT, CREATE') FROM pg_database WHERE datname = " + literalDb + ";\n"
                + "SELECT count(*) FROM pg_hba_file_rules WHERE database = ARRAY[" + literalDb + "]"
                + " AND user_name = ARRAY[" + literalRole + "] AND auth_method = 'scram-sha-256';"),
                // The role logs in over TCP to its database with its password.
                "PGPASSWORD=" + quote(PW1) + " psql -X -A -t -h 127.0.0.1 -p 5432 -U " + quote(role)
                + " -d " + quote(db) + " -c 'SELECT current_user = session_user, current_database()'");
        assertThat(created.get(0)).isEqualTo("t|search_path=\"$user\", public\n5|t\n1");
        assertThat(created.get(1)).isEqualTo("t|" + db);

        postgres("""
                roles:
                  - {name: %1$s, state: absent}
                databases:
                  - {name: %2$s, state: absent}
                hba:
                  - {type: host, database: %2$s, user: %1$s, address: 127.0.0.1/32, method: scram-sha-256, state: absent}
                """.formatted(yamlRole, yamlDb));
        plan = planAndConverge("- postgres/role " + role + "\n", "- postgres/database " + db + "\n",
                "- postgres/hba host:" + db + ":" + role + ":127.0.0.1/32\n");
        List<String> removed = read(psql("postgres", "SELECT count(*) FROM pg_roles WHERE rolname = " + literalRole
                + ";\nSELECT count(*) FROM pg_database WHERE datname = " + literalDb),
                "ls /tmp /var/lib/postgresql / | grep -c plumb-pwned || true");
        assertThat(removed.get(0)).isEqualTo("0\n0");
        // Nothing in the names ran, on the host or here.
        assertThat(removed.get(1)).isEqualTo("0");
        assertThat(Files.exists(Path.of("/tmp/plumb-pwned-role"))).isFalse();
        assertThat(Files.exists(Path.of("/tmp/plumb-pwned-db"))).isFalse();
    }
}
