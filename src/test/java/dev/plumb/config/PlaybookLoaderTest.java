package dev.plumb.config;

import static dev.plumb.config.Fixtures.DB_PASSWORD;
import static dev.plumb.config.Fixtures.ROOT;
import static org.assertj.core.api.Assertions.assertThat;

import dev.plumb.transport.jdbc.Endpoint;
import dev.plumb.model.Presence;
import dev.plumb.model.Resource;
import dev.plumb.model.Text;
import dev.plumb.resource.file.FileContent;
import dev.plumb.resource.file.FileSpec;
import dev.plumb.resource.postgres.DatabaseSpec;
import dev.plumb.resource.postgres.GrantSpec;
import dev.plumb.resource.postgres.GrantTarget;
import dev.plumb.resource.postgres.HbaRule;
import dev.plumb.resource.postgres.MigrationSpec;
import dev.plumb.resource.postgres.ObjectType;
import dev.plumb.resource.postgres.PostgresKind;
import dev.plumb.resource.postgres.PostgresServer;
import dev.plumb.resource.postgres.RoleSpec;
import dev.plumb.resource.postgres.SchemaSpec;
import dev.plumb.resource.postgres.SettingSpec;
import dev.plumb.resource.systemd.ServiceSpec;
import dev.plumb.resource.systemd.ServicePresence;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class PlaybookLoaderTest {
    static final Path DIR = ROOT.resolve("good");
    static Desired desired;

    @BeforeAll
    static void load() {
        desired = Fixtures.loadClean(DIR.resolve("site.yml"), DIR.resolve("inventory.yml"));
    }

    static HostDesired host(String name) {
        return desired.host(name).orElseThrow();
    }

    static <T extends Resource> T only(String host, Class<T> type, String key) {
        return host(host).resources(type).stream().filter(r -> r.address().name().equals(key)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + key + " on " + host));
    }

    @Test
    void hostsAreInInventoryOrderAndOnlyThoseSelected() {
        assertThat(desired.hosts()).extracting(h -> h.host().name()).containsExactly("db1", "web1", "web2", "web3");
        assertThat(host("web2").plays()).extracting(p -> p.play().index()).containsExactly(1, 2);
        assertThat(host("web1").plays()).extracting(p -> p.play().index()).containsExactly(2);
    }

    @Test
    void playsKeepTheirOrderInformation() {
        assertThat(desired.plays()).extracting(Play::name).containsExactly("database", "web:&eu:!web3", "web");
        assertThat(desired.plays().get(1).after()).containsExactly("database");
        assertThat(desired.plays().get(1).serial()).contains(new Serial.Percent(50));
        assertThat(desired.plays().get(2).serial()).contains(new Serial.Count(1));
        assertThat(desired.plays().get(0).serial()).isEmpty();
        assertThat(desired.plays().get(1).location().toString()).isEqualTo(DIR.resolve("site.yml") + ":47:5");
    }

    @Test
    void envFileInterpolatesEveryKindOfReferenceWithVarPrecedence() {
        FileSpec env = only("web2", FileSpec.class, "/etc/site/app.env");
        assertThat(env.mode()).isEqualTo("0600");
        assertThat(env.owner()).isEqualTo("www-data");
        assertThat(env.group()).isEqualTo("www-data");
        assertThat(env.notifies()).containsExactly("site.service");
        FileContent.Env content = (FileContent.Env) env.content().orElseThrow();
        assertThat(content.vars().keySet()).containsExactly("URL", "WORKERS", "TIER", "REGION", "APP", "DEEP", "SECOND",
                "HOST", "LITERAL");
        Text body = content.body();
        assertThat(body.sensitive()).isTrue();
        assertThat(body.reveal()).isEqualTo("""
                URL="postgresql://app:db-S3cret!pw@10.0.0.1:5433/app_prod"
                WORKERS=5
                TIER=eu
                REGION=eu-west
                APP=site
                DEEP=deep
                SECOND=one
                HOST=web2@10.0.0.12:22
                LITERAL="\\${NOT_INTERPOLATED}"
                """);
        assertThat(content.vars().get("URL").sensitive()).isTrue();
        assertThat(content.vars().get("TIER").sensitive()).isFalse();
    }

    @Test
    void playVarsBeatHostVarsAndGroupOrderDecides() {
        assertThat(only("web1", FileSpec.class, "/etc/site/workers").content())
                .contains(new FileContent.Inline(Text.plain("9 web global")));
        assertThat(only("web2", FileSpec.class, "/etc/site/workers").content())
                .contains(new FileContent.Inline(Text.plain("9 eu eu-west")));
    }

    @Test
    void inlineSourceAndAbsentFiles() {
        assertThat(only("web2", FileSpec.class, "/etc/site/motd")).isEqualTo(new FileSpec("web2", "/etc/site/motd",
                Optional.of(new FileContent.Inline(Text.plain("hello from web2\n"))), "root", "root", "0644",
                Presence.PRESENT, List.of()));
        FileSpec stat = only("web2", FileSpec.class, "/etc/site/static.conf");
        assertThat(stat.content()).contains(new FileContent.Source(DIR.resolve("files/static.conf"),
                Text.plain("static ${NOT_A_REFERENCE}\n")));
        assertThat(only("web2", FileSpec.class, "/etc/site/old.conf")).isEqualTo(new FileSpec("web2",
                "/etc/site/old.conf", Optional.empty(), "root", "root", "0644", Presence.ABSENT, List.of()));
    }

    @Test
    void services() {
        assertThat(host("web2").resources(ServiceSpec.class)).containsExactly(
                new ServiceSpec("web2", "site.service", Optional.of(Text.plain("[Service]\nExecStart=/usr/bin/site ${OPTIONS}\n")),
                        Optional.of(true), ServicePresence.RUNNING, List.of("/etc/site/motd")),
                new ServiceSpec("web2", "legacy.service", Optional.empty(), Optional.empty(), ServicePresence.ABSENT, List.of()),
                new ServiceSpec("web2", "getty@tty1.service", Optional.empty(), Optional.of(false), ServicePresence.STOPPED,
                        List.of()));
    }

    @Test
    void postgresServer() {
        PostgresServer server = host("db1").postgres().orElseThrow();
        assertThat(server.adminUser()).isEqualTo("postgres");
        assertThat(server.adminPassword().reveal()).isEqualTo("adm1n-pw");
        assertThat(server.direct()).contains(new Endpoint("10.0.0.1", 5433));
        assertThat(server.sslmode()).contains("require");
        assertThat(server.exclusive()).containsExactly(PostgresKind.ROLE);
        assertThat(host("web2").postgres()).isEmpty();
    }

    @Test
    void roles() {
        RoleSpec app = only("db1", RoleSpec.class, "app");
        assertThat(app.login()).contains(true);
        assertThat(app.inherit()).isEmpty(); // absent: left as it is
        assertThat(app.connectionLimit()).contains(10);
        assertThat(app.password().orElseThrow().reveal()).isEqualTo(DB_PASSWORD);
        assertThat(app.settings().orElseThrow()).containsExactly(Map.entry("timezone", "UTC"),
                Map.entry("statement_timeout", "30s"));
        assertThat(app.databaseSettings()).contains(Map.of("app_prod", Map.of("search_path", "app, public")));
        assertThat(app.memberOf()).contains(List.of(RoleSpec.Member.plain("pg_read_all_data")));
        RoleSpec bare = RoleSpec.bare("db1", "readonly", Presence.PRESENT);
        assertThat(only("db1", RoleSpec.class, "readonly")).isEqualTo(new RoleSpec("db1", "readonly", bare.login(),
                bare.superuser(), bare.createdb(), bare.createrole(), Optional.of(false), bare.replication(),
                bare.bypassrls(), bare.connectionLimit(), Optional.of("infinity"), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Presence.PRESENT, Optional.empty(), false));
    }

    @Test
    void databasesAndSchemas() {
        assertThat(host("db1").resources(DatabaseSpec.class)).containsExactly(
                new DatabaseSpec("db1", "app_prod", Optional.of("app"), Optional.of("UTF8"), Optional.of("C.UTF-8"),
                        Optional.of("C.UTF-8"), Optional.of("template0"), 50, Presence.PRESENT, false),
                new DatabaseSpec("db1", "old_db", Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                        Optional.empty(), Optional.empty(), Presence.ABSENT, true));
        assertThat(host("db1").resources(SchemaSpec.class)).containsExactly(
                new SchemaSpec("db1", "app_prod", "app", Optional.of("app"), Presence.PRESENT));
    }

    @Test
    void grantsNormaliseAndAddressTheirTarget() {
        assertThat(host("db1").resources(GrantSpec.class)).containsExactly(
                new GrantSpec("db1", "app", List.of("CONNECT", "TEMPORARY"), new GrantTarget.OnDatabase("app_prod"),
                        Optional.empty(), Presence.PRESENT),
                new GrantSpec("db1", "PUBLIC", List.of("USAGE"), new GrantTarget.OnSchema("app_prod", "app"), Optional.empty(),
                        Presence.PRESENT),
                new GrantSpec("db1", "readonly", List.of("SELECT"),
                        new GrantTarget.OnObjects("app_prod", "app", ObjectType.TABLES, List.of()), Optional.empty(), Presence.PRESENT),
                new GrantSpec("db1", "readonly", List.of("USAGE", "SELECT"),
                        new GrantTarget.OnObjects("app_prod", "app", ObjectType.SEQUENCES, List.of("ids_seq")), true,
                        Presence.PRESENT),
                new GrantSpec("db1", "readonly", List.of("SELECT"),
                        new GrantTarget.DefaultPrivileges("app_prod", "app", "app", ObjectType.TABLES), Optional.empty(),
                        Presence.PRESENT));
        assertThat(host("db1").resources(GrantSpec.class)).extracting(r -> r.address().toString()).containsExactly(
                "db1/postgres/grant/app@database:app_prod",
                "db1/postgres/grant/PUBLIC@schema:app_prod.app",
                "db1/postgres/grant/readonly@tables:app_prod.app:ALL",
                "db1/postgres/grant/readonly@sequences:app_prod.app:ids_seq",
                "db1/postgres/grant/readonly@default:app_prod.app:app:tables");
    }

    @Test
    void hbaSettingsMigrations() {
        assertThat(host("db1").resources(HbaRule.class)).extracting(r -> r.address().toString()).containsExactly(
                "db1/postgres/hba/local:all:postgres", "db1/postgres/hba/app-net");
        HbaRule net = only("db1", HbaRule.class, "app-net");
        assertThat(net.type()).isEqualTo(HbaRule.Type.HOSTSSL);
        assertThat(net.clientAddress()).contains("fd00::/64");
        assertThat(net.options()).isEqualTo(Map.of("clientcert", Text.plain("verify-full")));
        assertThat(host("db1").resources(SettingSpec.class)).containsExactly(
                new SettingSpec("db1", "max_connections", Optional.of(Text.plain("200")), true, Presence.PRESENT),
                new SettingSpec("db1", "work_mem", Optional.of(Text.plain("64MB")), false, Presence.PRESENT),
                new SettingSpec("db1", "old_setting", Optional.empty(), false, Presence.ABSENT));
        assertThat(host("db1").resources(MigrationSpec.class)).containsExactly(new MigrationSpec("db1", "app_prod",
                DIR.resolve("migrations"), Optional.of("app"), List.of("app"), Optional.of("1"), "schema_history"));
    }

    @Test
    void addressesAndLocations() {
        HostDesired db1 = host("db1");
        assertThat(db1.resources()).extracting(r -> r.address().toString()).startsWith(
                "db1/postgres/role/app", "db1/postgres/role/readonly", "db1/postgres/database/app_prod",
                "db1/postgres/database/old_db", "db1/postgres/schema/app_prod.app");
        assertThat(db1.locations().get(only("db1", RoleSpec.class, "app").address()).toString())
                .isEqualTo(DIR.resolve("site.yml") + ":18:13");
        assertThat(host("web2").resources()).extracting(r -> r.address().toString()).contains(
                "web2/file//etc/site/app.env", "web2/service/site.service", "web2/file//etc/site/workers");
    }

    @Test
    void sourcesAreHashedButSecretFilesAreNot() {
        assertThat(desired.sources()).extracting(s -> DIR.relativize(s.path()).toString()).containsExactly(
                "inventory.yml", "site.yml", "migrations/V1__init.sql", "files/static.conf", "units/site.service");
        assertThat(desired.sources().get(0).sha256()).hasSize(64);
        assertThat(desired.fingerprint()).hasSize(64);
        assertThat(desired.redactor().redact("x adm1n-pw y " + DB_PASSWORD)).isEqualTo("x (sensitive) y (sensitive)");
    }

    @Test
    void exclusiveKindsAreRecorded() {
        assertThat(host("db1").postgres().orElseThrow().exclusive()).isEqualTo(Set.of(PostgresKind.ROLE));
    }
}
