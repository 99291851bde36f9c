package dev.plumb.resource.postgres;

import static dev.plumb.resource.postgres.PgPlannerTest.H;
import static dev.plumb.resource.postgres.PgPlannerTest.app;
import static dev.plumb.resource.postgres.PgPlannerTest.plan;
import static dev.plumb.resource.postgres.PgPlannerTest.setting;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Test;


/**
 * Issue 14, class 7 without a server: settings compare against the server's own stored value
 * (never "(disabled)" or the reading session's TimeZone), time zones ignore case, and a value the
 * server would refuse is an error at plan time, at its resource, with a hint.
 */
class SettingsConvergeTest {
    private static ServerState.Setting meta(String name, String setting, String unit, String vartype,
                                            Optional<String> stored, boolean session, ServerState.Domain domain) {
        return new ServerState.Setting(name, setting, Optional.ofNullable(unit), vartype, "sighup", false,
                Optional.empty(), stored.isPresent(), stored, session, domain);
    }

    private static final ServerState.Domain MEMORY = new ServerState.Domain(List.of(), Optional.of(64.0),
            Optional.of(2147483647.0));

    private static ServerState.Setting workMem() {
        return meta("work_mem", "4096", "kB", "integer", Optional.empty(), false, MEMORY);
    }

    private static ServerState.Setting sharedBuffers() {
        return meta("shared_buffers", "16384", "8kB", "integer", Optional.empty(), false,
                new ServerState.Domain(List.of(), Optional.of(16.0), Optional.of(1073741823.0)));
    }

    // --- the comparison --------------------------------------------------------------------------

    @Test
    void aStringShownDifferentlyComparesAgainstWhatIsStored() {
        ServerStates f = PgPlannerTest.seeded();
        String cmd = "test ! -f /var/lib/postgresql/archive/%f && cp %p /var/lib/postgresql/archive/%f";
        f.setting(meta("archive_command", "(disabled)", null, "string", Optional.of(cmd), false,
                ServerState.Domain.ANY));
        assertThat(plan(List.of(setting("archive_command", cmd, false)), f.build()).changes()).isEmpty();
        PgWork other = plan(List.of(setting("archive_command", "/bin/true", false)), f.build());
        assertThat(PgPlannerTest.render(other)).contains("value: " + cmd + " → /bin/true");
    }

    @Test
    void theSessionsTimeZoneIsNotTheServers() {
        ServerStates f = PgPlannerTest.seeded();
        // The driver's TimeZone shows in pg_settings; postgresql.conf (or the boot value) is the server's.
        f.setting(meta("timezone", "UTC", null, "string", Optional.of("America/New_York"), true,
                ServerState.Domain.ANY));
        assertThat(plan(List.of(setting("timezone", "america/new_york", false)), f.build()).changes()).isEmpty();
        PgWork utc = plan(List.of(setting("timezone", "UTC", false)), f.build());
        assertThat(PgPlannerTest.labels(utc)).containsExactly("~ postgres/setting timezone");
        assertThat(PgPlannerTest.render(utc)).contains("value: America/New_York → UTC");
    }

    @Test
    void storedAndShownBothCountWhenTheShownIsTheServers() {
        ServerState.Setting dateStyle = meta("datestyle", "ISO, MDY", null, "string", Optional.of("iso, mdy"), false,
                ServerState.Domain.ANY);
        assertThat(dateStyle.current()).containsExactly("iso, mdy", "ISO, MDY");
        ServerState.Setting tz = meta("timezone", "UTC", null, "string", Optional.of("Etc/UTC"), true,
                ServerState.Domain.ANY);
        assertThat(tz.current()).containsExactly("Etc/UTC");
        assertThat(workMem().current()).containsExactly("4096");
    }

    @Test
    void timeZonesIgnoreCaseForServerAndRoleSettings() {
        assertThat(SettingValues.same("timezone", "europe/paris", "Europe/Paris", "string", Optional.empty())).isTrue();
        assertThat(SettingValues.same("log_timezone", "EUROPE/PARIS", "Europe/Paris", "string", Optional.empty()))
                .isTrue();
        assertThat(SettingValues.same("timezone", "Europe/Paris", "Europe/Berlin", "string", Optional.empty()))
                .isFalse();
        assertThat(SettingValues.same("application_name", "App", "app", "string", Optional.empty())).isFalse();

        ServerStates f = PgPlannerTest.seeded();
        f.role(ServerStates.role("flaskapp").login(true).scram(PgPlannerTest.APP_PW).setting("client_encoding", "utf8")
                .setting("default_transaction_isolation", "read committed").setting("timezone", "Europe/Paris")
                .build());
        PgWork w = plan(List.of(app(Map.of("client_encoding", "utf8", "default_transaction_isolation",
                "read committed", "timezone", "europe/paris"), List.of())), f.build());
        assertThat(w.changes()).isEmpty();
    }

    @Test
    void anImportTakesAStringAsStored() {
        ServerStates f = ServerStates.fresh();
        f.setting(meta("archive_command", "(disabled)", null, "string", Optional.of("cp %p /a/%f"), false,
                ServerState.Domain.ANY));
        String yaml = ImportedPlaybook.yaml(ImportedServerTest.imported(f.build(),
                new dev.plumb.resource.ImportOptions(false, Map.of())));
        assertThat(yaml).contains("archive_command: cp %p /a/%f").doesNotContain("(disabled)");
    }

    // --- values the server would refuse ----------------------------------------------------------

    @Test
    void anInvalidUnitIsRefusedWithTheValidOnes() {
        assertThat(SettingCheck.check("8M", sharedBuffers())).hasValueSatisfying(p -> {
            assertThat(p.message()).isEqualTo("invalid value \"8M\": \"M\" is not a memory unit PostgreSQL knows");
            assertThat(p.hint()).contains("B, kB, MB, GB, TB", "8kB", "case matters");
        });
        assertThat(SettingCheck.check("12mb", workMem())).hasValueSatisfying(p ->
                assertThat(p.hint()).startsWith("valid units for work_mem (counted in kB) are B, kB, MB, GB, TB"));
        assertThat(SettingCheck.check("12s", workMem())).isPresent();
        ServerState.Setting timeout = meta("statement_timeout", "0", "ms", "integer", Optional.empty(), false,
                new ServerState.Domain(List.of(), Optional.of(0.0), Optional.of(2147483647.0)));
        assertThat(SettingCheck.check("5 sec", timeout)).hasValueSatisfying(p ->
                assertThat(p.hint()).contains("us, ms, s, min, h, d"));
        assertThat(SettingCheck.check("5min", timeout)).isEmpty();
        assertThat(SettingCheck.check("12MB", workMem())).isEmpty();
        assertThat(SettingCheck.check("12 MB", workMem())).isEmpty();
        assertThat(SettingCheck.check("1GB", sharedBuffers())).isEmpty();
        assertThat(SettingCheck.check("16384", sharedBuffers())).isEmpty();
        assertThat(SettingCheck.check("lots", workMem())).hasValueSatisfying(p ->
                assertThat(p.message()).endsWith("not a number"));
    }

    @Test
    void rangesEnumsBooleansAndUnitlessSettings() {
        assertThat(SettingCheck.check("32kB", workMem())).hasValueSatisfying(p -> {
            assertThat(p.message()).endsWith("out of range");
            assertThat(p.hint()).isEqualTo("work_mem takes 64 kB to 2147483647 kB");
        });
        ServerState.Setting conns = meta("max_connections", "100", null, "integer", Optional.empty(), false,
                new ServerState.Domain(List.of(), Optional.of(1.0), Optional.of(262143.0)));
        assertThat(SettingCheck.check("100MB", conns)).hasValueSatisfying(p ->
                assertThat(p.message()).contains("max_connections takes no unit"));
        assertThat(SettingCheck.check("0", conns)).isPresent();
        assertThat(SettingCheck.check("200", conns)).isEmpty();
        ServerState.Setting level = meta("wal_level", "replica", null, "enum", Optional.empty(), false,
                new ServerState.Domain(List.of("minimal", "replica", "logical"), Optional.empty(), Optional.empty()));
        assertThat(SettingCheck.check("Logical", level)).isEmpty();
        assertThat(SettingCheck.check("hot_standby", level)).isEmpty(); // accepted, not listed
        assertThat(SettingCheck.check("full", level)).hasValueSatisfying(p ->
                assertThat(p.hint()).isEqualTo("wal_level takes one of: minimal, replica, logical"));
        ServerState.Setting fsync = meta("fsync", "on", null, "bool", Optional.empty(), false,
                ServerState.Domain.ANY);
        assertThat(SettingCheck.check("off", fsync)).isEmpty();
        assertThat(SettingCheck.check("maybe", fsync)).isPresent();
        assertThat(SettingCheck.check("anything at all", meta("application_name", "", null, "string",
                Optional.empty(), false, ServerState.Domain.ANY))).isEmpty();
    }

    @Test
    void theErrorStopsThePlanAtTheDeclaredResourceWithItsHint() {
        ServerStates f = PgPlannerTest.seeded();
        f.setting(sharedBuffers());
        f.setting(workMem());
        PgWork w = plan(List.of(setting("shared_buffers", "8M", true), setting("work_mem", "64MB", false)),
                f.build());
        assertThat(w.steps()).isEmpty();
        assertThat(w.errors()).singleElement().asString().startsWith("setting shared_buffers: invalid value \"8M\"");
        PgWork.About about = w.about().get(w.errors().get(0));
        assertThat(about.address()).isEqualTo(setting("shared_buffers", "8M", true).address());
        assertThat(about.message()).startsWith("invalid value \"8M\": ");
        assertThat(about.hint()).hasValueSatisfying(h -> assertThat(h).contains("B, kB, MB, GB, TB"));

        PgWork role = plan(List.of(app(Map.of("work_mem", "12mb"), List.of())), f.build());
        assertThat(role.errors()).singleElement().asString()
                .startsWith("role flaskapp: setting work_mem: invalid value \"12mb\": ");
        assertThat(role.about().values()).extracting(PgWork.About::address)
                .containsExactly(app().address());
        PgWork unknown = plan(List.of(app(Map.of("no_such_setting", "1", "ext.custom", "x"), List.of())), f.build());
        assertThat(unknown.errors()).singleElement().asString().contains("no_such_setting", "no such setting");
    }

    @Test
    void theProbeReadsTheStoredValueAndTheDomain() {
        CatalogProbe.Request req = new CatalogProbe.Request(Set.of(), Set.of("archive_command", "timezone", "work_mem",
                "wal_level"), Map.of(), Map.of(), Set.of());
        assertThat(CatalogProbe.server(req, true)).contains("s.source", "s.boot_val", "s.enumvals", "s.min_val");
        String json = """
                {"version": 150004, "user": "postgres", "superuser": true, "bootstrap": "postgres",
                 "roles": [], "databases": [],
                 "file_settings": [
                   {"name": "timezone", "setting": "Etc/UTC", "applied": false, "auto": false, "error": null},
                   {"name": "timezone", "setting": "europe/paris", "applied": true, "auto": true, "error": null},
                   {"name": "archive_command", "setting": "cp %p /a/%f", "applied": true, "auto": true,
                    "error": null}],
                 "settings": [
                   {"name": "archive_command", "setting": "(disabled)", "unit": null, "vartype": "string",
                    "context": "sighup", "pending_restart": false, "source": "configuration file", "boot_val": "",
                    "enumvals": null, "min_val": null, "max_val": null},
                   {"name": "timezone", "setting": "UTC", "unit": null, "vartype": "string",
                    "context": "user", "pending_restart": false, "source": "client", "boot_val": "GMT",
                    "enumvals": null, "min_val": null, "max_val": null},
                   {"name": "work_mem", "setting": "65536", "unit": "kB", "vartype": "integer",
                    "context": "user", "pending_restart": false, "source": "user", "boot_val": "4096",
                    "enumvals": null, "min_val": "64", "max_val": "2147483647"},
                   {"name": "wal_level", "setting": "replica", "unit": null, "vartype": "enum",
                    "context": "postmaster", "pending_restart": false, "source": "default", "boot_val": "replica",
                    "enumvals": ["minimal", "replica", "logical"], "min_val": null, "max_val": null}]}
                """;
        ServerState f = CatalogProbe.parseServer(json, req, true, Optional.empty());
        assertThat(f.settings().get("archive_command").current()).containsExactly("cp %p /a/%f", "(disabled)");
        assertThat(f.settings().get("timezone").current()).containsExactly("europe/paris");
        ServerState.Setting mem = f.settings().get("work_mem");
        assertThat(mem.current()).containsExactly("4096"); // the admin's ALTER ROLE SET is not the server's
        assertThat(mem.domain().min()).contains(64.0);
        ServerState.Setting wal = f.settings().get("wal_level");
        assertThat(wal.stored()).isEmpty();
        assertThat(wal.domain().enumvals()).containsExactly("minimal", "replica", "logical");
        // Not a superuser: no file settings, so the session's value is all there is.
        String limited = json.replaceAll("(?s)\"file_settings\": \\[.*?\\],\\s*\"settings\"", "\"settings\"");
        assertThat(CatalogProbe.parseServer(limited, req, false, Optional.empty()).settings().get("timezone")
                .current()).containsExactly("UTC");
    }
}
