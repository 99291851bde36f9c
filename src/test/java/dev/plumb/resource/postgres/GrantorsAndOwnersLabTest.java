package dev.plumb.resource.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.plumb.cli.Cli;
import dev.plumb.lab.LabHosts;
import dev.plumb.lab.PgLab;

/**
 * Issue 14, classes 1 to 3, against host1's PostgreSQL: a privilege granted by another role than
 * the admin, privileges others received through a grant option, and a role that owns objects and
 * holds privileges in several databases. Each builds its situation with psql, then plans, applies
 * and plans again: the apply succeeds and the next plan is empty, or the plan refuses up front
 * (exit 1) saying why, and nothing changed.
 */
@LabHosts(count = 3)
class GrantorsAndOwnersLabTest {
    private static final String ADMIN_PW = "grantors-admin-pw-3c";
    /** A role name full of quotes, to show every statement quotes it. */
    private static final String LEAD = "gr_le\"a'd";
    private static final String LEAD_SQL = "\"gr_le\"\"a'd\"";

    @RegisterExtension
    static final PgLab pg = new PgLab().admin(ADMIN_PW);

    /** The ACL of gr_db's table public.t as sorted {@code grantee=PRIVILEGE[*]/grantor} entries. */
    private static String tableAcl() {
        return pg.psql("gr_db", "SELECT string_agg(x, ',' ORDER BY x) FROM (SELECT pg_get_userbyid(e.grantee) || '='"
                + " || e.privilege_type || CASE WHEN e.is_grantable THEN '*' ELSE '' END || '/'"
                + " || pg_get_userbyid(e.grantor) AS x FROM pg_class c, aclexplode(c.relacl) e"
                + " WHERE c.oid = 'public.t'::regclass) a");
    }

    /** gr_db with table t owned by postgres; LEAD holds SELECT on it with grant option, and re-grants it. */
    private static void teamLeadRegrants(String... to) {
        StringBuilder sql = new StringBuilder("CREATE ROLE " + LEAD_SQL + ";\n");
        for (String r : to) {
            sql.append("CREATE ROLE ").append(r).append(";\n");
        }
        pg.psql("postgres", sql + "CREATE DATABASE gr_db;");
        StringBuilder grants = new StringBuilder("CREATE TABLE public.t (id int);\n"
                + "GRANT SELECT ON public.t TO " + LEAD_SQL + " WITH GRANT OPTION;\nSET ROLE " + LEAD_SQL + ";\n");
        for (String r : to) {
            grants.append("GRANT SELECT ON public.t TO ").append(r).append(";\n");
        }
        pg.psql("gr_db", grants + "RESET ROLE;");
    }

    @Test
    void aPrivilegeGrantedByATeamLeadIsRevokedAsTheTeamLead() {
        teamLeadRegrants("gr_intern");
        pg.postgres("""
                grants:
                  - {role: "%s", privileges: [SELECT], on: {database: gr_db, schema: public, tables: [t]},
                     grant_option: true}
                  - {role: gr_intern, privileges: [SELECT], on: {database: gr_db, schema: public, tables: [t]},
                     state: absent}
                """.formatted(LEAD.replace("\"", "\\\"")));
        Cli.Result plan = pg.ws().plumb("plan");
        assertThat(plan.exit()).as("%s", plan).isEqualTo(2);
        assertThat(plan.out()).as("%s", plan).contains("- postgres/grant gr_intern@tables:gr_db.public:t",
                "table public.t: revoked as grantor " + LEAD + ": SELECT of gr_intern");
        pg.ws().converge();
        assertThat(tableAcl()).contains(LEAD + "=SELECT*/postgres").doesNotContain("gr_intern");
    }

    @Test
    void turningOffAGrantOptionCascadesToWhatOthersReceivedThroughItShownInThePlan() {
        teamLeadRegrants("gr_intern", "gr_kept");
        pg.postgres("""
                grants:
                  - {role: "%s", privileges: [SELECT], on: {database: gr_db, schema: public, tables: [t]},
                     grant_option: false}
                  - {role: gr_kept, privileges: [SELECT], on: {database: gr_db, schema: public, tables: [t]}}
                """.formatted(LEAD.replace("\"", "\\\"")));
        Cli.Result plan = pg.ws().plumb("plan");
        assertThat(plan.exit()).as("%s", plan).isEqualTo(2);
        assertThat(plan.out()).as("%s", plan).contains("SELECT (with grant option) → SELECT",
                "table public.t: also revoked (CASCADE): SELECT of gr_intern (granted by " + LEAD + "), SELECT of"
                        + " gr_kept (granted by " + LEAD + ")",
                "table public.t: granted again by the owner: SELECT of gr_kept");
        pg.ws().converge();
        assertThat(tableAcl()).contains("gr_kept=SELECT/postgres," + LEAD + "=SELECT/postgres,")
                .doesNotContain("gr_intern").doesNotContain("*");
    }

    @Test
    void aRoleThatOwnsAndHoldsInOtherDatabasesIsRefusedThenReassignedAndDropped() {
        pg.psql("postgres", """
                CREATE ROLE gr_old; CREATE ROLE gr_new;
                CREATE DATABASE gr_a OWNER gr_old; CREATE DATABASE gr_b;""");
        pg.psql("gr_a", "SET ROLE gr_old; CREATE TABLE public.owned (id int);");
        pg.psql("gr_b", "CREATE SCHEMA s AUTHORIZATION gr_old; CREATE TABLE public.other (id int);"
                + " GRANT SELECT ON public.other TO gr_old;");
        pg.postgres("""
                roles:
                  - {name: gr_new}
                  - {name: gr_old, state: absent}
                """);
        Cli.Result refused = pg.ws().plumb("plan");
        assertThat(refused.exit()).as("%s", refused).isEqualTo(1);
        assertThat(refused.out()).as("%s", refused).contains("role gr_old owns objects or holds privileges, so it"
                + " cannot be dropped: in database gr_a: owns 1 relation;"
                + " in database gr_b: owns 1 schema; privileges on 1 relation; on the server: owns database gr_a."
                + " Set reassign_owned_to: ROLE");
        assertThat(pg.ws().plumb("apply").exit()).isEqualTo(1);
        assertThat(pg.psql("postgres", "SELECT count(*) FROM pg_roles WHERE rolname = 'gr_old'")).isEqualTo("1");

        pg.postgres("""
                roles:
                  - {name: gr_new}
                  - {name: gr_old, state: absent, reassign_owned_to: gr_new}
                """);
        Cli.Result plan = pg.ws().plumb("plan");
        assertThat(plan.exit()).as("%s", plan).isEqualTo(2);
        assertThat(plan.out()).as("%s", plan).contains("- postgres/role gr_old",
                "in database gr_b: owns 1 schema; privileges on 1 relation → reassigned to gr_new, privileges revoked");
        pg.ws().converge();
        assertThat(pg.psql("postgres", "SELECT count(*) FROM pg_roles WHERE rolname = 'gr_old'")).isEqualTo("0");
        assertThat(pg.psql("postgres", "SELECT pg_get_userbyid(datdba) FROM pg_database WHERE datname = 'gr_a'"))
                .isEqualTo("gr_new");
        assertThat(pg.psql("gr_a", "SELECT tableowner FROM pg_tables WHERE tablename = 'owned'")).isEqualTo("gr_new");
        assertThat(pg.psql("gr_b", "SELECT pg_get_userbyid(nspowner) FROM pg_namespace WHERE nspname = 's'"))
                .isEqualTo("gr_new");
    }
}
