package dev.plumb.resource.postgres;

import static dev.plumb.resource.postgres.PgPlannerTest.grant;
import static dev.plumb.resource.postgres.PgPlannerTest.labels;
import static dev.plumb.resource.postgres.PgPlannerTest.plan;
import static dev.plumb.resource.postgres.PgPlannerTest.sql;
import static dev.plumb.resource.postgres.ServerStates.priv;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
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
import dev.plumb.config.Loaded;
import dev.plumb.model.Diagnostic;
import dev.plumb.model.Presence;
import dev.plumb.model.Redactor;
import dev.plumb.resource.ImportOptions;
import dev.plumb.resource.Imported;

/**
 * Issue 14, class 10 without a server: default privileges database-wide ({@code schema} left out)
 * and on types and schemas; planned against what PostgreSQL gives by itself when there is no
 * entry, refused on schemas in one schema, and imported so that the plan is empty.
 */
class DefaultPrivilegesTest {
    static final String DB = "flaskapp_prod";

    @TempDir
    Path dir;

    static GrantTarget.DefaultPrivileges wide(ObjectType type) {
        return new GrantTarget.DefaultPrivileges(DB, Optional.empty(), "flaskapp", type);
    }

    static ServerStates withReporter() {
        ServerStates f = PgPlannerTest.seeded();
        f.role(ServerStates.role("reporter").build());
        return f;
    }

    static void defaults(ServerStates f, ServerState.DefaultAcl... entries) {
        f.objects(DB, new ServerState.DatabaseObjects(Map.of("public", ServerStates.publicSchema("flaskapp")),
                List.of(), List.of(entries), Map.of()));
    }

    static ServerState.Privilege by(String grantee, String privilege, String grantor) {
        return new ServerState.Privilege(grantee, privilege, false, Optional.of(grantor));
    }

    @Test
    void builtInIsWhatAcldefaultGives() {
        assertThat(DefaultAcls.builtIn(ObjectType.FUNCTIONS, "app", 150000)).containsExactly(
                by("app", "EXECUTE", "app"), by("PUBLIC", "EXECUTE", "app"));
        assertThat(DefaultAcls.builtIn(ObjectType.TYPES, "app", 150000)).containsExactly(
                by("app", "USAGE", "app"), by("PUBLIC", "USAGE", "app"));
        assertThat(DefaultAcls.builtIn(ObjectType.SCHEMAS, "app", 150000)).containsExactly(
                by("app", "CREATE", "app"), by("app", "USAGE", "app"));
        assertThat(DefaultAcls.builtIn(ObjectType.SEQUENCES, "app", 150000)).extracting(ServerState.Privilege::privilege)
                .containsExactly("SELECT", "UPDATE", "USAGE");
        assertThat(DefaultAcls.builtIn(ObjectType.TABLES, "app", 150000)).hasSize(7);
        assertThat(DefaultAcls.builtIn(ObjectType.TABLES, "app", 170000)).contains(by("app", "MAINTAIN", "app"));
    }

    @Test
    void aDatabaseWideGrantIsAlterDefaultPrivilegesWithoutInSchema() {
        PgWork w = plan(List.of(grant("reporter", List.of("SELECT"), wide(ObjectType.TABLES)),
                grant("reporter", List.of("usage"), wide(ObjectType.TYPES)),
                grant("reporter", List.of("ALL"), wide(ObjectType.SCHEMAS))), withReporter().build());
        assertThat(w.errors()).isEmpty();
        assertThat(labels(w)).containsExactly("+ postgres/grant reporter@default:flaskapp_prod:flaskapp:tables",
                "+ postgres/grant reporter@default:flaskapp_prod:flaskapp:types",
                "+ postgres/grant reporter@default:flaskapp_prod:flaskapp:schemas");
        assertThat(sql(w)).containsExactly(
                "ALTER DEFAULT PRIVILEGES FOR ROLE \"flaskapp\" GRANT SELECT ON TABLES TO \"reporter\"",
                "ALTER DEFAULT PRIVILEGES FOR ROLE \"flaskapp\" GRANT USAGE ON TYPES TO \"reporter\"",
                "ALTER DEFAULT PRIVILEGES FOR ROLE \"flaskapp\" GRANT CREATE, USAGE ON SCHEMAS TO \"reporter\"");
    }

    @Test
    void whatPostgresqlGivesByItselfIsHeldWithoutAnEntryAndRevokingItIsAChange() {
        List<PostgresResource> declared = List.of(
                grant("PUBLIC", List.of("USAGE"), wide(ObjectType.TYPES)),
                grant("flaskapp", List.of("ALL"), wide(ObjectType.TABLES)),
                new GrantSpec(PgPlannerTest.H, "PUBLIC", List.of("EXECUTE"), wide(ObjectType.FUNCTIONS), false,
                        Presence.ABSENT));
        PgWork w = plan(declared, withReporter().build());
        assertThat(labels(w)).containsExactly("- postgres/grant PUBLIC@default:flaskapp_prod:flaskapp:functions");
        assertThat(sql(w)).containsExactly(
                "ALTER DEFAULT PRIVILEGES FOR ROLE \"flaskapp\" REVOKE EXECUTE ON FUNCTIONS FROM PUBLIC");

        // Applied: the database-wide entry holds only the owner's EXECUTE; the same declaration is no change.
        ServerStates after = withReporter();
        defaults(after, new ServerState.DefaultAcl("flaskapp", Optional.empty(), ObjectType.FUNCTIONS,
                List.of(by("flaskapp", "EXECUTE", "flaskapp"))));
        PgWork again = plan(declared, after.build());
        assertThat(again.errors()).isEmpty();
        assertThat(again.changes()).isEmpty();
    }

    @Test
    void aSchemaEntryComparesOnlyWithItsOwnRowNotTheDatabaseWideOne() {
        ServerStates f = withReporter();
        defaults(f, new ServerState.DefaultAcl("flaskapp", Optional.empty(), ObjectType.TYPES,
                List.of(by("flaskapp", "USAGE", "flaskapp"), by("reporter", "USAGE", "flaskapp"))));
        GrantTarget inPublic = new GrantTarget.DefaultPrivileges(DB, "public", "flaskapp", ObjectType.TYPES);
        PgWork w = plan(List.of(grant("reporter", List.of("USAGE"), inPublic),
                grant("reporter", List.of("USAGE"), wide(ObjectType.TYPES))), f.build());
        assertThat(labels(w)).containsExactly("+ postgres/grant reporter@default:flaskapp_prod.public:flaskapp:types");
        assertThat(sql(w)).containsExactly(
                "ALTER DEFAULT PRIVILEGES FOR ROLE \"flaskapp\" IN SCHEMA \"public\" GRANT USAGE ON TYPES TO \"reporter\"");
    }

    @Test
    void maintainMayBeListedOnTablesAndIsRefusedBeforePostgresql17() {
        GrantSpec maintain = grant("reporter", List.of("maintain", "SELECT"), wide(ObjectType.TABLES));
        ServerStates f = withReporter();
        PgWork on15 = plan(List.of(maintain), f.build());
        assertThat(on15.errors()).singleElement().asString().contains("grant reporter@default:flaskapp_prod:flaskapp"
                + ":tables: privilege MAINTAIN exists from PostgreSQL 17 on, and the server is PostgreSQL 15");
        assertThat(on15.steps()).isEmpty();
        f.version = 170002;
        assertThat(sql(plan(List.of(maintain), f.build()))).containsExactly(
                "ALTER DEFAULT PRIVILEGES FOR ROLE \"flaskapp\" GRANT MAINTAIN, SELECT ON TABLES TO \"reporter\"");
        assertThat(Privileges.all(ObjectType.TABLES, 160000)).doesNotContain("MAINTAIN").hasSize(7);
    }

    private Loaded<Desired> load(String grants) throws IOException {
        Path playbook = Files.writeString(dir.resolve("site.yml"), """
                secrets:
                  admin: {env: PLUMB_PG_ADMIN_PASSWORD}
                plays:
                  - hosts: db
                    postgres:
                      admin: {password: "${secret.admin}"}
                      grants:
                """ + grants.indent(8));
        Path inventory = Files.writeString(dir.resolve("inventory.yml"),
                "hosts:\n  db1: {address: 198.18.0.11}\ngroups:\n  db: [db1]\n");
        return Config.load(playbook, inventory, Map.of("PLUMB_PG_ADMIN_PASSWORD", "admin"));
    }

    @Test
    void schemaIsOptionalAndTypesAndSchemasAreObjects() throws IOException {
        Loaded<Desired> loaded = load("""
                - {role: reporter, privileges: [usage], default_privileges: {database: app, for_role: app, objects: types}}
                - {role: reporter, privileges: [ALL], default_privileges: {database: app, for_role: app, objects: schemas}}
                - {role: reporter, privileges: [USAGE], default_privileges: {database: app, schema: s, for_role: app,
                   objects: types}}
                """);
        assertThat(loaded.diagnostics()).isEmpty();
        List<GrantSpec> grants = loaded.value().orElseThrow().host("db1").orElseThrow()
                .resources(PostgresResource.class).stream().filter(GrantSpec.class::isInstance)
                .map(GrantSpec.class::cast).toList();
        assertThat(grants).extracting(GrantSpec::target).containsExactly(
                new GrantTarget.DefaultPrivileges("app", Optional.empty(), "app", ObjectType.TYPES),
                new GrantTarget.DefaultPrivileges("app", Optional.empty(), "app", ObjectType.SCHEMAS),
                new GrantTarget.DefaultPrivileges("app", "s", "app", ObjectType.TYPES));
    }

    @Test
    void schemasInOneSchemaAreRefusedWithAHint() throws IOException {
        Loaded<Desired> loaded = load("""
                - {role: reporter, privileges: [CREATE], default_privileges: {database: app, schema: s, for_role: app,
                   objects: schemas}}
                - {role: reporter, privileges: [SELECT], default_privileges: {database: app, for_role: app,
                   objects: types}}
                """);
        assertThat(loaded.value()).isEmpty();
        String shown = String.join("\n", loaded.diagnostics().stream().map(Diagnostic::render).toList());
        assertThat(shown).contains("site.yml:8:94: error: default privileges on schemas cannot be limited to a schema",
                "leave out 'schema': default privileges on schemas hold for every schema app creates in the database",
                "privilege 'SELECT' cannot be granted on default privileges for types; valid: ALL, USAGE");
        assertThatThrownBy(() -> new GrantTarget.DefaultPrivileges("d", "s", "r", ObjectType.SCHEMAS))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void databaseWideAndTypesAndSchemasEntriesImportToAnEmptyPlan() throws Exception {
        ServerStates f = ServerStates.fresh();
        f.role(ServerStates.role("app").build());
        f.role(ServerStates.role("reporter").build());
        f.database("shop", "app", true);
        f.objects("shop", new ServerState.DatabaseObjects(Map.of("public", ServerStates.publicSchema("app")), List.of(),
                List.of(new ServerState.DefaultAcl("app", Optional.empty(), ObjectType.FUNCTIONS,
                                List.of(by("app", "EXECUTE", "app"))),
                        new ServerState.DefaultAcl("app", Optional.empty(), ObjectType.TYPES,
                                List.of(by("app", "USAGE", "app"), by("PUBLIC", "USAGE", "app"),
                                        by("reporter", "USAGE", "app"))),
                        new ServerState.DefaultAcl("app", Optional.empty(), ObjectType.SCHEMAS,
                                List.of(by("app", "CREATE", "app"), by("app", "USAGE", "app"),
                                        by("reporter", "USAGE", "app"))),
                        new ServerState.DefaultAcl("app", Optional.of("public"), ObjectType.TABLES,
                                List.of(by("reporter", "SELECT", "app")))),
                Map.of()));
        ServerState s = f.build();
        Imported imported = ImportedServer.of(new ImportProbe.Live(s, Map.of(), Map.of()),
                new ImportOptions(false, Map.of()));
        String yaml = ImportedPlaybook.yaml(imported);
        assertThat(imported.problems()).isEmpty();
        assertThat(imported.notes()).noneMatch(n -> n.contains("every schema"));
        assertThat(yaml).contains("default_privileges:\n        database: shop\n        for_role: app\n"
                        + "        objects: functions",
                "objects: types", "objects: schemas", "schema: public");

        Path playbook = Files.writeString(dir.resolve("imported.yml"), yaml);
        Path inventory = Files.writeString(dir.resolve("inventory.yml"),
                "hosts:\n  db1: {address: 198.18.0.11}\ngroups:\n  db: [db1]\n");
        Map<String, String> env = new HashMap<>();
        imported.secrets().forEach(x -> env.put(x.variable(), "admin"));
        Loaded<Desired> loaded = Config.load(playbook, inventory, env);
        assertThat(loaded.diagnostics()).as(yaml).isEmpty();
        var host = loaded.value().orElseThrow().host("db1").orElseThrow();
        List<PostgresResource> resources = new ArrayList<>(host.resources(PostgresResource.class));
        List<String> keys = resources.stream().filter(GrantSpec.class::isInstance)
                .map(r -> ((GrantSpec) r).key() + " " + ((GrantSpec) r).state()).toList();
        assertThat(keys).contains("PUBLIC@default:shop:app:functions ABSENT", "reporter@default:shop:app:types PRESENT",
                "reporter@default:shop:app:schemas PRESENT", "reporter@default:shop.public:app:tables PRESENT");
        PgWork plan = PgPlanner.plan("db1", host.postgres().orElseThrow(), resources, s, Redactor.NONE);
        assertThat(plan.errors()).isEmpty();
        assertThat(plan.changes()).as(yaml).isEmpty();
    }
}
