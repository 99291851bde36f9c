package dev.plumb.resource.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.plumb.cli.Cli;
import dev.plumb.lab.ExecResult;
import dev.plumb.lab.LabHosts;
import dev.plumb.lab.PgLab;

/** Exclusive scopes and the server lock, against a real PostgreSQL on host1. */
@LabHosts(count = 3)
class ExclusiveLabTest {
    private static final String ADMIN = "Exclusive-Admin-7";

    @RegisterExtension
    static final PgLab pg = new PgLab().admin(ADMIN);

    @BeforeEach
    void setUp() {
        pg.ws().playbook("""
                secrets:
                  admin: {env: PLUMB_PG_ADMIN_PASSWORD}
                plays:
                  - hosts: db
                    postgres:
                      admin: {user: postgres, password: "${secret.admin}"}
                      roles:
                        exclusive: true
                        items:
                          - {name: app, login: true}
                      hba:
                        exclusive: true
                        items:
                          - {type: local, database: all, user: all, method: peer}
                          - {type: host, database: all, user: all, address: 127.0.0.1/32, method: scram-sha-256}
                """);
    }

    @Test
    void undeclaredRolesAndHbaRulesAreReportedAndRemovedButSystemOnesStay() {
        pg.ws().converge();
        pg.psql("postgres", "CREATE ROLE intruder LOGIN");
        pg.ssh("cd / && hba=$(runuser -u postgres -- psql -X -A -t -c 'SHOW hba_file')"
                + " && echo 'host all intruder 198.18.0.0/24 md5' >> \"$hba\"").orThrow();

        Cli.Result drift = pg.ws().plumb("drift");
        assertThat(drift.exit()).as("%s", drift).isEqualTo(2);
        assertThat(drift.out()).contains("- postgres/role intruder  (not declared, and roles are exclusive)",
                "- postgres/hba host all intruder 198.18.0.0/24 md5  (not declared, and hba rules are exclusive)")
                .doesNotContain("role postgres");

        pg.ws().converge();
        assertThat(pg.psql("postgres", "SELECT count(*) FROM pg_roles WHERE rolname = 'intruder'")).isEqualTo("0");
        assertThat(pg.psql("postgres", "SELECT count(*) FROM pg_roles WHERE rolname = 'postgres'")).isEqualTo("1");
        String rules = pg.psql("postgres", "SELECT string_agg(type || ' ' || array_to_string(user_name, ','), '; ')"
                + " FROM pg_hba_file_rules");
        assertThat(rules).doesNotContain("intruder").contains("local postgres");
        assertThat(pg.ws().plumb("drift").exit()).isZero();
    }

    @Test
    void theServerLockMakesASecondRunWaitAndNamesTheHolder() throws Exception {
        pg.ws().converge();
        CompletableFuture<ExecResult> holder = CompletableFuture.supplyAsync(() -> pg.ssh(
                "cd / && runuser -u postgres -- psql -X -q -c \"SET application_name = 'someone else';"
                        + " SELECT pg_advisory_lock(1886156141, 98); SELECT pg_sleep(6)\""));
        Thread.sleep(2000);
        Cli.Result busy = pg.ws().plumb("apply", "--lock-timeout", "1");
        assertThat(busy.exit()).as("%s", busy).isEqualTo(1);
        assertThat(busy.out()).contains("another plumb run holds the server lock after waiting 1 s: someone else"
                + " (connected from local socket at ");
        assertThat(holder.get().ok()).isTrue();
        assertThat(pg.ws().plumb("apply").exit()).isZero();
    }
}
