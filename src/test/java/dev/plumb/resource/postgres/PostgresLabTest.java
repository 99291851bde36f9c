package dev.plumb.resource.postgres;

import static dev.plumb.shell.Shell.quote;
import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.plumb.config.Config;
import dev.plumb.config.Desired;
import dev.plumb.config.HostDesired;
import dev.plumb.config.Loaded;
import dev.plumb.lab.LabHosts;
import dev.plumb.lab.PgLab;
import dev.plumb.model.Presence;
import dev.plumb.model.Sensitive;
import dev.plumb.plan.HostPlan;
import dev.plumb.plan.Plan;
import dev.plumb.plan.TextRenderer;
import dev.plumb.transport.jdbc.Endpoint;
import dev.plumb.transport.jdbc.PgConnector;
import dev.plumb.transport.jdbc.PgException;
import dev.plumb.transport.jdbc.PgLink;
import dev.plumb.transport.ssh.Forward;
import dev.plumb.transport.ssh.SshSession;

/**
 * The PostgreSQL core against host1's real server (group db), reached over SSH and the tunnel
 * to its 127.0.0.1:5432: from the fresh Debian state where only peer authentication works,
 * through the seed playbook, drift and repair. Every test starts from and returns to that fresh
 * state (no plumb objects, no admin password, no managed pg_hba block, listen_addresses reset).
 */
@LabHosts(count = 3)
class PostgresLabTest {
    static final String ADMIN_PW = "lab-admin 'pw' $(nope)";
    static final String APP_PW = "flask-pw-0451";
    static final String REPORTER = "plumb_reporter";

    @RegisterExtension
    static final PgLab pg = new PgLab().admin(ADMIN_PW).secret("FLASKAPP_DB_PASSWORD", APP_PW);

    // --- helpers ---------------------------------------------------------------------------------

    private Desired seed() {
        Loaded<Desired> loaded = Config.load(pg.lab().projectRoot().resolve("playbooks/flaskapp.yml"),
                pg.lab().inventory(), pg.env());
        assertThat(loaded.diagnostics()).isEmpty();
        return loaded.value().orElseThrow();
    }

    private static HostDesired db(Desired d) {
        return d.host("host1").orElseThrow();
    }

    private static SshSession ssh() throws Exception {
        return SshSession.open(pg.sshTarget());
    }

    private static String render(PgWork w) {
        return TextRenderer.render(new Plan(List.of(new HostPlan("host1", w.changes(),
                w.errors().isEmpty() ? Optional.empty() : Optional.of(String.join("; ", w.errors()))))));
    }

    private static List<String> labels(PgWork w) {
        return w.changes().stream().map(c -> c.action().symbol() + " " + c.label()).toList();
    }

    private static void assertNoSecret(PgWork w) {
        String shown = render(w) + w.notes() + w.steps().stream().map(s -> s.describe() + s).toList();
        assertThat(shown).doesNotContain(ADMIN_PW).doesNotContain(APP_PW).doesNotContain("SCRAM-SHA-256$");
    }

    /** Plans, applies, and checks that the next plan is empty. */
    private static PgWork converge(PgHost host, List<PostgresResource> resources) throws PgException {
        PgWork w = host.plan(resources);
        assertThat(w.errors()).as(render(w)).isEmpty();
        assertNoSecret(w);
        host.apply(w, PgApplier.Listener.NONE);
        PgWork after = host.plan(resources);
        assertThat(after.changes()).as("plan after apply must be empty:\n%s", render(after)).isEmpty();
        assertThat(after.errors()).isEmpty();
        return w;
    }

    // --- tests -----------------------------------------------------------------------------------

    @Test
    void theSeedAppliesFromAFreshServerAndTheSecondPlanIsEmpty() throws Exception {
        Desired d = seed();
        PostgresServer server = db(d).postgres().orElseThrow();
        List<PostgresResource> resources = db(d).resources(PostgresResource.class);
        try (SshSession ssh = ssh(); PgHost host = PgHost.open("host1", ssh, server, d.redactor())) {
            PgWork first = host.plan(resources);
            assertThat(first.errors()).as(render(first)).isEmpty();
            assertNoSecret(first);
            assertThat(labels(first)).as(render(first)).containsExactly(
                    "~ postgres/admin postgres",
                    "+ postgres/role flaskapp",
                    "+ postgres/database flaskapp_prod",
                    "~ postgres/schema flaskapp_prod.public",
                    "+ postgres/grant flaskapp@database:flaskapp_prod",
                    "+ postgres/hba host:flaskapp_prod:flaskapp:127.0.0.1/32",
                    "+ postgres/hba host:flaskapp_prod:flaskapp:198.18.0.0/24",
                    "~ postgres/setting listen_addresses");
            assertThat(render(first)).contains("set the admin password via the local socket",
                    "password: (sensitive)", "value: localhost → *");

            host.apply(first, PgApplier.Listener.NONE);
            PgWork second = host.plan(resources);
            assertThat(second.changes()).as(render(second)).isEmpty();
            assertThat(second.errors()).isEmpty();
            assertThat(second.notes()).isEmpty();

            // Reading is one query for the server and one for flaskapp_prod (sessions stay open).
            int before = host.roundTrips();
            assertThat(host.plan(resources).changes()).isEmpty();
            assertThat(host.roundTrips() - before).isEqualTo(2);
        }

        // The app's role logs in over TCP with its password, through the tunnel...
        try (SshSession ssh = ssh(); Forward f = Forward.open(ssh, "127.0.0.1", 5432);
             Connection c = PgConnector.connect(new Endpoint("127.0.0.1", f.localPort()), "flaskapp",
                     Sensitive.of(APP_PW), "flaskapp_prod");
             Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT current_database(), current_user")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo("flaskapp_prod");
            assertThat(rs.getString(2)).isEqualTo("flaskapp");
        }
        // ...and with psql on the host, as the seed guide checks it (psql, unlike pgjdbc, leaves the
        // role's TimeZone setting in effect).
        assertThat(pg.ssh("PGPASSWORD=" + quote(APP_PW) + " psql -X -A -t"
                + " 'postgresql://flaskapp@127.0.0.1:5432/flaskapp_prod'"
                + " -c 'SELECT current_database(), current_user, current_setting($$TimeZone$$)'")
                .orThrow().out()).isEqualTo("flaskapp_prod|flaskapp|UTC");
        // The restart the setting asked for happened; the plaintext admin password is nowhere on the host.
        assertThat(pg.psql("postgres", "SHOW listen_addresses")).isEqualTo("*");
        assertThat(pg.psql("postgres", "SELECT rolpassword LIKE 'SCRAM-SHA-256$4096:%' FROM pg_authid"
                + " WHERE rolname = 'postgres'")).isEqualTo("t");
        assertThat(pg.ssh("grep -rlF -- " + quote(ADMIN_PW) + " /etc/postgresql /var/log/postgresql"
                + " /var/lib/postgresql || true").out()).isEmpty();
    }

    @Test
    void driftIsDetectedAndRepaired() throws Exception {
        Desired d = seed();
        PostgresServer server = db(d).postgres().orElseThrow();
        List<PostgresResource> resources = new ArrayList<>(db(d).resources(PostgresResource.class));
        resources.add(new RoleSpec("host1", REPORTER, false, false, false, false, true, false, false, -1,
                Optional.empty(), Optional.empty(), Map.of(), Map.of(), List.of(), Presence.PRESENT));
        resources.add(new GrantSpec("host1", REPORTER, List.of("CONNECT"),
                new GrantTarget.OnDatabase("flaskapp_prod"), false, Presence.PRESENT));
        resources.add(new GrantSpec("host1", REPORTER, List.of("USAGE"),
                new GrantTarget.OnSchema("flaskapp_prod", "public"), false, Presence.PRESENT));
        try (SshSession ssh = ssh(); PgHost host = PgHost.open("host1", ssh, server, d.redactor())) {
            converge(host, resources);

            pg.psql("postgres", """
                    ALTER ROLE flaskapp PASSWORD 'changed-by-hand';
                    ALTER ROLE flaskapp SET timezone = 'Europe/Paris';
                    GRANT TEMPORARY ON DATABASE flaskapp_prod TO plumb_reporter;
                    ALTER DATABASE flaskapp_prod OWNER TO flaskapp;""");
            pg.psql("flaskapp_prod", "REVOKE USAGE ON SCHEMA public FROM plumb_reporter;");
            pg.ssh("cd / && hba=$(runuser -u postgres -- psql -X -A -t -c 'SHOW hba_file') && sed -i"
                    + " 's#^\\(host  *flaskapp_prod  *flaskapp  *127\\.0\\.0\\.1/32  *\\)scram-sha-256$#\\1trust#'"
                    + " \"$hba\" && grep -q 'flaskapp  *127.0.0.1/32  *trust$' \"$hba\"").orThrow();

            PgWork drift = host.plan(resources);
            assertNoSecret(drift);
            String shown = render(drift);
            assertThat(labels(drift)).as(shown).containsExactlyInAnyOrder(
                    "~ postgres/role flaskapp",
                    "~ postgres/database flaskapp_prod",
                    // Handing the database to flaskapp folds its explicit grant into ownership.
                    "+ postgres/grant flaskapp@database:flaskapp_prod",
                    "~ postgres/grant " + REPORTER + "@database:flaskapp_prod",
                    "+ postgres/grant " + REPORTER + "@schema:flaskapp_prod.public",
                    "~ postgres/hba host:flaskapp_prod:flaskapp:127.0.0.1/32");
            assertThat(shown).contains("password: (sensitive) → (sensitive)", "setting timezone: Europe/Paris → UTC",
                    "owner: flaskapp → postgres", "privileges: CONNECT, TEMPORARY → CONNECT", "privileges: USAGE",
                    "trust → host");

            host.apply(drift, PgApplier.Listener.NONE);
            PgWork repaired = host.plan(resources);
            assertThat(repaired.changes()).as(render(repaired)).isEmpty();
        }
        assertThat(pg.ssh("PGPASSWORD=" + quote(APP_PW) + " psql -X -A -t"
                + " 'postgresql://flaskapp@127.0.0.1:5432/flaskapp_prod' -c 'SHOW TimeZone'").orThrow().out())
                .isEqualTo("UTC");
    }

    @Test
    void reapplyingTheSamePasswordNeverShowsAChange() throws Exception {
        Desired d = seed();
        PostgresServer server = db(d).postgres().orElseThrow();
        List<PostgresResource> resources = db(d).resources(PostgresResource.class);
        try (SshSession ssh = ssh(); PgHost host = PgHost.open("host1", ssh, server, d.redactor())) {
            converge(host, resources);
        }
        for (int i = 0; i < 2; i++) {
            try (SshSession ssh = ssh(); PgHost host = PgHost.open("host1", ssh, server, d.redactor())) {
                assertThat(host.plan(resources).changes()).isEmpty();
            }
        }
        // The server hashes the same password again with a new salt: still the same password.
        pg.psql("postgres", "ALTER ROLE flaskapp PASSWORD '" + APP_PW + "';");
        try (SshSession ssh = ssh(); PgHost host = PgHost.open("host1", ssh, server, d.redactor())) {
            assertThat(host.plan(resources).changes()).isEmpty();
        }
        // Stored as md5: reported as an update to SCRAM, then never again.
        pg.psql("postgres", "SET password_encryption = 'md5';\nALTER ROLE flaskapp PASSWORD '" + APP_PW + "';");
        try (SshSession ssh = ssh(); PgHost host = PgHost.open("host1", ssh, server, d.redactor())) {
            PgWork md5 = host.plan(resources);
            assertThat(labels(md5)).containsExactly("~ postgres/role flaskapp");
            assertThat(render(md5)).contains("stored as md5; same password, stored again as SCRAM-SHA-256");
            host.apply(md5, PgApplier.Listener.NONE);
            assertThat(host.plan(resources).changes()).isEmpty();
        }
        assertThat(pg.psql("postgres", "SELECT left(rolpassword, 14) FROM pg_authid WHERE rolname = 'flaskapp'"))
                .isEqualTo("SCRAM-SHA-256$");
    }
}
