package dev.plumb.resource.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testcontainers.containers.PostgreSQLContainer;
import org.testcontainers.utility.DockerImageName;

import dev.plumb.cli.Cli;
import dev.plumb.cli.Workspace;
import dev.plumb.lab.Lab;
import dev.plumb.lab.LabHosts;

/**
 * The PostgreSQL kinds on every supported major version (13 to 17), each a {@code postgres:N}
 * container reached through {@code direct:} at its port published on 127.0.0.1: roles with
 * settings and memberships, a database, a schema and its owner, grants (ALL on a table, PUBLIC on
 * the database, default privileges), a server setting with units and Flyway migrations are
 * created, planned empty, drifted by hand, reported as drift (exit 2), repaired, planned empty.
 *
 * <p>What ALL means depends on the server: from 17 it includes MAINTAIN, which 16 does not know.
 *
 * <p>plumb still opens an SSH session to the host that declares the server (the host lock and the
 * probe round trip), so host1 of the lab stands in for it; nothing else runs there. hba rules are
 * not managed: with {@code direct:} plumb cannot (it edits pg_hba.conf over SSH on the server's
 * machine), and the test checks that the plan says so; every plan still reads the server's
 * pg_hba.conf and pg_hba_file_rules, as the superuser admin's server query does on each version.
 * The container is removed at the end (Ryuk, Testcontainers' reaper, is disabled).
 */
@LabHosts(count = 1)
@Tag("docker")
class VersionMatrixTest {
    static final String ADMIN_PW = "matrix-admin-pw";
    static final String APP_PW = "matrix-app-pw";
    /** What ALL on a table grants up to PostgreSQL 16. */
    static final String TABLE_ALL_16 = "DELETE,INSERT,REFERENCES,SELECT,TRIGGER,TRUNCATE,UPDATE";

    // One method per version, so that every report names the version that failed.
    @Test
    void postgres13(Lab lab, @TempDir Path dir) throws Exception {
        createPlanDriftRepair(13, lab, dir);
    }

    @Test
    void postgres14(Lab lab, @TempDir Path dir) throws Exception {
        createPlanDriftRepair(14, lab, dir);
    }

    @Test
    void postgres15(Lab lab, @TempDir Path dir) throws Exception {
        createPlanDriftRepair(15, lab, dir);
    }

    @Test
    void postgres16(Lab lab, @TempDir Path dir) throws Exception {
        createPlanDriftRepair(16, lab, dir);
    }

    @Test
    void postgres17(Lab lab, @TempDir Path dir) throws Exception {
        createPlanDriftRepair(17, lab, dir);
    }

    private static void createPlanDriftRepair(int major, Lab lab, Path dir) throws Exception {
        try (var pg = new PostgreSQLContainer<>(DockerImageName.parse("postgres:" + major))
                .withUsername("postgres").withPassword(ADMIN_PW).withDatabaseName("postgres")) {
            pg.start();
            Workspace ws = new Workspace(lab, dir).env("PLUMB_PG_ADMIN_PASSWORD", ADMIN_PW).env("APP_PW", APP_PW);
            String direct = "127.0.0.1:" + pg.getMappedPort(PostgreSQLContainer.POSTGRESQL_PORT);
            Path migrations = Files.createDirectories(dir.resolve("mig"));
            Files.writeString(migrations.resolve("V1__items.sql"),
                    "CREATE TABLE mx_s.items (id int PRIMARY KEY, name text);\n");

            // Create: everything but the grant on the table the first migration makes.
            ws.playbook(playbook(direct, false));
            Cli.Result plan = ws.plumb("plan");
            assertThat(plan.exit()).as("%s", plan).isEqualTo(2);
            assertThat(plan.out()).as("%s", plan).contains("+ postgres/role mx_app", "+ postgres/database mx_db",
                    "+ postgres/schema mx_db.mx_s", "+ postgres/migrations mx_db", "V1__items.sql",
                    "~ postgres/setting work_mem");
            ws.converge();
            // ALL on the table, now that it exists, and a second migration.
            ws.playbook(playbook(direct, true));
            Files.writeString(migrations.resolve("V2__more.sql"), "ALTER TABLE mx_s.items ADD COLUMN note text;\n");
            assertThat(ws.plumb("plan").out()).contains("postgres/grant mx_reader@", "V2__more.sql");
            ws.converge();

            // hba rules cannot be managed through direct: (plumb edits pg_hba.conf over SSH on the
            // server's machine); the plan says so and changes nothing. Every plan above has read
            // pg_hba_file_rules all the same, as the superuser admin's server query does.
            Path withHba = dir.resolve("hba.yml");
            Files.writeString(withHba, playbook(direct, true).replace("      settings:\n",
                    "      hba:\n        - {type: host, database: mx_db, user: mx_reader, address: 127.0.0.1/32,"
                            + " method: scram-sha-256}\n      settings:\n"));
            Cli.Result hba = ws.usePlaybook(withHba).plumb("plan");
            assertThat(hba.exit()).as("%s", hba).isEqualTo(1);
            assertThat(hba.all()).contains("pg_hba rules: plumb edits pg_hba.conf over SSH");
            ws.playbook(playbook(direct, true));

            try (Connection c = connect(pg, "mx_db")) {
                String all = major >= 17 ? TABLE_ALL_16 + ",MAINTAIN" : TABLE_ALL_16;
                assertThat(tablePrivileges(c, "mx_reader")).as("ALL on PostgreSQL %d", major)
                        .isEqualTo(sorted(all));
                if (major >= 17) {
                    assertThat(query(c, "SELECT has_table_privilege('mx_reader', 'mx_s.items', 'MAINTAIN')"))
                            .isEqualTo("t");
                }
                assertThat(query(c, "SELECT nspowner::regrole FROM pg_namespace WHERE nspname = 'mx_s'"))
                        .isEqualTo("mx_app");
                assertThat(query(c, "SELECT string_agg(version, ',' ORDER BY installed_rank) FROM flyway_schema_history"))
                        .isEqualTo("1,2");
            }
            try (Connection c = connect(pg, "postgres")) {
                assertThat(query(c, "SELECT current_setting('work_mem')")).isEqualTo("1GB");
                assertThat(query(c, "SELECT array_to_string(setconfig, ';') FROM pg_db_role_setting"
                        + " WHERE setrole = 'mx_app'::regrole AND setdatabase = 0")).isEqualTo(
                        "work_mem=8MB;statement_timeout=30s");
                assertThat(query(c, "SELECT pg_has_role('mx_app', 'mx_group', 'MEMBER')")).isEqualTo("t");
            }

            // Drift by hand, as a superuser.
            try (Connection c = connect(pg, "mx_db"); Statement st = c.createStatement()) {
                st.execute("ALTER ROLE mx_app RESET work_mem");
                st.execute("REVOKE mx_group FROM mx_app");
                st.execute("ALTER SCHEMA mx_s OWNER TO postgres");
                st.execute("REVOKE ALL ON mx_s.items FROM mx_reader");
                st.execute("GRANT CONNECT ON DATABASE mx_db TO PUBLIC");
                st.execute("ALTER DEFAULT PRIVILEGES FOR ROLE mx_app IN SCHEMA mx_s REVOKE SELECT ON TABLES FROM mx_reader");
                st.execute("ALTER SYSTEM SET work_mem = '64MB'");
                st.execute("SELECT pg_reload_conf()");
            }
            Cli.Result drift = ws.plumb("drift");
            assertThat(drift.exit()).as("%s", drift).isEqualTo(2);
            assertThat(drift.out()).as("%s", drift).contains("postgres/role mx_app", "postgres/schema mx_db.mx_s",
                    "postgres/grant mx_reader@", "postgres/grant PUBLIC@database:mx_db",
                    "postgres/grant mx_reader@default:mx_db.mx_s:mx_app:tables", "postgres/setting work_mem");

            // Repair, and the next plan is empty (converge asserts it).
            ws.converge();
            try (Connection c = connect(pg, "mx_db")) {
                assertThat(tablePrivileges(c, "mx_reader")).isEqualTo(
                        sorted(major >= 17 ? TABLE_ALL_16 + ",MAINTAIN" : TABLE_ALL_16));
                assertThat(query(c, "SELECT pg_has_role('mx_app', 'mx_group', 'MEMBER')")).isEqualTo("t");
                assertThat(query(c, "SELECT nspowner::regrole FROM pg_namespace WHERE nspname = 'mx_s'"))
                        .isEqualTo("mx_app");
                assertThat(query(c, "SELECT has_database_privilege('public', 'mx_db', 'CONNECT')")).isEqualTo("f");
            }
            try (Connection c = connect(pg, "postgres")) {
                assertThat(query(c, "SELECT setting FROM pg_file_settings WHERE name = 'work_mem'"
                        + " AND sourcefile LIKE '%postgresql.auto.conf'")).isEqualTo("1GB");
            }
        }
    }

    /**
     * The matrix's playbook for a server at {@code direct}; {@code tableGrant} adds ALL on the
     * table that migration V1 creates.
     */
    private static String playbook(String direct, boolean tableGrant) {
        return """
                secrets:
                  admin: {env: PLUMB_PG_ADMIN_PASSWORD}
                  app: {env: APP_PW}
                plays:
                  - hosts: web
                    postgres:
                      admin: {password: "${secret.admin}"}
                      direct: "%s"
                      sslmode: disable
                      roles:
                        - {name: mx_group}
                        - name: mx_app
                          login: true
                          password: "${secret.app}"
                          settings: {work_mem: 8MB, statement_timeout: 30s}
                          member_of: [mx_group]
                        - {name: mx_reader, login: true}
                      databases:
                        - {name: mx_db, owner: mx_app}
                      schemas:
                        - {database: mx_db, name: mx_s, owner: mx_app}
                      grants:
                        - {role: mx_reader, privileges: [CONNECT], on: {database: mx_db}}
                        - {role: public, privileges: [TEMPORARY], on: {database: mx_db}}
                        - {role: mx_reader, privileges: [USAGE], on: {database: mx_db, schema: mx_s}}
                        - {role: mx_reader, privileges: [SELECT],
                           default_privileges: {database: mx_db, schema: mx_s, for_role: mx_app, objects: tables}}
                %s
                      settings:
                        work_mem: 1GB
                      migrations:
                        - {database: mx_db, user: mx_app, location: mig}
                """.formatted(direct, tableGrant
                ? "        - {role: mx_reader, privileges: [ALL], on: {database: mx_db, schema: mx_s, tables: [items]}}"
                : "");
    }

    private static Connection connect(PostgreSQLContainer<?> pg, String database) throws SQLException {
        String url = "jdbc:postgresql://127.0.0.1:" + pg.getMappedPort(PostgreSQLContainer.POSTGRESQL_PORT) + "/"
                + database + "?sslmode=disable";
        return DriverManager.getConnection(url, "postgres", ADMIN_PW);
    }

    /** The first column of the first row, as text. */
    private static String query(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            assertThat(rs.next()).as(sql).isTrue();
            return rs.getString(1);
        }
    }

    /** The privileges {@code role} holds on mx_s.items, sorted and comma-separated. */
    private static String tablePrivileges(Connection c, String role) throws SQLException {
        return query(c, "SELECT coalesce(string_agg(e.privilege_type, ',' ORDER BY e.privilege_type), '-')"
                + " FROM pg_class t, aclexplode(t.relacl) e WHERE t.oid = 'mx_s.items'::regclass"
                + " AND e.grantee = '" + role + "'::regrole");
    }

    private static String sorted(String commaSeparated) {
        List<String> parts = new ArrayList<>(List.of(commaSeparated.split(",")));
        parts.sort(null);
        return String.join(",", parts);
    }
}
