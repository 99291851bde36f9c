package dev.plumb.resource.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.plumb.cli.Cli;
import dev.plumb.lab.LabHosts;
import dev.plumb.lab.PgLab;
import dev.plumb.model.Sensitive;

/**
 * Issue 14, class 6 on a lab server: a password given as a SCRAM verifier is stored as it is (the
 * role logs in with the password behind it, and the next plan is empty); {@code password: null}
 * removes a password, is then no change, and a password set by hand is drift.
 */
@LabHosts(count = 3)
class PasswordFormsLabTest {
    static final String ADMIN_PW = "pwforms-admin-8e1d";
    static final String TEAM_PW = "team-only-pw-5a7c";

    @RegisterExtension
    static final PgLab pg = new PgLab().admin(ADMIN_PW)
            .secret("APP_VERIFIER", Scram.verifier(Sensitive.of(TEAM_PW)).reveal())
            .secret("SHORT_PW", "ro");

    private void roles(String roles) {
        pg.ws().playbook("""
                secrets:
                  admin: {env: PLUMB_PG_ADMIN_PASSWORD}
                  verifier: {env: APP_VERIFIER}
                  short: {env: SHORT_PW}
                plays:
                  - hosts: db
                    postgres:
                      admin: {password: "${secret.admin}"}
                      roles:
                """ + roles.indent(8));
    }

    private String login(String password) {
        return login("pw_app", password);
    }

    private String login(String role, String password) {
        return pg.ssh("PGPASSWORD='" + password + "' psql -X -A -t 'postgresql://" + role + "@127.0.0.1:5432/postgres'"
                + " -c 'SELECT current_user' 2>&1").out();
    }

    @Test
    void aVerifierIsStoredAsItIsAndPasswordNullRemovesAPassword() {
        roles("- {name: pw_app, login: true, password: \"${secret.verifier}\"}");
        Cli.Result apply = pg.ws().converge();
        assertThat(apply.all()).doesNotContain(TEAM_PW, "SCRAM-SHA-256$");
        assertThat(login(TEAM_PW)).isEqualTo("pw_app");

        roles("- {name: pw_app, login: true, password: null}");
        Cli.Result plan = pg.ws().plumb("plan");
        assertThat(plan.exit()).as("%s", plan).isEqualTo(2);
        assertThat(plan.out()).contains("password: (sensitive) → (none)");
        pg.ws().converge();
        assertThat(pg.psql("postgres", "SELECT rolpassword IS NULL FROM pg_authid WHERE rolname = 'pw_app'"))
                .isEqualTo("t");

        pg.psql("postgres", "ALTER ROLE pw_app PASSWORD 'set-by-hand-1'");
        Cli.Result drift = pg.ws().plumb("drift");
        assertThat(drift.exit()).as("%s", drift).isEqualTo(2);
        assertThat(drift.out()).contains("password: (sensitive) → (none)").doesNotContain("set-by-hand-1");
        pg.ws().converge();
    }

    /**
     * Class 12: a two-character password ("ro") that also occurs inside the role's name and in
     * the words around it. The messages keep every word whole (no "(sensitive)_app" or
     * "(sensitive)le"), validate warns of the short secret, and the role logs in with it.
     */
    @Test
    void aShortSecretDoesNotGarbleTheMessagesAndIsWarnedOf() {
        pg.psql("postgres", "CREATE ROLE ro_app LOGIN PASSWORD 'set-by-hand-2'");
        roles("- {name: ro_app, login: true, password: \"${secret.short}\"}");

        Cli.Result validate = Cli.run(pg.env(), "validate", pg.ws().dir().resolve("playbook.yml").toString(),
                "-i", pg.ws().inventoryFile().toString());
        assertThat(validate.exit()).as("%s", validate).isZero();
        assertThat(validate.err()).contains("warning: secret 'short' is shorter than 8 characters");

        Cli.Result plan = pg.ws().plumb("plan");
        assertThat(plan.exit()).as("%s", plan).isEqualTo(2);
        assertThat(plan.out()).contains("ro_app", "password: (sensitive) → (sensitive)")
                .doesNotContain("(sensitive)_app", "(sensitive)le", "set-by-hand-2");

        Cli.Result apply = pg.ws().converge();
        assertThat(apply.all()).contains("ro_app").doesNotContain("(sensitive)_app", "set-by-hand-2");
        assertThat(login("ro_app", "ro")).isEqualTo("ro_app");
    }
}
