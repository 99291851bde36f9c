package dev.plumb.check;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.plumb.cli.Cli;
import dev.plumb.lab.LabHost;
import dev.plumb.lab.LabHosts;
import dev.plumb.lab.PgLab;

/**
 * The seed end to end, as {@code bin/demo} runs it: playbooks/flaskapp.yml on a fresh database
 * host (host1) and a fresh app host (host2) plans every change, applies, plans empty, serves the
 * app through PostgreSQL, reports a hand edit as drift and is repaired by apply. {@code mvn
 * verify} runs it on both lab backends (nspawn, and docker in the {@code docker-lab} execution).
 */
@LabHosts(count = 2)
class SeedLabTest {
    static final String ADMIN_PW = "lab-admin-pw-51d0";
    static final String APP_PW = "flask-pw-e2e-93b7";

    @RegisterExtension
    static final PgLab pg = new PgLab().admin(ADMIN_PW).secret("FLASKAPP_DB_PASSWORD", APP_PW).web(2);

    private static final String CLEAN = VerifyLabTest.CLEAN;

    private static Cli.Result plumb(String command, String... more) {
        Cli.Result r = pg.ws().plumb(command, more);
        assertThat(r.all()).doesNotContain(ADMIN_PW).doesNotContain(APP_PW).doesNotContain("SCRAM-SHA-256$");
        return r;
    }

    private static LabHost web() {
        return pg.lab().host(2);
    }

    private static String onWeb(String command) {
        return pg.lab().ssh(web(), command, Duration.ofSeconds(60)).orThrow().out();
    }

    @AfterEach
    void clean() {
        onWeb(CLEAN);
    }

    @Test
    void theSeedPlansAppliesServesTheAppAndReportsAHandEditAsDrift() throws IOException {
        onWeb(CLEAN);
        Path playbooks = pg.lab().projectRoot().resolve("playbooks");
        pg.ws().copy(playbooks.resolve("app"), "app");
        pg.ws().copy(playbooks.resolve("migrations"), "migrations");
        // The web hosts connect to the database from the lab's subnet.
        pg.ws().usePlaybook(pg.ws().write("flaskapp.yml", Files.readString(playbooks.resolve("flaskapp.yml"))
                .replace("app_network: 198.18.0.0/24", "app_network: " + pg.lab().network())));

        Cli.Result plan = plumb("plan");
        assertThat(plan.exit()).as("%s", plan).isEqualTo(2);
        assertThat(plan.out()).contains("host1", "+ postgres/role flaskapp", "+ postgres/database flaskapp_prod",
                "+ postgres/hba host:flaskapp_prod:flaskapp:" + pg.lab().network(), "host2",
                "+ file /etc/flask/myapp.env", "+ service myapp");

        Cli.Result apply = plumb("apply");
        assertThat(apply.exit()).as("%s", apply).isZero();
        Cli.Result again = plumb("plan");
        assertThat(again.exit()).as("a second plan is empty: %s", again).isZero();

        // The app answers, logged in to host1's PostgreSQL over the lab network as flaskapp.
        assertThat(onWeb("curl -fsS --retry 20 --retry-delay 1 --retry-all-errors http://127.0.0.1:8000/health"))
                .contains("\"user\"", "flaskapp");

        onWeb("sed -i 's/^FLASK_ENV=.*/FLASK_ENV=development/' /etc/flask/myapp.env");
        Cli.Result drift = plumb("drift");
        assertThat(drift.exit()).as("%s", drift).isEqualTo(2);
        assertThat(drift.out()).contains("host2", "/etc/flask/myapp.env");

        Cli.Result repair = plumb("apply");
        assertThat(repair.exit()).as("%s", repair).isZero();
        assertThat(plumb("plan").exit()).isZero();
        assertThat(onWeb("grep ^FLASK_ENV= /etc/flask/myapp.env")).isEqualTo("FLASK_ENV=production");
    }
}
