package dev.plumb.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.yaml.snakeyaml.Yaml;

import dev.plumb.lab.LabHosts;
import dev.plumb.lab.PgLab;

/**
 * The seed's setup applied with playbooks/flaskapp.yml on three lab hosts, then imported from
 * scratch into a new file with one command: the file validates, its plan is empty on every host
 * (with the secrets' variables set to the live values), the two app hosts share one play, and no
 * secret value appears in the file or anything import says.
 */
@LabHosts(count = 3)
class ImportFlaskappLabTest {
    static final String ADMIN_PW = "imp-admin-pw-51c0";
    static final String APP_PW = "imp-flask-pw-9d2e";

    @RegisterExtension
    static final PgLab pg = new PgLab().admin(ADMIN_PW).secret("FLASKAPP_DB_PASSWORD", APP_PW).web(2).web(3);

    private static final Pattern SECRET = Pattern.compile("\\$\\{secret\\.([a-z0-9_]+)}");

    @Test
    void theSeedImportsIntoAFileWhosePlanIsEmptyOnEveryHost() throws Exception {
        Workspace ws = pg.ws();
        Path root = pg.lab().projectRoot();
        ws.usePlaybook(root.resolve("playbooks/flaskapp.yml"));
        ws.converge();

        Path imported = ws.dir().resolve("imported.yml");
        Cli.Result r = Cli.run(Map.of(), "import", "-i", ws.inventoryFile().toString(), "--hosts", "all",
                "--kinds", "postgres,files:/etc/flask,files:/srv/myapp,services:myapp",
                "--migrations", "flaskapp_prod=" + root.resolve("playbooks/migrations/flaskapp"),
                "-o", imported.toString(), "-q");
        assertThat(r.exit()).as("%s", r).isZero();
        String text = Files.readString(imported);
        assertThat(text + r.all()).doesNotContain(ADMIN_PW, APP_PW, "SCRAM-SHA-256$");

        Map<String, Object> doc = new Yaml().load(text);
        List<Map<String, Object>> plays = (List<Map<String, Object>>) doc.get("plays");
        assertThat(plays).extracting(p -> p.get("hosts")).containsExactly("db", "web");
        assertThat(plays.get(0)).containsOnlyKeys("hosts", "postgres");
        assertThat(plays.get(1)).containsOnlyKeys("hosts", "files", "services");
        assertThat(r.err()).contains("Imported 3 hosts into 2 plays.", "host1: no files:/etc/flask there");

        // Each secret's variable set to the live value it stands for.
        String url = "postgresql://flaskapp:" + APP_PW + "@" + pg.lab().host(1).address() + ":5432/flaskapp_prod";
        Map<String, String> live = Map.of("DATABASE_URL", url, "FLASK_ENV", "production");
        Map<String, String> env = new LinkedHashMap<>(pg.env());
        Map<String, Map<String, String>> secrets = (Map<String, Map<String, String>>) doc.get("secrets");
        secrets.forEach((name, how) -> {
            String variable = how.get("env");
            if (name.equals("postgres_admin_password")) {
                env.put(variable, ADMIN_PW);
            } else if (name.equals("flaskapp_password")) {
                env.put(variable, APP_PW);
            }
        });
        Map<String, Object> envFile = ((List<Map<String, Object>>) plays.get(1).get("files")).stream()
                .filter(f -> f.get("path").equals("/etc/flask/myapp.env")).findFirst().orElseThrow();
        ((Map<String, String>) envFile.get("env")).forEach((key, template) -> {
            Matcher m = SECRET.matcher(template);
            if (m.find()) {
                String value = live.get(key);
                String stands = value.substring(m.start(), value.length() - (template.length() - m.end()));
                env.put(secrets.get(m.group(1)).get("env"), stands);
            }
        });
        assertThat(env.keySet()).containsAll(secrets.values().stream().map(s -> s.get("env")).toList());

        Cli.Result valid = Cli.run(env, "validate", imported.toString(), "-i", ws.inventoryFile().toString());
        assertThat(valid.exit()).as("%s", valid).isZero();
        Cli.Result plan = Cli.run(env, "plan", imported.toString(), "-i", ws.inventoryFile().toString(), "-q");
        assertThat(plan.exit()).as("the plan of the imported file is empty on every host: %s", plan).isZero();
        assertThat(plan.out()).contains("Plan: 0 to create, 0 to update, 0 to delete, 0 restarts on 3 hosts");
        assertThat(plan.all()).doesNotContain(ADMIN_PW, APP_PW);

        // Without the variables, validation names each missing one and nothing else.
        Cli.Result missing = Cli.run(Map.of(), "validate", imported.toString(), "-i", ws.inventoryFile().toString());
        assertThat(missing.exit()).isEqualTo(1);
        assertThat(missing.err()).contains(secrets.size() + " problems found.");
        secrets.values().forEach(s -> assertThat(missing.err()).contains(s.get("env")));

        // A scope no host has is an error (one host without it was a note, above).
        Cli.Result nowhere = Cli.run(Map.of(), "import", "-i", ws.inventoryFile().toString(), "--hosts", "web",
                "--kinds", "files:/etc/nosuch-plumb", "-q");
        assertThat(nowhere.exit()).isEqualTo(1);
        assertThat(nowhere.err()).contains("files:/etc/nosuch-plumb exists on none of the hosts", "nothing was written");

        // import never overwrites a file.
        Cli.Result again = Cli.run(Map.of(), "import", "-i", ws.inventoryFile().toString(), "--hosts", "db",
                "-o", imported.toString(), "-q");
        assertThat(again.exit()).isEqualTo(1);
        assertThat(again.err()).contains("already exists");
        assertThat(Files.readString(imported)).isEqualTo(text);
    }
}
