package dev.plumb.resource.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.plumb.cli.Cli;
import dev.plumb.lab.LabHosts;
import dev.plumb.lab.PgLab;

/**
 * Issue 14, classes 8 and 9 on a lab server. A grant on a table, function signature or schema
 * that does not exist fails the plan (exit 1) with the reason, and nothing changes; one on a
 * schema the same plan creates, or on a table a migration of the same plan creates, applies and
 * the next plan is empty. A schema that holds objects (made with psql) is not dropped: the plan
 * fails listing them; with {@code cascade: true} it goes with them, and the plan said what goes.
 */
@LabHosts(count = 1)
class MissingObjectsLabTest {
    static final String ADMIN_PW = "missing-admin-31c4";

    @RegisterExtension
    static final PgLab pg = new PgLab().admin(ADMIN_PW);

    /** A database made by hand, with a schema holding a table and a function of (bigint, bigint). */
    private void appDatabase() {
        pg.psql("postgres", "CREATE DATABASE mo_app");
        pg.psql("mo_app", """
                CREATE SCHEMA "it's";
                CREATE TABLE "it's".t (id int);
                CREATE FUNCTION "it's".add(bigint, bigint) RETURNS bigint LANGUAGE sql AS 'SELECT $1 + $2';
                """);
    }

    private String state() {
        return pg.psql("mo_app", "SELECT (SELECT count(*) FROM pg_roles WHERE rolname = 'mo_reader') || ' '"
                + " || (SELECT count(*) FROM pg_namespace WHERE nspname LIKE 'mo%')");
    }

    @Test
    void grantsOnATableAFunctionSignatureOrASchemaThatDoNotExistFailThePlanAndChangeNothing() {
        appDatabase();
        pg.postgres("""
                roles:
                  - {name: mo_reader}
                schemas:
                  - {database: mo_app, name: mo_new}
                grants:
                  - {role: mo_reader, privileges: [SELECT], on: {database: mo_app, schema: "it's", tables: [nosuch]}}
                  - {role: mo_reader, privileges: [EXECUTE], on: {database: mo_app, schema: "it's", functions: ["add(int, int)"]}}
                  - {role: mo_reader, privileges: [EXECUTE], on: {database: mo_app, schema: "it's", functions: ["add(nosuchtype)"]}}
                  - {role: mo_reader, privileges: [USAGE], on: {database: mo_app, schema: nosuchschema}}
                """);
        String before = state();
        Cli.Result plan = pg.ws().plumb("plan");
        assertThat(plan.exit()).as("%s", plan).isEqualTo(1);
        assertThat(plan.all()).contains("table it's.nosuch does not exist in database mo_app",
                "function it's.add(integer, integer) does not exist in database mo_app; it's.add takes (bigint, bigint)",
                "function it's.add(nosuchtype): type nosuchtype does not exist in database mo_app",
                "schema nosuchschema does not exist in database mo_app and is not declared",
                "plumb grants only on what exists", "playbook.yml:12:11)");
        Cli.Result apply = pg.ws().plumb("apply");
        assertThat(apply.exit()).as("%s", apply).isEqualTo(1);
        assertThat(state()).isEqualTo(before).isEqualTo("0 0");

        pg.postgres("""
                roles:
                  - {name: mo_reader}
                grants:
                  - {role: mo_reader, privileges: [EXECUTE], on: {database: mo_app, schema: "it's", functions: ["ADD(int8, bigint)"]}}
                """);
        pg.ws().converge();
        assertThat(pg.psql("mo_app", "SELECT has_function_privilege('mo_reader', '\"it''s\".add(bigint, bigint)',"
                + " 'EXECUTE')")).isEqualTo("t");
    }

    @Test
    void aGrantOnASchemaThePlanCreatesOrATableItsMigrationsCreateIsApplied() {
        pg.ws().write("migrations/V1__notes.sql", "CREATE TABLE mo_made.notes (id int);\n");
        pg.postgres("""
                roles:
                  - {name: mo_reader}
                databases:
                  - {name: mo_app}
                schemas:
                  - {database: mo_app, name: mo_made}
                grants:
                  - {role: mo_reader, privileges: [USAGE], on: {database: mo_app, schema: mo_made}}
                  - {role: mo_reader, privileges: [SELECT], on: {database: mo_app, schema: mo_made, tables: [notes]}}
                migrations:
                  - {database: mo_app, location: migrations}
                """);
        Cli.Result plan = pg.ws().plumb("plan");
        assertThat(plan.exit()).as("%s", plan).isEqualTo(2);
        assertThat(plan.all()).contains("table mo_made.notes does not exist in database mo_app; checked again after"
                + " the migrations of mo_app, which may create it, and granted then");
        pg.ws().converge();
        assertThat(pg.psql("mo_app", "SELECT has_schema_privilege('mo_reader', 'mo_made', 'USAGE'),"
                + " has_table_privilege('mo_reader', 'mo_made.notes', 'SELECT')")).isEqualTo("t|t");
    }

    @Test
    void aSchemaThatIsNotEmptyIsRefusedAndWithCascadeDroppedWithWhatItHolds() {
        appDatabase();
        pg.psql("mo_app", """
                CREATE TABLE "it's".u (id serial PRIMARY KEY);
                CREATE TYPE "it's".mood AS ENUM ('ok');
                CREATE VIEW public.mo_view AS SELECT * FROM "it's".t;
                """);
        pg.postgres("""
                schemas:
                  - {database: mo_app, name: "it's", state: absent}
                """);
        Cli.Result plan = pg.ws().plumb("plan");
        assertThat(plan.exit()).as("%s", plan).isEqualTo(1);
        assertThat(plan.all()).contains("postgres/schema mo_app.it's: not empty, so it is not dropped: it holds 1 function"
                + " (\"it's\".add(bigint,bigint)), 1 sequence (\"it's\".u_id_seq), 2 tables (\"it's\".t, \"it's\".u),"
                + " 1 type (\"it's\".mood); in other schemas, depending on it: 1 view (public.mo_view); declare"
                + " cascade: true on it", "playbook.yml:8:11)");
        assertThat(pg.ws().plumb("apply").exit()).isEqualTo(1);
        assertThat(pg.psql("mo_app", "SELECT count(*) FROM pg_namespace WHERE nspname = 'it''s'")).isEqualTo("1");

        pg.postgres("""
                schemas:
                  - {database: mo_app, name: "it's", state: absent, cascade: true}
                """);
        plan = pg.ws().plumb("plan");
        assertThat(plan.exit()).as("%s", plan).isEqualTo(2);
        assertThat(plan.out()).contains("- postgres/schema mo_app.it's",
                "dropped with it (CASCADE): 1 function (\"it's\".add(bigint,bigint)), 1 sequence",
                "dropped with it from other schemas (CASCADE): 1 view (public.mo_view)");
        pg.ws().converge();
        assertThat(pg.psql("mo_app", "SELECT count(*) FROM pg_namespace WHERE nspname = 'it''s'"
                + " UNION ALL SELECT count(*) FROM pg_class WHERE relname = 'mo_view'")).isEqualTo("0\n0");
    }
}
