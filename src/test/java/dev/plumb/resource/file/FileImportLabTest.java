package dev.plumb.resource.file;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.plumb.cli.Cli;
import dev.plumb.cli.Workspace;
import dev.plumb.lab.Lab;
import dev.plumb.lab.LabHost;
import dev.plumb.lab.LabHosts;
import dev.plumb.resource.Imported;
import dev.plumb.resource.ImportedSecret;
import dev.plumb.resource.Importer;

/**
 * The files importer against real hosts: what it reads from a hand-written directory plans empty
 * (the round trip), with no secret value in anything it says; two hosts prepared alike give equal
 * values and secret names; links are not followed; bad input gives one clear problem.
 */
@LabHosts(count = 2)
class FileImportLabTest {
    /** Live secret values the directory holds, by the variable the import should ask for. */
    private static final Map<String, String> SECRETS = Map.of(
            "APP_ENV_DATABASE_URL", "pw-URL-9f3e",
            "APP_ENV_API_TOKEN", "tok-77aa-Q",
            "SERVER_KEY", "-----BEGIN KEY-----\nKEYDATA-c0ffee\n-----END KEY-----",
            "NESTED_INI_DB_PASSWORD", "hunter2-xyz",
            "NESTED_INI_MIRROR", "urlpw-5521");

    private final Lab lab;
    private final Importer importer = new FileKind().importer().orElseThrow();
    private Workspace ws;
    private String dir;

    FileImportLabTest(Lab lab) {
        this.lab = lab;
    }

    @BeforeEach
    void setUp(@TempDir Path tmp) {
        ws = new Workspace(lab, tmp);
        dir = "/srv/plumbtest/import-" + System.nanoTime();
        SECRETS.forEach(ws::env);
    }

    @AfterEach
    void clean() {
        for (LabHost h : lab.hosts().subList(0, 2)) {
            lab.ssh(h, "rm -rf " + dir + " " + dir + "-*");
        }
    }

    /** The same directory on {@code host}: env file, config with ${HOME}, a 0600 key, a nested ini, a link. */
    private void prepare(LabHost host) {
        lab.ssh(host, ("""
                set -e
                mkdir -p @D@/sub
                printf '%s\\n' 'DATABASE_URL=postgresql://flaskapp:pw-URL-9f3e@db1:5432/flaskapp_prod' \\
                  'API_TOKEN=tok-77aa-Q' 'FLASK_ENV=production' 'GREETING="hello world \\$HOME"' > @D@/app.env
                printf '[server]\\nport = 8000\\ndata = ${HOME}/data\\n' > @D@/app.conf
                chown deploy:deploy @D@/app.conf; chmod 0640 @D@/app.conf
                printf -- '-----BEGIN KEY-----\\nKEYDATA-c0ffee\\n-----END KEY-----\\n' > @D@/server.key
                chmod 0600 @D@/server.key
                printf 'db_password = hunter2-xyz\\nmirror: https://me:urlpw-5521@mirror.example/x\\n' > @D@/sub/nested.ini
                chgrp deploy @D@/sub/nested.ini; chmod 4755 @D@/sub/nested.ini
                ln -s app.conf @D@/link.conf
                ln -s /etc/shadow @D@/sub/shadow
                """).replace("@D@", dir)).orThrow();
    }

    @Test
    void aHandWrittenDirectoryImportsAndPlansEmpty() throws Exception {
        LabHost h1 = lab.host(1);
        prepare(h1);
        Imported imported = ImportHarness.run(lab, h1, importer, List.of(dir), false);
        assertThat(imported.problems()).isEmpty();
        assertThat(imported.notes()).anyMatch(n -> n.contains(dir + "/link.conf") && n.contains("symbolic link"))
                .anyMatch(n -> n.contains(dir + "/sub/shadow"));
        assertThat(imported.secrets()).extracting(ImportedSecret::variable)
                .containsExactlyInAnyOrderElementsOf(SECRETS.keySet());

        @SuppressWarnings("unchecked")
        List<Map<String, Object>> files = (List<Map<String, Object>>) imported.value();
        assertThat(files).extracting(f -> f.get("path")).containsExactly(dir + "/app.conf", dir + "/app.env",
                dir + "/server.key", dir + "/sub/nested.ini");
        Map<String, Object> env = files.get(1);
        assertThat(env).containsOnlyKeys("path", "env");
        assertThat(env.get("env")).isEqualTo(Map.of(
                "DATABASE_URL", "postgresql://flaskapp:${secret.app_env_database_url}@db1:5432/flaskapp_prod",
                "API_TOKEN", "${secret.app_env_api_token}", "FLASK_ENV", "production",
                "GREETING", "hello world $HOME"));
        assertThat(files.get(0)).containsEntry("owner", "deploy").containsEntry("group", "deploy")
                .containsEntry("mode", "0640").containsEntry("content", "[server]\nport = 8000\ndata = $${HOME}/data\n");
        assertThat(files.get(2)).containsEntry("mode", "0600").containsEntry("content", "${secret.server_key}\n")
                .doesNotContainKeys("owner", "group");
        assertThat(files.get(3)).containsEntry("mode", "4755").containsEntry("group", "deploy")
                .containsEntry("content", "db_password = ${secret.nested_ini_db_password}\n"
                        + "mirror: https://me:${secret.nested_ini_mirror}@mirror.example/x\n");

        String yaml = ImportHarness.playbook(imported.secrets(), h1.name(), imported.value(), null);
        assertNoSecretIn(ImportHarness.said(imported, yaml));
        ws.playbook(yaml);
        Cli.Result plan = ws.plumb("plan");
        assertThat(plan.exit()).as("%s\n%s", yaml, plan).isZero();
        assertNoSecretIn(plan.all());

        // The round trip can fail: a changed secret makes the plan show a change.
        ws.env("APP_ENV_API_TOKEN", "another");
        assertThat(ws.plumb("plan").exit()).isEqualTo(2);
    }

    @Test
    void twoHostsPreparedAlikeImportAlikeAndPlanEmptyAsOnePlay() throws Exception {
        prepare(lab.host(1));
        prepare(lab.host(2));
        Imported one = ImportHarness.run(lab, lab.host(1), importer, List.of(dir), false);
        Imported two = ImportHarness.run(lab, lab.host(2), importer, List.of(dir), false);
        assertThat(two.value()).isEqualTo(one.value());
        assertThat(two.secrets()).extracting(ImportedSecret::name)
                .containsExactlyElementsOf(one.secrets().stream().map(ImportedSecret::name).toList());
        assertThat(two.secrets()).extracting(ImportedSecret::sameAs)
                .containsExactlyElementsOf(one.secrets().stream().map(ImportedSecret::sameAs).toList());
        ws.playbook(ImportHarness.playbook(one.secrets(), "web", one.value(), null));
        Cli.Result plan = ws.plumb("plan");
        assertThat(plan.exit()).as("%s", plan).isZero();
    }

    @Test
    void theExclusiveFormRoundTripsAndRemovesWhatAppearsLater() throws Exception {
        LabHost h1 = lab.host(1);
        prepare(h1);
        Imported imported = ImportHarness.run(lab, h1, importer, List.of(dir + "/"), true);
        assertThat(imported.problems()).isEmpty();
        assertThat(imported.value()).isInstanceOf(Map.class);
        @SuppressWarnings("unchecked")
        Map<String, Object> form = (Map<String, Object>) imported.value();
        assertThat(form).containsEntry("exclusive", true).containsKey("items");
        ws.inventory(List.of(h1), "root", "none", lab.knownHosts());
        ws.playbook(ImportHarness.playbook(imported.secrets(), "web", imported.value(), null));
        Cli.Result plan = ws.plumb("plan");
        assertThat(plan.exit()).as("%s", plan).isZero();

        lab.ssh(h1, "echo new > " + dir + "/sub/new.txt").orThrow();
        plan = ws.plumb("plan");
        assertThat(plan.exit()).as("%s", plan).isEqualTo(2);
        assertThat(plan.out()).contains(dir + "/sub/new.txt");
    }

    @Test
    void aSingleFileScopeImportsThatFile() throws Exception {
        LabHost h1 = lab.host(1);
        prepare(h1);
        Imported imported = ImportHarness.run(lab, h1, importer, List.of(dir + "/app.env"), false);
        assertThat(imported.problems()).isEmpty();
        assertThat((List<?>) imported.value()).hasSize(1);
        ws.inventory(List.of(h1), "root", "none", lab.knownHosts());
        ws.playbook(ImportHarness.playbook(imported.secrets(), "web", imported.value(), null));
        assertThat(ws.plumb("plan").exit()).isZero();
    }

    @Test
    void badInputGetsOneClearProblemEach() throws Exception {
        LabHost h1 = lab.host(1);
        lab.ssh(h1, ("""
                set -e
                mkdir -p @D@-bin @D@-real @D@-many
                printf 'ok\\n' > @D@-bin/fine.txt
                printf 'caf\\351 \\377\\n' > @D@-bin/latin1.txt
                printf 'a\\000b' > @D@-bin/nul.dat
                printf 'x\\n' > @D@-real/f
                ln -s @D@-real @D@-link
                chown -h deploy @D@-link
                mkfifo @D@-bin/pipe
                for i in $(seq 1 300); do : > @D@-many/f$i; done
                """).replace("@D@", dir)).orThrow();

        Imported bin = ImportHarness.run(lab, h1, importer, List.of(dir + "-bin"), false);
        assertThat(bin.problems()).hasSize(2)
                .anyMatch(p -> p.startsWith(dir + "-bin/latin1.txt is not UTF-8 text"))
                .anyMatch(p -> p.startsWith(dir + "-bin/nul.dat holds NUL bytes"));
        assertThat(bin.notes()).anyMatch(n -> n.contains(dir + "-bin/pipe") && n.contains("named pipe"));

        Imported missing = ImportHarness.run(lab, h1, importer, List.of(dir + "-missing"), false);
        assertThat(missing.problems()).isEmpty();
        assertThat(missing.absent()).containsExactly(dir + "-missing");

        Imported link = ImportHarness.run(lab, h1, importer, List.of(dir + "-link"), false);
        assertThat(link.problems()).singleElement().asString().startsWith("cannot read " + dir + "-link: ")
                .contains("symbolic link");

        Imported many = ImportHarness.run(lab, h1, importer, List.of(dir + "-many"), false);
        assertThat(many.problems()).containsExactly(dir + "-many holds more than " + DirectoryProbe.MAX_FILES
                + " regular files; import its subdirectories one by one");
    }

    private static void assertNoSecretIn(String text) {
        for (String value : SECRETS.values()) {
            for (String line : value.split("\n")) {
                assertThat(text).doesNotContain(line);
            }
        }
    }

    static String lines(List<String> l) {
        return l.stream().collect(Collectors.joining("\n"));
    }
}
