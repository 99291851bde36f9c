package dev.plumb.resource.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.plumb.cli.Cli;
import dev.plumb.lab.LabHosts;
import dev.plumb.lab.PgLab;

/**
 * Issue 14, classes 4 and 5, on host1's PostgreSQL 15: a role and a database changed by hand
 * (settings, per-database settings, memberships, connection limits, an attribute) are left as
 * they are while the playbook leaves those keys out, and made "none" by explicit empty values;
 * member_of entries with ADMIN OPTION, a membership granted by another role, and inherit, which a
 * server before 16 does not have, refused at plan time. Each plans, applies and plans again.
 */
@LabHosts(count = 1)
class UnmanagedKeysLabTest {
    private static final String ADMIN_PW = "unmanaged-admin-pw-4b";

    @RegisterExtension
    static final PgLab pg = new PgLab().admin(ADMIN_PW);

    private static Cli.Result plan(int exit) {
        Cli.Result plan = pg.ws().plumb("plan");
        assertThat(plan.exit()).as("%s", plan).isEqualTo(exit);
        return plan;
    }

    /** uk_app's attributes, settings and memberships as {@code name|createdb|connlimit|settings|groups}. */
    private static String app() {
        return pg.psql("postgres", """
                SELECT r.rolname || '|' || r.rolcreatedb || '|' || r.rolconnlimit || '|'
                    || coalesce((SELECT string_agg(coalesce(d.datname, '*') || ':' || array_to_string(s.setconfig, ','),
                        ';' ORDER BY d.datname NULLS FIRST) FROM pg_db_role_setting s
                        LEFT JOIN pg_database d ON d.oid = s.setdatabase WHERE s.setrole = r.oid), '-') || '|'
                    || coalesce((SELECT string_agg(g.rolname || CASE WHEN m.admin_option THEN '+admin' ELSE '' END
                        || '/' || pg_get_userbyid(m.grantor), ',' ORDER BY g.rolname)
                        FROM pg_auth_members m JOIN pg_roles g ON g.oid = m.roleid WHERE m.member = r.oid), '-')
                FROM pg_roles r WHERE r.rolname = 'uk_app'""");
    }

    private static String dbLimit() {
        return pg.psql("postgres", "SELECT datconnlimit FROM pg_database WHERE datname = 'uk_db'");
    }

    /** The admin's password set (the fresh server has none), so that later plans show only the roles. */
    @BeforeEach
    void admin() {
        pg.postgres("roles: [{name: uk_boot}]");
        pg.ws().converge();
    }

    @Test
    void keysLeftOutAreLeftAndExplicitEmptiesMeanNone() {
        pg.psql("postgres", """
                CREATE ROLE uk_group;
                CREATE ROLE uk_app LOGIN CREATEDB CONNECTION LIMIT 7;
                ALTER ROLE uk_app SET work_mem = '8MB';
                GRANT uk_group TO uk_app;
                CREATE DATABASE uk_db CONNECTION LIMIT 5;
                ALTER ROLE uk_app IN DATABASE uk_db SET statement_timeout = '5s';""");
        String byHand = "uk_app|true|7|*:work_mem=8MB;uk_db:statement_timeout=5s|uk_group/postgres";
        assertThat(app()).isEqualTo(byHand);

        pg.postgres("""
                roles:
                  - {name: uk_group}
                  - {name: uk_app, login: true}
                databases:
                  - {name: uk_db}
                """);
        assertThat(plan(0).out()).contains("Plan: 0 to create, 0 to update, 0 to delete");
        assertThat(app()).isEqualTo(byHand);
        assertThat(dbLimit()).isEqualTo("5");

        pg.postgres("""
                roles:
                  - {name: uk_group}
                  - {name: uk_app, login: true, connection_limit: -1, settings: {}, database_settings: {},
                     member_of: []}
                databases:
                  - {name: uk_db, connection_limit: -1}
                """);
        assertThat(plan(2).out()).contains("connection_limit: 7 → -1", "setting work_mem: 8MB → (none)",
                "setting in uk_db: statement_timeout: 5s → (none)", "member_of: uk_group → (none)",
                "connection_limit: 5 → -1");
        assertThat(pg.ws().plumb("apply").exit()).isZero();
        assertThat(plan(0).out()).contains("Plan: 0 to create, 0 to update, 0 to delete");
        assertThat(app()).as("createdb was left out: left as it is").isEqualTo("uk_app|true|-1|-|-");
        assertThat(dbLimit()).isEqualTo("-1");
    }

    @Test
    void membershipOptionsAndAMembershipGrantedByAnotherRole() {
        pg.psql("postgres", """
                CREATE ROLE uk_group; CREATE ROLE uk_readers; CREATE ROLE uk_extra; CREATE ROLE uk_lead;
                CREATE ROLE uk_app;
                GRANT uk_group TO uk_app WITH ADMIN OPTION;
                GRANT uk_extra TO uk_app;
                GRANT uk_readers TO uk_lead WITH ADMIN OPTION;
                SET ROLE uk_lead; GRANT uk_readers TO uk_app; RESET ROLE;""");
        String byHand = "uk_app|false|-1|-|uk_extra/postgres,uk_group+admin/postgres,uk_readers/uk_lead";
        assertThat(app()).isEqualTo(byHand);
        String roles = """
                roles:
                  - {name: uk_group}
                  - {name: uk_readers}
                  - {name: uk_extra}
                  - {name: uk_lead}
                """;

        // inherit per membership needs PostgreSQL 16: refused up front, nothing changed.
        pg.postgres(roles + "  - {name: uk_app, member_of: [{role: uk_group, inherit: false}]}\n");
        assertThat(plan(1).out()).contains("role uk_app: member_of uk_group: inherit per membership needs"
                + " PostgreSQL 16, and the server is 15.");
        assertThat(pg.ws().plumb("apply").exit()).isEqualTo(1);
        assertThat(app()).isEqualTo(byHand);

        // A plain name has no ADMIN OPTION; admin: true grants it; the lead's grant is revoked.
        pg.postgres(roles + "  - {name: uk_app, member_of: [uk_group, {role: uk_extra, admin: true}]}\n");
        assertThat(plan(2).out()).contains("member_of uk_group: admin: true → false",
                "member_of uk_extra: admin: false → true", "member_of: uk_extra, uk_group, uk_readers → uk_extra,"
                        + " uk_group");
        assertThat(pg.ws().plumb("apply").exit()).isZero();
        assertThat(plan(0).out()).contains("Plan: 0 to create, 0 to update, 0 to delete");
        assertThat(app()).isEqualTo("uk_app|false|-1|-|uk_extra+admin/postgres,uk_group/postgres");

        // A mapping entry without admin leaves it as it is.
        pg.postgres(roles + "  - {name: uk_app, member_of: [{role: uk_group}, {role: uk_extra}]}\n");
        assertThat(plan(0).out()).contains("Plan: 0 to create, 0 to update, 0 to delete");
    }
}
