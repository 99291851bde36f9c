package dev.plumb.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.plumb.lab.LabHost;
import dev.plumb.lab.LabHosts;
import dev.plumb.lab.PgLab;

/**
 * {@code drift --adopt} on lab hosts: after a hand edit of a role setting and of an env value,
 * the patch (and {@code --write}) changes exactly those two lines of the playbook, every other
 * byte stays, and the next plan is empty.
 */
@LabHosts(count = 3)
class AdoptLabTest {
    static final String ADMIN_PW = "adopt-admin-pw-2b7c";

    @RegisterExtension
    static final PgLab pg = new PgLab().admin(ADMIN_PW).web(2);

    @Test
    void aHandEditedRoleSettingAndEnvValueAreWrittenBackIntoThePlaybook() throws Exception {
        Workspace ws = pg.ws();
        LabHost web = pg.lab().host(2);
        String env = "/srv/plumbtest/adopt-" + System.nanoTime() + ".env";
        Path playbook = ws.playbook("""
                # Adopt: hand edits written back.
                secrets:
                  admin: {env: PLUMB_PG_ADMIN_PASSWORD}
                plays:
                  - hosts: db
                    postgres:
                      admin: {password: "${secret.admin}"}   # the server's admin
                      roles:
                        - name: adopt_app        # the app's role
                          login: false
                          settings:
                            work_mem: 4MB        # per sort
                            timezone: UTC
                  - hosts: web
                    files:
                      - path: %s
                        env:
                          LOG_LEVEL: info      # how chatty
                          WORKERS: "3"
                """.formatted(env));
        ws.converge();
        String before = Files.readString(playbook);

        pg.psql("postgres", "ALTER ROLE adopt_app SET work_mem = '64MB';");
        assertThat(pg.lab().ssh(web, "grep -c '^LOG_LEVEL=info$' " + env).orThrow().out()).isEqualTo("1");
        pg.lab().ssh(web, "sed -i 's/^LOG_LEVEL=info$/LOG_LEVEL=debug/' " + env).orThrow();
        assertThat(ws.plumb("drift").exit()).isEqualTo(2);

        Cli.Result patch = ws.plumb("drift", "--adopt");
        assertThat(patch.exit()).as("%s", patch).isZero();
        assertThat(patch.out()).contains("-            work_mem: 4MB        # per sort",
                "+            work_mem: 64MB        # per sort", "-          LOG_LEVEL: info      # how chatty",
                "+          LOG_LEVEL: debug      # how chatty");
        assertThat(Files.readString(playbook)).as("without --write the playbook is left alone").isEqualTo(before);
        assertThat(patch.all()).doesNotContain(ADMIN_PW);

        Cli.Result wrote = ws.plumb("drift", "--adopt", "--write");
        assertThat(wrote.exit()).as("%s", wrote).isZero();
        List<String> old = before.lines().toList();
        List<String> now = Files.readString(playbook).lines().toList();
        assertThat(now).hasSameSizeAs(old);
        List<Integer> changed = new ArrayList<>();
        for (int i = 0; i < old.size(); i++) {
            if (!old.get(i).equals(now.get(i))) {
                changed.add(i);
            }
        }
        assertThat(changed).extracting(now::get).containsExactly("            work_mem: 64MB        # per sort",
                "          LOG_LEVEL: debug      # how chatty");

        assertThat(ws.plumb("plan").exit()).as("after adopting, the plan is empty").isZero();
        assertThat(ws.plumb("drift").exit()).isZero();
        Cli.Result none = ws.plumb("drift", "--adopt");
        assertThat(none.exit()).isZero();
        assertThat(none.err()).contains("No drift: nothing to adopt.");
        pg.lab().ssh(web, "rm -f " + env);
    }
}
