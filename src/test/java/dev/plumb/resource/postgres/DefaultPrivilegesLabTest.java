package dev.plumb.resource.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.plumb.cli.Cli;
import dev.plumb.lab.LabHosts;
import dev.plumb.lab.PgLab;

/**
 * Issue 14, class 10 on a lab server: default privileges for every schema of a database (no
 * {@code schema}) on tables, types, schemas and functions, the built-in ones (PUBLIC's EXECUTE
 * and USAGE) revoked. Plan, apply, empty plan; what the role creates afterwards has the
 * privileges; a hand-made ALTER DEFAULT PRIVILEGES is drift and is repaired; schemas in one
 * schema are refused up front with nothing changed.
 */
@LabHosts(count = 1)
class DefaultPrivilegesLabTest {
    private static final String ADMIN_PW = "defaults-admin-pw-71e";

    @RegisterExtension
    static final PgLab pg = new PgLab().admin(ADMIN_PW);

    /** dp_db owned by dp_owner, and dp_reader and dp_other, who get nothing by themselves. */
    @BeforeEach
    void roles() {
        pg.psql("postgres", "CREATE ROLE dp_owner; CREATE ROLE dp_reader; CREATE ROLE dp_other;"
                + " CREATE DATABASE dp_db OWNER dp_owner;");
    }

    private void grants(String grants) {
        pg.postgres("grants:\n" + grants.indent(2));
    }

    /**
     * dp_db's default ACLs as sorted {@code role|schema|type|entries} lines: schema "-" when
     * database-wide, entries {@code grantee=PRIVILEGE} sorted, the role's own left out.
     */
    private static String defaultAcls() {
        return pg.psql("dp_db", """
                SELECT y.line FROM (SELECT pg_get_userbyid(d.defaclrole) || '|' || CASE d.defaclnamespace WHEN 0 THEN '-'
                    ELSE d.defaclnamespace::regnamespace::text END || '|' || d.defaclobjtype::text || '|'
                    || coalesce((SELECT string_agg(x.e, ',' ORDER BY x.e COLLATE "C") FROM (SELECT CASE WHEN a.grantee = 0
                      THEN 'PUBLIC' ELSE pg_get_userbyid(a.grantee) END || '=' || a.privilege_type AS e
                      FROM aclexplode(d.defaclacl) a WHERE a.grantee <> d.defaclrole) x), '') AS line
                  FROM pg_default_acl d) y ORDER BY y.line COLLATE "C\"""");
    }

    private static final String DECLARED = """
            - {role: dp_reader, privileges: [SELECT], default_privileges: {database: dp_db, for_role: dp_owner,
               objects: tables}}
            - {role: dp_reader, privileges: [USAGE], default_privileges: {database: dp_db, for_role: dp_owner,
               objects: schemas}}
            - {role: dp_reader, privileges: [USAGE], default_privileges: {database: dp_db, for_role: dp_owner,
               objects: types}}
            - {role: public, privileges: [ALL], default_privileges: {database: dp_db, for_role: dp_owner,
               objects: types}, state: absent}
            - {role: public, privileges: [EXECUTE], default_privileges: {database: dp_db, for_role: dp_owner,
               objects: functions}, state: absent}
            """;

    @Test
    void databaseWideDefaultsApplyToWhatTheRoleCreatesAndAHandMadeChangeIsDrift() {
        grants(DECLARED);
        Cli.Result plan = pg.ws().plumb("plan");
        assertThat(plan.exit()).as("%s", plan).isEqualTo(2);
        assertThat(plan.out()).as("%s", plan).contains(
                "+ postgres/grant dp_reader@default:dp_db:dp_owner:tables\n      privileges: SELECT\n",
                "+ postgres/grant dp_reader@default:dp_db:dp_owner:schemas\n      privileges: USAGE\n",
                "- postgres/grant PUBLIC@default:dp_db:dp_owner:types\n      privileges: USAGE → (none)\n",
                "- postgres/grant PUBLIC@default:dp_db:dp_owner:functions\n      privileges: EXECUTE → (none)\n");
        pg.ws().converge();
        assertThat(defaultAcls()).isEqualTo("""
                dp_owner|-|T|dp_reader=USAGE
                dp_owner|-|f|
                dp_owner|-|n|dp_reader=USAGE
                dp_owner|-|r|dp_reader=SELECT""");

        // What dp_owner creates afterwards, in a new schema, gets them.
        pg.psql("dp_db", """
                SET ROLE dp_owner;
                CREATE SCHEMA later;
                CREATE TABLE later.t (id int);
                CREATE TYPE later.mood AS ENUM ('ok');
                CREATE FUNCTION later.f() RETURNS int LANGUAGE sql AS 'SELECT 1';
                RESET ROLE;""");
        assertThat(pg.psql("dp_db", """
                SELECT has_schema_privilege('dp_reader', 'later', 'USAGE'), has_schema_privilege('dp_reader', 'later',
                  'CREATE'), has_table_privilege('dp_reader', 'later.t', 'SELECT'), has_table_privilege('dp_reader',
                  'later.t', 'INSERT'), has_type_privilege('dp_reader', 'later.mood', 'USAGE'),
                  has_type_privilege('dp_other', 'later.mood', 'USAGE'), has_function_privilege('dp_other',
                  'later.f()', 'EXECUTE'), has_schema_privilege('dp_other', 'later', 'USAGE')"""))
                .isEqualTo("t|f|t|f|t|f|f|f");
        assertThat(pg.ws().plumb("plan").exit()).isZero();

        // By hand: INSERT to dp_reader on tables, EXECUTE to PUBLIC on functions again.
        pg.psql("dp_db", "ALTER DEFAULT PRIVILEGES FOR ROLE dp_owner GRANT INSERT ON TABLES TO dp_reader;"
                + " ALTER DEFAULT PRIVILEGES FOR ROLE dp_owner GRANT EXECUTE ON FUNCTIONS TO PUBLIC;");
        Cli.Result drift = pg.ws().plumb("drift");
        assertThat(drift.exit()).as("%s", drift).isEqualTo(2);
        assertThat(drift.out()).as("%s", drift).contains(
                "~ postgres/grant dp_reader@default:dp_db:dp_owner:tables\n      privileges: INSERT, SELECT → SELECT\n",
                "- postgres/grant PUBLIC@default:dp_db:dp_owner:functions\n      privileges: EXECUTE → (none)\n");
        pg.ws().converge();
        assertThat(defaultAcls()).contains("dp_owner|-|f|\n", "dp_owner|-|r|dp_reader=SELECT");
    }

    /** Held with no pg_default_acl entry: the plan (only the admin's password on a fresh server) writes none. */
    @Test
    void whatPostgresqlGivesByItselfIsNoChange() {
        grants("""
                - {role: public, privileges: [EXECUTE], default_privileges: {database: dp_db, for_role: dp_owner,
                   objects: functions}}
                - {role: public, privileges: [USAGE], default_privileges: {database: dp_db, for_role: dp_owner,
                   objects: types}}
                - {role: dp_owner, privileges: [ALL], default_privileges: {database: dp_db, for_role: dp_owner,
                   objects: schemas}}
                - {role: dp_reader, privileges: [ALL], default_privileges: {database: dp_db, for_role: dp_owner,
                   objects: sequences}, state: absent}
                """);
        Cli.Result plan = pg.ws().plumb("plan");
        assertThat(plan.out()).as("%s", plan).contains("~ postgres/admin postgres").doesNotContain("postgres/grant");
        pg.ws().converge();
        assertThat(defaultAcls()).isEmpty();
    }

    @Test
    void schemasInOneSchemaAreRefusedAndNothingChanges() {
        pg.psql("dp_db", "CREATE SCHEMA s AUTHORIZATION dp_owner;");
        grants("""
                - {role: dp_reader, privileges: [SELECT], default_privileges: {database: dp_db, for_role: dp_owner,
                   objects: tables}}
                - {role: dp_reader, privileges: [USAGE], default_privileges: {database: dp_db, schema: s,
                   for_role: dp_owner, objects: schemas}}
                """);
        Cli.Result plan = pg.ws().plumb("plan");
        assertThat(plan.exit()).as("%s", plan).isEqualTo(1);
        assertThat(plan.all()).contains("default privileges on schemas cannot be limited to a schema",
                "leave out 'schema'");
        assertThat(pg.ws().plumb("apply").exit()).isEqualTo(1);
        assertThat(defaultAcls()).isEmpty();
    }
}
