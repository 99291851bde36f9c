package dev.plumb.resource.postgres;

import static dev.plumb.resource.postgres.ServerStates.priv;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.plumb.config.Config;
import dev.plumb.config.Desired;
import dev.plumb.config.HostDesired;
import dev.plumb.config.Loaded;
import dev.plumb.model.Presence;
import dev.plumb.model.Redactor;
import dev.plumb.model.Text;
import dev.plumb.resource.ImportOptions;
import dev.plumb.resource.Imported;
import dev.plumb.resource.ImportedSecret;

/**
 * The importer's pure half: live facts (fixtures) to a postgres: value, checked by the round trip
 * the issue asks for, without a host: the value written as YAML, loaded by the real loader, and
 * planned by the real planner against the same facts: no change, no error.
 */
class ImportedServerTest {
    static final String APP_PW = "app-secret-9f1";
    static final String WEIRD_PW = "weird-secret-22c";
    static final String LDAP_PW = "ldap-bind-secret-7";
    static final String WEIRD = "we\"ird ${x}";

    @TempDir
    Path dir;

    /** A server with every kind: roles, settings, databases, schemas, a grant chain, defaults, a plumb block. */
    static ServerStates rich() {
        ServerStates f = ServerStates.fresh();
        f.role(ServerStates.role("pg_monitor").build());
        f.role(ServerStates.role("pg_database_owner").build());
        f.role(ServerStates.role("readers").build());
        f.role(ServerStates.role("app").login(true).scram(APP_PW).connectionLimit(4).member("readers", "postgres")
                .setting("work_mem", "8MB").setting("search_path", "\"$user\", app")
                .setting("shop", "statement_timeout", "5s").build());
        f.role(ServerStates.role(WEIRD).login(true).scram(WEIRD_PW).build());
        f.role(ServerStates.role("bob").login(true).build());
        f.database(new ServerState.Database("shop", "app", "UTF8", "C.UTF-8", "C.UTF-8", 3, false, true, 0,
                List.of(priv("app", "CONNECT"), priv("app", "CREATE"), priv("app", "TEMPORARY"),
                        priv("readers", "CONNECT"))));
        f.database("archive", "bob", false);
        f.setting(new ServerState.Setting("work_mem", "16384", Optional.of("kB"), "integer", "user", false,
                Optional.empty(), true));
        f.setting(new ServerState.Setting("log_line_prefix", "%m ${app} ", Optional.empty(), "string", "sighup", false,
                Optional.empty(), true));
        ServerState.Privilege aliceOption = new ServerState.Privilege("app", "SELECT", true);
        f.objects("shop", new ServerState.DatabaseObjects(Map.of("public", ServerStates.publicSchema("pg_database_owner"),
                "app", new ServerState.Schema("app", "app", List.of(priv("app", "CREATE"), priv("app", "USAGE"),
                        priv("readers", "USAGE"), priv(WEIRD, "USAGE")))),
                List.of(new ServerState.DbObject(ObjectType.TABLES, "app", "orders", "app.orders", "bob",
                                List.of(priv("bob", "SELECT"), priv("bob", "INSERT"), priv("bob", "UPDATE"),
                                        priv("bob", "DELETE"), priv("bob", "TRUNCATE"), priv("bob", "REFERENCES"),
                                        priv("bob", "TRIGGER"), aliceOption, priv("readers", "SELECT"))),
                        new ServerState.DbObject(ObjectType.TABLES, "app", "items", "app.items", "bob",
                                List.of(priv("bob", "SELECT"), priv("readers", "SELECT"))),
                        new ServerState.DbObject(ObjectType.FUNCTIONS, "app", "total(integer, integer)",
                                "app.total(integer, integer)", "app", List.of(priv("app", "EXECUTE")))),
                List.of(new ServerState.DefaultAcl("app", Optional.of("app"), ObjectType.TABLES,
                                List.of(priv("readers", "SELECT"))),
                        new ServerState.DefaultAcl("app", Optional.empty(), ObjectType.FUNCTIONS, List.of())),
                Map.of()));
        HbaRule rule = new HbaRule("db1", Optional.empty(), HbaRule.Type.HOST, "shop", "app", Optional.of("10.0.0.0/8"),
                "scram-sha-256", Map.of(), Presence.PRESENT);
        HbaRule ldap = new HbaRule("db1", Optional.of("corp ldap"), HbaRule.Type.HOST, "shop", "all",
                Optional.of("10.9.0.0/16"), "ldap", new java.util.LinkedHashMap<>(Map.of("ldapserver", Text.plain("ldap"),
                "ldapbindpasswd", Text.plain(LDAP_PW))), Presence.PRESENT);
        HbaRule byName = new HbaRule("db1", Optional.empty(), HbaRule.Type.HOSTSSL, "shop", "app",
                Optional.of(".Example.test"), "scram-sha-256", Map.of(), Presence.PRESENT);
        HbaRule masked = new HbaRule("db1", Optional.empty(), HbaRule.Type.HOST, "shop", "app",
                Optional.of("10.1.0.0 255.255.0.0"), "scram-sha-256", Map.of(), Presence.PRESENT);
        f.hba(HbaFile.splice(ServerStates.DEBIAN_HBA, HbaFile.block(List.of(rule, ldap, byName, masked))));
        return f;
    }

    static Imported imported(ServerState s, ImportOptions options) {
        return ImportedServer.of(new ImportProbe.Live(s, Map.of(), Map.of()), options);
    }

    /** What a plan of the imported value against {@code s} finds, with each secret's variable set to {@code values}. */
    private PgWork roundTrip(ServerState s, Imported imported, Map<String, String> values) throws Exception {
        Path playbook = Files.writeString(dir.resolve("imported.yml"), ImportedPlaybook.yaml(imported));
        Path inventory = Files.writeString(dir.resolve("inventory.yml"),
                "hosts:\n  db1: {address: 198.18.0.11}\ngroups:\n  db: [db1]\n");
        Map<String, String> env = new HashMap<>();
        imported.secrets().forEach(x -> env.put(x.variable(), values.get(x.name())));
        Loaded<Desired> loaded = Config.load(playbook, inventory, env);
        assertThat(loaded.diagnostics()).as(ImportedPlaybook.yaml(imported)).isEmpty();
        HostDesired host = loaded.value().orElseThrow().host("db1").orElseThrow();
        List<PostgresResource> resources = new ArrayList<>(host.resources(PostgresResource.class));
        resources.removeIf(MigrationSpec.class::isInstance);
        return PgPlanner.plan("db1", host.postgres().orElseThrow(), resources, s, Redactor.NONE);
    }

    private static Map<String, String> live() {
        return Map.of("postgres_admin_password", "admin", "app_password", APP_PW, "we_ird_x_password", WEIRD_PW,
                "hba_corp_ldap_ldapbindpasswd", LDAP_PW);
    }

    @Test
    void aPlanOfTheImportedValueAgainstTheSameServerIsEmpty() throws Exception {
        ServerState s = rich().build();
        Imported imported = imported(s, new ImportOptions(false, Map.of()));

        assertThat(imported.problems()).isEmpty();
        PgWork plan = roundTrip(s, imported, live());
        assertThat(plan.errors()).isEmpty();
        assertThat(plan.changes()).as(ImportedPlaybook.yaml(imported)).isEmpty();
    }

    @Test
    void theRoundTripFailsWhenTheLiveStateMoves() throws Exception {
        ServerStates f = rich();
        Imported imported = imported(f.build(), new ImportOptions(false, Map.of()));
        f.role(ServerStates.role("bob").login(false).build());

        assertThat(roundTrip(f.build(), imported, live()).changes()).extracting(c -> c.address().name())
                .containsExactly("bob");
        assertThat(roundTrip(f.build(), imported, Map.of("postgres_admin_password", "admin", "app_password", "other",
                "we_ird_x_password", WEIRD_PW, "hba_corp_ldap_ldapbindpasswd", LDAP_PW)).changes())
                .extracting(c -> c.address().name()).contains("app");
    }

    @Test
    void exclusiveRolesDatabasesAndSchemasRoundTripAndHbaOnlyWithoutForeignLines() throws Exception {
        ServerStates f = rich();
        Imported withDebianLines = imported(f.build(), new ImportOptions(true, Map.of()));
        String yaml = ImportedPlaybook.yaml(withDebianLines);
        assertThat(yaml).contains("roles:\n      exclusive: true", "databases:\n      exclusive: true",
                "schemas:\n      exclusive: true", "hba:\n    - type: host");
        assertThat(withDebianLines.notes()).anyMatch(n -> n.contains("so hba is not written exclusive"));
        assertThat(roundTrip(f.build(), withDebianLines, live()).changes()).isEmpty();

        String block = HbaFile.block(List.of(new HbaRule("db1", Optional.empty(), HbaRule.Type.HOST, "shop", "app",
                Optional.of("10.0.0.0/8"), "scram-sha-256", Map.of(), Presence.PRESENT)));
        f.hba("local all postgres peer\n" + block);
        Imported onlyPlumbs = imported(f.build(), new ImportOptions(true, Map.of()));
        assertThat(ImportedPlaybook.yaml(onlyPlumbs)).contains("hba:\n      exclusive: true");
        PgWork plan = roundTrip(f.build(), onlyPlumbs, live());
        assertThat(plan.errors()).isEmpty();
        assertThat(plan.changes()).isEmpty();
    }

    @Test
    @SuppressWarnings("unchecked")
    void systemObjectsAreNeverImported() {
        Map<String, Object> value = (Map<String, Object>) imported(rich().build(),
                new ImportOptions(false, Map.of())).value();
        assertThat(((List<Map<String, Object>>) value.get("roles"))).extracting(m -> m.get("name"))
                .containsExactly("readers", "app", "we\"ird $${x}", "bob");
        assertThat(((List<Map<String, Object>>) value.get("databases"))).extracting(m -> m.get("name"))
                .containsExactly("shop", "archive");
        assertThat(((List<Map<String, Object>>) value.get("hba"))).extracting(m -> m.get("address"))
                .containsExactly("10.0.0.0/8", "10.9.0.0/16", ".Example.test", "10.1.0.0 255.255.0.0");
        assertThat(((Map<String, Object>) value.get("settings"))).containsOnlyKeys("work_mem", "log_line_prefix")
                .containsEntry("work_mem", "16384kB").containsEntry("log_line_prefix", "%m $${app} ");
        assertThat(value.get("admin")).isEqualTo(Map.of("password", "${secret.postgres_admin_password}"));
        assertThat(imported(rich().build(), new ImportOptions(false, Map.of())).notes())
                .anyMatch(n -> n.startsWith("role 'postgres' has no password: the first plan of this file sets it"));
    }

    @Test
    void noSecretValueAppearsAndEachSecretIsNamedOnce() {
        ServerStates f = rich();
        f.role(ServerStates.role("app password").login(true).scram("x").build());
        Imported imported = imported(f.build(), new ImportOptions(false, Map.of()));
        String all = ImportedPlaybook.yaml(imported) + imported.notes() + imported.problems() + imported.secrets();

        assertThat(all).doesNotContain(APP_PW).doesNotContain(WEIRD_PW).doesNotContain(LDAP_PW)
                .doesNotContain("SCRAM-SHA-256$");
        assertThat(imported.secrets()).extracting(ImportedSecret::name).containsExactly("postgres_admin_password",
                "app_password", "we_ird_x_password", "app_password_password", "hba_corp_ldap_ldapbindpasswd");
        assertThat(imported.secrets().get(1).sameAs()).isEmpty();
        assertThat(imported.secrets().get(4).sameAs()).isNotEmpty();
    }

    @Test
    void aRoleNameFormatV1CannotSayIsAProblemThatNamesIt() {
        ServerStates f = rich();
        f.role(ServerStates.role("Public").build());
        f.role(ServerStates.role("PG_x").build());
        Imported imported = imported(f.build(), new ImportOptions(false, Map.of()));

        assertThat(imported.problems()).hasSize(2).allMatch(p -> p.contains("cannot be written in format v1"))
                .anyMatch(p -> p.startsWith("role 'Public'")).anyMatch(p -> p.startsWith("role 'PG_x'"));
    }

    @Test
    void privilegesWithAndWithoutGrantOptionOnOneObjectAreAProblem() {
        ServerStates f = rich();
        f.database(new ServerState.Database("mixed", "bob", "UTF8", "C.UTF-8", "C.UTF-8", -1, false, true, 0,
                List.of(priv("bob", "CONNECT"), priv("bob", "CREATE"), priv("bob", "TEMPORARY"),
                        new ServerState.Privilege("app", "CONNECT", true), priv("app", "CREATE"))));
        assertThat(imported(f.build(), new ImportOptions(false, Map.of())).problems()).singleElement().asString()
                .contains("role 'app'", "with grant option and some without");
    }

    @Test
    void onlyTheWholeServerIsAScope() {
        PgImporter importer = new PgImporter();
        assertThat(importer.checkScope("")).isEmpty();
        assertThat(importer.checkScope("shop")).get().asString().doesNotContain("\n");
        assertThatThrownBy(() -> importer.open(null, List.of("shop"), new ImportOptions(false, Map.of())))
                .hasMessageContaining("--kinds postgres");
    }

    @Test
    void theProbeIsOneSubshellAndAServerThatDoesNotAnswerIsOneLine() {
        String fragment = ImportProbe.fragment();
        assertThat(fragment).startsWith("(\n").endsWith(")\n").doesNotContain("set -e");
        String why = java.util.Base64.getEncoder().encodeToString("psql: error: connection refused\nline 2".getBytes());
        assertThatThrownBy(() -> ImportProbe.parse(List.of("error server " + why)))
                .hasMessage("reading PostgreSQL as postgres over the local socket failed: psql: error: connection"
                        + " refused; line 2");
        assertThatThrownBy(() -> ImportProbe.parse(List.of())).hasMessageContaining("did not answer");
    }
}
