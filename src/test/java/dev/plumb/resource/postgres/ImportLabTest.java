package dev.plumb.resource.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.plumb.cli.Cli;
import dev.plumb.lab.LabHosts;
import dev.plumb.lab.PgLab;
import dev.plumb.model.Redactor;
import dev.plumb.resource.HostRun;
import dev.plumb.resource.ImportOptions;
import dev.plumb.resource.ImportPart;
import dev.plumb.resource.Imported;
import dev.plumb.resource.ImportedSecret;
import dev.plumb.shell.Shell;
import dev.plumb.transport.ssh.ExecResult;
import dev.plumb.transport.ssh.SshSession;

/**
 * The PostgreSQL importer against host1's real server: its probe run over a real SSH session as
 * the engine runs it, its value written as a playbook, and plan of that playbook against the same
 * server empty (exit 0) with the secrets' variables set to the live passwords: after the seed's
 * own apply, and on a server prepared by hand with psql.
 */
@LabHosts(count = 3)
class ImportLabTest {
    static final String ADMIN_PW = "imp-admin-pw-51c2";
    static final String APP_PW = "imp-flask-pw-88d0";
    static final String OWNER_PW = "imp-owner-pw-0b7e";
    static final String ALICE_PW = "imp-alice-pw-3a91";
    static final String WEIRD_PW = "imp-weird-pw-c4d5";
    static final List<String> PASSWORDS = List.of(ADMIN_PW, APP_PW, OWNER_PW, ALICE_PW, WEIRD_PW);

    @RegisterExtension
    static final PgLab pg = new PgLab().admin(ADMIN_PW).secret("FLASKAPP_DB_PASSWORD", APP_PW).web(2);

    /** The import of host1 as the engine runs it: the probe in one SSH command, then read. */
    private static Imported importHost(ImportOptions options) throws Exception {
        try (SshSession session = SshSession.open(pg.sshTarget())) {
            ImportPart part = new PgKind().importer().orElseThrow()
                    .open(new HostRun("host1", session, Redactor.NONE), List.of(""), options);
            ExecResult r = session.run(part.probe(), Duration.ofSeconds(60));
            assertThat(r.ok()).as("probe: %s", r.stderr()).isTrue();
            return part.read(r.out().lines().filter(l -> !l.isEmpty()).toList());
        }
    }

    static String playbook(Imported imported) {
        return ImportedPlaybook.yaml(imported);
    }

    /** Plans the imported playbook with each secret's variable set by {@code values} (by secret name). */
    private static Cli.Result planImported(Imported imported, Function<String, String> values) {
        String yaml = playbook(imported);
        for (ImportedSecret s : imported.secrets()) {
            pg.ws().env(s.variable(), values.apply(s.name()));
        }
        pg.ws().playbook(yaml);
        return pg.ws().plumb("plan", "--limit", "db");
    }

    private static void assertNoSecret(Imported imported) {
        String all = playbook(imported) + imported.notes() + imported.problems() + imported.secrets();
        for (String pw : PASSWORDS) {
            assertThat(all).doesNotContain(pw);
        }
        assertThat(all).doesNotContain("SCRAM-SHA-256$").doesNotContain("md5");
    }

    @SuppressWarnings("unchecked")
    private static List<String> names(Imported imported, String kind) {
        Object v = ((Map<String, Object>) imported.value()).get(kind);
        if (v instanceof Map<?, ?> m) {
            v = m.get("items");
        }
        List<String> out = new ArrayList<>();
        for (Object item : v == null ? List.of() : (List<Object>) v) {
            Map<String, Object> m = (Map<String, Object>) item;
            out.add(String.valueOf(m.containsKey("name") ? (m.containsKey("database") ? m.get("database") + "."
                    + m.get("name") : m.get("name")) : m.get("role")));
        }
        return out;
    }

    @Test
    void theSeedAppliedThenImportedPlansEmptyWithItsMigrations() throws Exception {
        pg.ws().usePlaybook(pg.lab().projectRoot().resolve("playbooks/flaskapp.yml"));
        pg.ws().converge("--limit", "db");
        Path folder = pg.ws().copy(pg.lab().projectRoot().resolve("playbooks/migrations/flaskapp"), "mig/flaskapp");

        Imported imported = importHost(new ImportOptions(false, Map.of("flaskapp_prod", new ImportOptions.MigrationFolder(folder, folder.toString()))));

        assertThat(imported.problems()).isEmpty();
        assertNoSecret(imported);
        assertThat(names(imported, "roles")).containsExactly("flaskapp");
        assertThat(names(imported, "databases")).containsExactly("flaskapp_prod");
        assertThat(names(imported, "hba")).hasSize(2);
        assertThat(imported.secrets()).extracting(ImportedSecret::name)
                .containsExactly("postgres_admin_password", "flaskapp_password");
        String yaml = playbook(imported);
        assertThat(yaml).contains("listen_addresses: '*'", "location: " + folder, "user: flaskapp",
                "password: ${secret.flaskapp_password}", "timezone: UTC");

        Cli.Result plan = planImported(imported, name -> name.equals("flaskapp_password") ? APP_PW : ADMIN_PW);
        assertThat(plan.exit()).as("%s\n%s", plan, yaml).isZero();
        assertThat(plan.out()).contains("Plan: 0 to create, 0 to update, 0 to delete, 0 restarts");

        // A folder whose applied migration was edited since is a problem naming it, not a silent entry.
        Files.writeString(folder.resolve("V2__index_notes.sql"), "-- edited\n", java.nio.file.StandardOpenOption.APPEND);
        Imported edited = importHost(new ImportOptions(false, Map.of("flaskapp_prod", new ImportOptions.MigrationFolder(folder, folder.toString()))));
        assertThat(edited.problems()).singleElement().asString()
                .contains("migrations of 'flaskapp_prod'", "V2__index_notes.sql was edited");
        // Without a folder: a note says how to import them.
        Imported without = importHost(new ImportOptions(false, Map.of()));
        assertThat(without.notes()).anyMatch(n -> n.contains("--migrations flaskapp_prod=DIR"));
        assertThat(playbook(without)).doesNotContain("migrations:");
    }

    @Test
    void plumbImportThroughTheCommandLineRoundTrips() throws Exception {
        pg.ws().usePlaybook(pg.lab().projectRoot().resolve("playbooks/flaskapp.yml"));
        pg.ws().converge("--limit", "db");
        pg.ws().copy(pg.lab().projectRoot().resolve("playbooks/migrations/flaskapp"), "mig/flaskapp");
        Path out = pg.ws().dir().resolve("imported.yml");

        Cli.Result imported = Cli.run(pg.env(), "import", "-i", pg.ws().inventoryFile().toString(), "--hosts", "db",
                "--kinds", "postgres", "--migrations", "flaskapp_prod=" + pg.ws().dir().resolve("mig/flaskapp"),
                "-o", out.toString());

        assertThat(imported.exit()).as("%s", imported).isZero();
        String yaml = Files.readString(out);
        for (String pw : PASSWORDS) {
            assertThat(imported.all() + yaml).doesNotContain(pw);
        }
        assertThat(yaml).contains("location: mig/flaskapp", "${secret.flaskapp_password}");
        java.util.regex.Matcher env = java.util.regex.Pattern.compile("(\\w+):\\s*\\{?\\s*env:\\s*(\\w+)").matcher(yaml);
        int secrets = 0;
        while (env.find()) {
            pg.ws().env(env.group(2), env.group(1).contains("flaskapp") ? APP_PW : ADMIN_PW);
            secrets++;
        }
        assertThat(secrets).as(yaml).isEqualTo(2);
        pg.ws().usePlaybook(out);
        Cli.Result plan = pg.ws().plumb("plan");
        assertThat(plan.exit()).as("%s\n%s", plan, yaml).isZero();
        assertThat(plan.out()).contains("Plan: 0 to create, 0 to update, 0 to delete, 0 restarts");
    }

    /**
     * A server set up by hand: memberships, settings, two databases, other owners, a grant chain,
     * default privileges in a schema and database-wide, on functions, types and schemas.
     */
    private static void prepareByHand() {
        // One round trip: each psql as pg.psql runs it (ON_ERROR_STOP), then the hba lines; set -e stops at a failure.
        pg.ssh("set -e\n" + psql("postgres", """
                ALTER ROLE postgres PASSWORD '%s';
                CREATE ROLE app_owner LOGIN PASSWORD '%s' CONNECTION LIMIT 5;
                CREATE ROLE readers NOLOGIN;
                CREATE ROLE alice LOGIN CREATEDB PASSWORD '%s' IN ROLE readers;
                CREATE ROLE bob LOGIN NOINHERIT VALID UNTIL '2031-01-01 00:00:00+00' IN ROLE readers;
                CREATE ROLE "we""ird ${role}" LOGIN PASSWORD '%s';
                ALTER ROLE alice SET work_mem = '8MB';
                ALTER ROLE alice SET search_path = "$user", app;
                CREATE DATABASE sales OWNER app_owner;
                CREATE DATABASE reports OWNER alice ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C' TEMPLATE template0
                    CONNECTION LIMIT 10;
                ALTER ROLE bob IN DATABASE sales SET statement_timeout = '5s';
                REVOKE CONNECT, TEMPORARY ON DATABASE sales FROM PUBLIC;
                GRANT CONNECT ON DATABASE sales TO readers;
                GRANT CONNECT, TEMPORARY ON DATABASE reports TO "we""ird ${role}";
                ALTER SYSTEM SET work_mem = '16MB';
                ALTER SYSTEM SET log_min_duration_statement = '250ms';
                ALTER SYSTEM SET log_line_prefix = '%%m [%%p] ${not_a_var} ';
                SELECT pg_reload_conf();
                """.formatted(ADMIN_PW, OWNER_PW, ALICE_PW, WEIRD_PW)) + psql("sales", """
                CREATE SCHEMA app AUTHORIZATION app_owner;
                CREATE SCHEMA audit AUTHORIZATION alice;
                CREATE TABLE app.orders (id int);
                ALTER TABLE app.orders OWNER TO app_owner;
                CREATE SEQUENCE app.order_ids;
                ALTER SEQUENCE app.order_ids OWNER TO app_owner;
                CREATE FUNCTION app.total(integer, integer) RETURNS integer LANGUAGE sql AS 'SELECT $1 + $2';
                ALTER FUNCTION app.total(integer, integer) OWNER TO app_owner;
                REVOKE EXECUTE ON FUNCTION app.total(integer, integer) FROM PUBLIC;
                GRANT EXECUTE ON FUNCTION app.total(integer, integer) TO alice;
                GRANT USAGE ON SCHEMA app TO readers;
                GRANT SELECT, INSERT ON app.orders TO alice WITH GRANT OPTION;
                SET ROLE alice;
                GRANT SELECT ON app.orders TO bob;
                RESET ROLE;
                GRANT USAGE ON SEQUENCE app.order_ids TO readers;
                ALTER DEFAULT PRIVILEGES FOR ROLE app_owner IN SCHEMA app GRANT SELECT ON TABLES TO readers;
                ALTER DEFAULT PRIVILEGES FOR ROLE app_owner REVOKE EXECUTE ON FUNCTIONS FROM PUBLIC;
                ALTER DEFAULT PRIVILEGES FOR ROLE app_owner REVOKE USAGE ON TYPES FROM PUBLIC;
                ALTER DEFAULT PRIVILEGES FOR ROLE app_owner GRANT USAGE ON SCHEMAS TO readers;
                ALTER DEFAULT PRIVILEGES FOR ROLE app_owner IN SCHEMA app GRANT USAGE ON TYPES TO readers;
                """) + psql("reports", "CREATE SCHEMA marts AUTHORIZATION bob;")
                + "hba=$(runuser -u postgres -- psql -X -A -t -c 'SHOW hba_file') && printf '%s\\n'"
                + " 'host sales alice 10.1.2.0/24 scram-sha-256' 'host reports bob 10.1.3.0/24 md5' >> \"$hba\""
                + " && runuser -u postgres -- psql -X -q -c 'SELECT pg_reload_conf()'").orThrow();
    }

    /** The command that runs SQL as pg.psql does (the postgres superuser over the local socket), then a newline. */
    private static String psql(String database, String sql) {
        return "cd / && runuser -u postgres -- psql -X -q -A -t -v ON_ERROR_STOP=1 -d " + Shell.quote(database)
                + " <<'PLUMB_SQL'\n" + sql + "\nPLUMB_SQL\n";
    }

    private static String livePassword(String secret) {
        return switch (secret) {
            case "postgres_admin_password" -> ADMIN_PW;
            case "app_owner_password" -> OWNER_PW;
            case "alice_password" -> ALICE_PW;
            case "we_ird_role_password" -> WEIRD_PW;
            default -> throw new AssertionError("unexpected secret " + secret);
        };
    }

    @Test
    void aServerPreparedByHandImportsToAFileWhosePlanIsEmpty() throws Exception {
        prepareByHand();

        Imported imported = importHost(new ImportOptions(false, Map.of()));

        assertThat(imported.problems()).isEmpty();
        assertNoSecret(imported);
        String yaml = playbook(imported);
        // System objects are never imported.
        assertThat(names(imported, "roles")).containsExactly("alice", "app_owner", "bob", "readers",
                "we\"ird $${role}");
        assertThat(names(imported, "databases")).containsExactlyInAnyOrder("reports", "sales");
        assertThat(names(imported, "hba")).isEmpty();
        assertThat(yaml).doesNotContain("template", "name: postgres\n", "pg_read_all_data");
        List<Object> settings = new ArrayList<>(((Map<?, ?>) ((Map<?, ?>) imported.value()).get("settings")).keySet());
        assertThat(settings).containsExactly("log_line_prefix", "log_min_duration_statement", "work_mem");
        assertThat(yaml).contains("log_line_prefix: '%m [%p] $${not_a_var} '", "work_mem: 16384kB", "for_role: app_owner",
                "grant_option: true", "state: absent", "statement_timeout: 5s", "member_of:\n      - readers");
        assertThat(yaml).contains("objects: schemas", "objects: types");
        assertThat(imported.notes()).anyMatch(n -> n.contains("outside plumb's block are not imported"))
                .noneMatch(n -> n.contains("in every schema"));
        assertThat(imported.secrets()).extracting(ImportedSecret::name).containsExactly("postgres_admin_password",
                "alice_password", "app_owner_password", "we_ird_role_password");

        Cli.Result plan = planImported(imported, ImportLabTest::livePassword);
        assertThat(plan.exit()).as("%s\n%s", plan, yaml).isZero();
        assertThat(plan.out()).contains("Plan: 0 to create, 0 to update, 0 to delete, 0 restarts");
        for (String pw : PASSWORDS) {
            assertThat(plan.all()).doesNotContain(pw);
        }

        // --exclusive: roles, databases and schemas exclusive; hba cannot be with Debian's own lines there.
        Imported exclusive = importHost(new ImportOptions(true, Map.of()));
        assertThat(exclusive.problems()).isEmpty();
        Map<?, ?> value = (Map<?, ?>) exclusive.value();
        for (String kind : List.of("roles", "databases", "schemas")) {
            assertThat(value.get(kind)).as(kind).isInstanceOf(Map.class);
            assertThat(((Map<?, ?>) value.get(kind)).get("exclusive")).isEqualTo(true);
        }
        assertThat(exclusive.notes()).anyMatch(n -> n.contains("so hba is not written exclusive"));
        Cli.Result exclusivePlan = planImported(exclusive, ImportLabTest::livePassword);
        assertThat(exclusivePlan.exit()).as("%s\n%s", exclusivePlan, playbook(exclusive)).isZero();

        // A wrong admin password is what the plan then shows: the round trip needs the live values.
        Cli.Result wrong = planImported(imported, name -> name.equals("postgres_admin_password") ? "not-it"
                : livePassword(name));
        assertThat(wrong.exit()).as("%s", wrong).isEqualTo(2);
    }

    @Test
    void aRoleNameFormatV1CannotSayIsAProblemNamingIt() throws Exception {
        pg.psql("postgres", "CREATE ROLE \"Public\"; CREATE ROLE \"line\nbreak\" LOGIN;");

        Imported imported = importHost(new ImportOptions(false, Map.of()));

        assertThat(imported.problems()).singleElement().asString()
                .contains("role 'Public' cannot be written in format v1", "reserved");
        assertThat(names(imported, "roles")).containsExactly("line\nbreak");
    }

    @Test
    void anotherScopeIsRefusedInOneLine() {
        assertThat(new PgKind().importer().orElseThrow().checkScope("mydb")).get().asString()
                .doesNotContain("\n").contains("--kinds postgres");
    }
}
