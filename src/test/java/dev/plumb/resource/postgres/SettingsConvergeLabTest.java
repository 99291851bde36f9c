package dev.plumb.resource.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.plumb.cli.Cli;
import dev.plumb.lab.LabHosts;
import dev.plumb.lab.PgLab;

/**
 * Issue 14, class 7 on a lab server: settings converge when compared in the server's own form.
 * {@code archive_command} with archiving off (pg_settings shows "(disabled)") and time zones
 * (looked up whatever their case; the driver's session TimeZone is not the server's) apply and
 * then plan empty; a value with a unit PostgreSQL does not know ({@code 8M}, {@code 12mb}) is
 * refused at plan time with the valid units, and nothing is changed.
 */
@LabHosts(count = 1)
class SettingsConvergeLabTest {
    static final String ADMIN_PW = "settings-admin-pw-71c";

    @RegisterExtension
    static final PgLab pg = new PgLab().admin(ADMIN_PW);

    private void settings(String settings) {
        pg.postgres("""
                roles:
                  - {name: st_app, login: true, settings: {timezone: europe/paris, work_mem: 16MB}}
                settings:
                """ + settings.indent(2));
    }

    private String autoConf() {
        return pg.psql("postgres", "SELECT pg_catalog.pg_read_file('postgresql.auto.conf')");
    }

    @Test
    void archiveCommandWithArchivingOffConverges() {
        settings("archive_command: 'test ! -f /tmp/st-archive/%f && cp %p /tmp/st-archive/%f'");
        assertThat(pg.psql("postgres", "SHOW archive_mode")).isEqualTo("off");
        pg.ws().converge();
        assertThat(pg.psql("postgres", "SHOW archive_command")).isEqualTo("(disabled)");
        assertThat(autoConf()).contains("archive_command = 'test ! -f /tmp/st-archive/%f && cp %p /tmp/st-archive/%f'");
    }

    @Test
    void timeZonesConvergeWhateverTheirCaseAndTheSessionsZone() {
        // Set by hand in the server's spelling; the playbook's lower case is the same zone.
        pg.psql("postgres", "ALTER SYSTEM SET timezone = 'Europe/Paris'");
        pg.psql("postgres", "SELECT pg_catalog.pg_reload_conf()");
        pg.psql("postgres", "CREATE ROLE st_app LOGIN; ALTER ROLE st_app SET timezone = 'Europe/Paris';"
                + " ALTER ROLE st_app SET work_mem = '16MB'");
        settings("timezone: europe/paris");
        Cli.Result plan = pg.ws().plumb("plan");
        assertThat(plan.exit()).as("%s", plan).isEqualTo(2); // the admin password only
        assertThat(plan.out()).doesNotContain("setting timezone", "st_app");

        // A zone other than the JVM's: the driver's TimeZone for its session must not be read as the server's.
        settings("timezone: America/New_York\nlog_timezone: america/new_york");
        pg.ws().converge();
        assertThat(pg.psql("postgres", "SHOW timezone")).isEqualTo("America/New_York");
        assertThat(pg.psql("postgres", "SHOW log_timezone")).isEqualTo("America/New_York");
    }

    @Test
    void aUnitPostgresqlDoesNotKnowIsRefusedAtPlanTime() {
        String before = autoConf();
        settings("shared_buffers: {value: 8M, restart: true}\nwork_mem: 12mb");
        Cli.Result plan = pg.ws().plumb("plan");
        assertThat(plan.exit()).as("%s", plan).isEqualTo(1);
        assertThat(plan.out()).contains(
                "error: postgres/setting shared_buffers: invalid value \"8M\": \"M\" is not a memory unit PostgreSQL"
                        + " knows (declared at " + pg.ws().dir().resolve("playbook.yml") + ":10:9)",
                "postgres/setting work_mem: invalid value \"12mb\"",
                "hint: postgres/setting shared_buffers: valid units for shared_buffers (counted in 8kB) are"
                        + " B, kB, MB, GB, TB; case matters",
                "hint: postgres/setting work_mem: valid units for work_mem (counted in kB) are");
        Cli.Result apply = pg.ws().plumb("apply");
        assertThat(apply.exit()).as("%s", apply).isEqualTo(1);
        assertThat(autoConf()).isEqualTo(before);
        assertThat(pg.psql("postgres", "SELECT count(*) FROM pg_catalog.pg_roles WHERE rolname = 'st_app'"))
                .isEqualTo("0");
    }

    /**
     * A restart after which the server cannot start (ALTER SYSTEM accepts 7 TB of shared buffers;
     * the postmaster cannot map them): the apply fails as soon as the unit does, naming it and
     * where to read why, rather than waiting out the minute for a postmaster that never comes.
     */
    @Test
    void aServerThatCannotStartAgainFailsTheApplyNamingItsUnit() {
        settings("shared_buffers: {value: 7TB, restart: true}");
        try {
            Cli.Result apply = pg.ws().plumb("apply");
            assertThat(apply.exit()).as("%s", apply).isEqualTo(1);
            assertThat(apply.out()).contains("restart the server (shared_buffers) failed (exit 1)",
                    "postgresql@15-main.service failed to start again after the restart"
                            + " (journalctl -u postgresql@15-main.service says why)");
            assertThat(pg.ssh("systemctl is-failed postgresql@15-main.service || true").out()).isEqualTo("failed");
        } finally {
            pg.ssh("sed -i '/^shared_buffers/d' /var/lib/postgresql/15/main/postgresql.auto.conf"
                    + " && systemctl start postgresql@15-main.service").orThrow();
        }
    }
}
