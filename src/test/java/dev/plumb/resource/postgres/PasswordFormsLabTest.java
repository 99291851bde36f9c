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
            .secret("APP_VERIFIER", Scram.verifier(Sensitive.of(TEAM_PW)).reveal());

    private void roles(String roles) {
        pg.ws().playbook("""
                secrets:
                  admin: {env: PLUMB_PG_ADMIN_PASSWORD}
                  verifier: {env: APP_VERIFIER}
                plays:
                  - hosts: db
                    postgres:
                      admin: {password: "${secret.admin}"}
                      roles:
                """ + roles.indent(8));
    }

    private String login(String password) {
        return pg.ssh("PGPASSWORD='" + password + "' psql -X -A -t 'postgresql://pw_app@127.0.0.1:5432/postgres'"
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
}
