package dev.plumb.check;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.plumb.cli.Cli;
import dev.plumb.lab.LabHost;
import dev.plumb.lab.LabHosts;
import dev.plumb.lab.PgLab;

/**
 * plumb verify on the seed (playbooks/flaskapp.yml, host1 the database, host2 the app): green after
 * apply --verify, then each of the guide's common causes made by hand, verify failing for the
 * right reason with the expected diagnosis, and apply (or a restart) repairing it. One setup for
 * the whole sequence: each break starts from a converged, verified lab.
 */
@LabHosts(count = 2)
class VerifyLabTest {
    static final String ADMIN_PW = "lab-admin-pw-9c1e";
    static final String APP_PW = "flask-pw-77aa";

    @RegisterExtension
    static final PgLab pg = new PgLab().admin(ADMIN_PW).secret("FLASKAPP_DB_PASSWORD", APP_PW).web(2);

    private static void assertNoSecret(String text) {
        assertThat(text).doesNotContain(ADMIN_PW).doesNotContain(APP_PW).doesNotContain("SCRAM-SHA-256$");
    }

    private Cli.Result verify(String... more) {
        Cli.Result r = pg.ws().plumb("verify", more);
        assertNoSecret(r.all());
        return r;
    }

    private Cli.Result failing(String... expected) {
        Cli.Result r = verify();
        assertThat(r.exit()).as("%s", r).isEqualTo(1);
        assertThat(r.out()).as("%s", r).contains(expected);
        return r;
    }

    private void green() {
        Cli.Result r = verify();
        assertThat(r.exit()).as("%s", r).isZero();
        assertThat(r.out()).contains("Verify passed: 7 passed, 0 failed on 2 hosts.");
    }

    private LabHost web() {
        return pg.lab().host(2);
    }

    private String onWeb(String command) {
        return pg.lab().ssh(web(), command, Duration.ofSeconds(60)).orThrow().out();
    }

    private void repair() {
        Cli.Result r = pg.ws().plumb("apply", "--verify");
        assertNoSecret(r.all());
        assertThat(r.exit()).as("%s", r).isZero();
    }

    /** Repairs the database side, then restarts the app so that its journal starts clean, as the guide does. */
    private void repairDb() {
        Cli.Result r = pg.ws().plumb("apply");
        assertNoSecret(r.all());
        assertThat(r.exit()).as("%s", r).isZero();
        onWeb("systemctl restart myapp");
        green();
    }

    private Path playbook(String flaskEnv) throws IOException {
        Path root = pg.lab().projectRoot().resolve("playbooks");
        String subnet = pg.host().address().replaceFirst("\\.\\d+$", ".0/24");
        // Gunicorn halting on a worker that failed to boot can race with reaping its workers and then wait out
        // its graceful timeout (30 s) before it exits: the crash loop below would take 30 s longer now and then.
        String text = Files.readString(root.resolve("flaskapp.yml"))
                .replace("app_network: 198.18.0.0/24", "app_network: " + subnet)
                .replaceFirst("(?m)^( +)FLASK_ENV: production$",
                        "$1FLASK_ENV: " + flaskEnv + "\n$1GUNICORN_CMD_ARGS: --graceful-timeout 2");
        assertThat(text).contains("FLASK_ENV: " + flaskEnv + "\n", "app_network: " + subnet);
        return pg.ws().write("flaskapp.yml", text);
    }

    /** Removes the seed's app from a web host: a fresh host again, as far as the seed is concerned. */
    static final String CLEAN = "systemctl stop myapp 2>/dev/null; systemctl disable myapp 2>/dev/null;"
            + " rm -rf /etc/systemd/system/myapp.service /etc/flask /srv/myapp; systemctl daemon-reload;"
            + " systemctl reset-failed 2>/dev/null; true";

    @Test
    void theSeedVerifiesGreenAndEachCommonCauseFailsWithItsDiagnosis() throws Exception {
        onWeb(CLEAN);
        try {
            sequence();
        } finally {
            onWeb(CLEAN);
        }
    }

    private void sequence() throws Exception {
        pg.ws().copy(pg.lab().projectRoot().resolve("playbooks/app"), "app");
        Path migrations = pg.ws().copy(pg.lab().projectRoot().resolve("playbooks/migrations"), "migrations");
        pg.ws().usePlaybook(playbook("production"));

        // apply --verify on fresh hosts: green; no secret in any process's argv meanwhile, on either host: both
        // are watched side by side (ps every 0.1 s) from before the apply until the verifies after it are done.
        String stop = "/run/plumb-verify-ps-stop-" + System.nanoTime();
        String watch = "for i in $(seq 1200); do ps -eo args; [ -e " + stop + " ] && break; sleep 0.1; done;"
                + " rm -f " + stop;
        CompletableFuture<String> psWeb = CompletableFuture.supplyAsync(
                () -> pg.lab().ssh(web(), watch, Duration.ofSeconds(300)).orThrow().out());
        CompletableFuture<String> psDb = CompletableFuture.supplyAsync(
                () -> pg.lab().ssh(pg.host(), watch, Duration.ofSeconds(300)).orThrow().out());
        try {
            Cli.Result first = pg.ws().plumb("apply", "--verify");
            assertNoSecret(first.all());
            assertThat(first.exit()).as("%s", first).isZero();
            assertThat(first.out()).contains("✓ postgres_login", "✓ service_env", "✓ http", "✓ listening",
                    "✓ unit_healthy", "✓ migrations_applied", "Verify passed: 7 passed, 0 failed on 2 hosts.");
            Cli.Result json = verify("--json");
            assertThat(json.exit()).isZero();
            assertThat(json.out()).contains("\"document\": \"verify\"", "\"ok\": true");
            assertThat(verify("--format", "markdown").out()).contains("### Verify: Verify passed");
        } finally {
            CompletableFuture<?> stopWeb = CompletableFuture.runAsync(() -> onWeb("touch " + stop));
            pg.ssh("touch " + stop).orThrow();
            stopWeb.get();
        }
        String seenWeb = psWeb.get();
        String seenDb = psDb.get();
        // Both watched through the apply: the web host's saw the service it started, and each took many snapshots.
        assertThat(seenWeb).contains("gunicorn");
        assertThat(seenWeb.split("\nCOMMAND\n", -1).length).isGreaterThan(20);
        assertThat(seenDb.split("\nCOMMAND\n", -1).length).isGreaterThan(20);
        assertNoSecret(seenWeb + seenDb);

        // A changed password: the stored verifier is not the declared password's.
        pg.psql("postgres", "ALTER ROLE flaskapp PASSWORD 'changed-by-hand'");
        failing("✗ postgres_login", "password authentication failed for user \"flaskapp\"",
                "cause: role flaskapp's password on host1 differs from the declared one");
        repairDb();

        // A removed hba rule: no entry for the app host, and the declared rule is named.
        String net = pg.lab().network().replaceFirst("0/24$", "").replace(".", "\\.");
        pg.ssh("sed -i '/^host.*flaskapp_prod.*flaskapp.*" + net + "/d' /etc/postgresql/15/main/pg_hba.conf"
                + " && cd / && runuser -u postgres -- psql -q -c 'SELECT pg_reload_conf()'").orThrow();
        failing("no pg_hba.conf entry for host \"" + web().address() + "\"",
                "cause: pg_hba.conf on host1 has no rule for flaskapp to flaskapp_prod from " + web().address()
                        + ": the declared rule host flaskapp_prod flaskapp", "is missing from it");
        repairDb();

        // listen_addresses back to localhost: connection refused, with what the server listens on.
        pg.ssh("cd / && runuser -u postgres -- psql -q -c 'ALTER SYSTEM RESET listen_addresses'"
                + " && systemctl restart postgresql@15-main").orThrow();
        failing("Connection refused", "cause: PostgreSQL on host1 is not listening on " + pg.host().address()
                + ":5432 (listen_addresses = 'localhost')", "ss -ltn on host1: LISTEN");
        repairDb();

        // A missing migration: pending, by name.
        Files.writeString(migrations.resolve("flaskapp/V3__note_titles.sql"), "ALTER TABLE notes ADD COLUMN title text;\n");
        failing("✗ migrations_applied", "flaskapp_prod: 1 pending (V3__note_titles.sql)");
        Files.delete(migrations.resolve("flaskapp/V3__note_titles.sql"));
        green();

        // A stopped service.
        onWeb("systemctl stop myapp");
        failing("✗ unit_healthy", "myapp.service is inactive", "cause: myapp.service is not running",
                "✗ http", "✗ service_env");
        repair();

        // A service started without its env file.
        onWeb("sed -i '/^EnvironmentFile=/d' /etc/systemd/system/myapp.service && systemctl daemon-reload"
                + " && systemctl restart myapp");
        failing("✗ service_env", "DATABASE_URL is not set",
                "cause: myapp.service does not load /etc/flask/myapp.env (no EnvironmentFile= for it in the unit)");
        repair();

        // A changed env value without a restart: the file is newer than the service.
        pg.ws().usePlaybook(playbook("staging"));
        onWeb("sleep 1 && sed -i 's/^FLASK_ENV=production$/FLASK_ENV=staging/' /etc/flask/myapp.env");
        failing("FLASK_ENV is 'production', declared 'staging'",
                "cause: myapp.service was not restarted after /etc/flask/myapp.env changed");
        onWeb("systemctl restart myapp");
        pg.ws().usePlaybook(playbook("production"));
        repair();

        // A port bound to 0.0.0.0 instead of 127.0.0.1.
        onWeb("sed -i 's/--bind 127.0.0.1:8000/--bind 0.0.0.0:8000/' /etc/systemd/system/myapp.service"
                + " && systemctl daemon-reload && systemctl restart myapp");
        failing("✗ listening", "also on 0.0.0.0 (every address)",
                "cause: port 8000 is bound to every address, not only 127.0.0.1", "gunicorn");
        repair();

        // A crash-looping service: the app fails at import; the unit ends failed, with its journal.
        onWeb("printf 'raise RuntimeError(\"boom at import\")\\n' > /srv/myapp/wsgi.py && systemctl restart myapp");
        // Until systemd gave up on it, or it has restarted a few times (slow boots on a busy machine may never
        // reach the start limit): either way it is crash-looping.
        onWeb("for i in $(seq 180); do [ \"$(systemctl is-active myapp)\" = failed ] && break;"
                + " [ \"$(systemctl show -p NRestarts --value myapp)\" -ge 5 ] && break; sleep 0.5; done");
        Cli.Result crash = failing("✗ unit_healthy", "cause: myapp.service");
        assertThat(crash.out()).containsPattern("(failed; its last journal lines say why|is crash-looping)");
        // The journal's last lines hold the app's own error, or gunicorn's report of it when the master's
        // traceback pushes the worker's out of the last 20 lines.
        assertThat(crash.out()).containsPattern("boom at import|Worker failed to boot");
        onWeb("systemctl reset-failed myapp || true");
        repair(); // the restart by apply starts the count afresh
        green();
    }
}
