package dev.plumb.resource.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.plumb.cli.Cli;
import dev.plumb.lab.LabHosts;
import dev.plumb.lab.PgLab;

/**
 * Issue 14, class 11 on a lab server: every address form PostgreSQL accepts (samehost, samenet,
 * all, a host name, a name suffix, an address and a netmask, IPv6) is written, loaded by the
 * server and then no change; a line added by hand outside plumb's block is drift only under
 * {@code exclusive: true}, and a file changed after the server loaded it is a note. Each test
 * puts the host's pg_hba.conf back as it found it, hand-added lines included.
 */
@LabHosts(count = 1)
class HbaFormsLabTest {
    private static final String ADMIN = "Hba-Forms-Admin-11";
    private static final String HAND = "host all hand_e11 198.18.0.0/24 md5";
    private static final String PW = "forms-host-pw-3b9";

    @RegisterExtension
    static final PgLab pg = new PgLab().admin(ADMIN).secret("FORMS_PW", PW);

    private String hba;
    private String original;

    @BeforeEach
    void setUp() {
        hba = pg.psql("postgres", "SHOW hba_file");
        pg.ssh("sed -i '/hand_e11/d' " + hba).orThrow(); // a line an earlier, failed run may have left
        original = pg.ssh("cat -- " + hba).orThrow().out();
    }

    @AfterEach
    void tearDown() {
        pg.ssh("set -e; t=$(mktemp); cat > \"$t\" <<'PLUMB_HBA'\n" + original + "\nPLUMB_HBA\n"
                + "rm -f -- " + hba + "; install -o postgres -g postgres -m 0640 \"$t\" " + hba + "; rm -f \"$t\"")
                .orThrow();
        reload();
    }

    private void playbook(String hbaValue) {
        pg.ws().playbook("""
                secrets:
                  admin: {env: PLUMB_PG_ADMIN_PASSWORD}
                  pw: {env: FORMS_PW}
                plays:
                  - hosts: db
                    postgres:
                      admin: {user: postgres, password: "${secret.admin}"}
                      roles:
                        - {name: forms_host, login: true, password: "${secret.pw}"}
                      hba: %s
                """.formatted(hbaValue));
    }

    /** Reloads the server and waits until new sessions see the file. */
    private void reload() {
        String loaded = pg.psql("postgres", "SELECT pg_conf_load_time()");
        pg.psql("postgres", "SELECT pg_reload_conf()");
        pg.ssh("i=0; until [ \"$(cd / && runuser -u postgres -- psql -X -A -t -c \"SELECT pg_conf_load_time() > '"
                + loaded + "'\")\" = t ]; do i=$((i + 1)); [ $i -lt 50 ] || exit 1; sleep 0.2; done").orThrow();
    }

    private String sha() {
        return pg.ssh("sha256sum < " + hba).orThrow().out();
    }

    @Test
    void everyAddressFormIsWrittenLoadedAndThenNoChange() {
        playbook("""
                [{type: host, database: all, user: forms_a, address: samehost, method: scram-sha-256},
                 {type: host, database: all, user: forms_a, address: samenet, method: scram-sha-256},
                 {type: hostnossl, database: all, user: forms_a, address: all, method: scram-sha-256},
                 {type: host, database: all, user: forms_host, address: localhost, method: reject},
                 {type: host, database: all, user: forms_b, address: .Example.Test, method: md5},
                 {type: host, database: all, user: forms_b, address: db1.example.test, method: md5},
                 {type: host, database: all, user: forms_b, address: "10.1.0.0 255.255.0.0", method: md5},
                 {type: host, database: all, user: forms_b, address: "fd00::/8", method: md5}]""");
        pg.ws().converge();

        assertThat(pg.psql("postgres", "SELECT count(*) FROM pg_hba_file_rules WHERE error IS NOT NULL")).isEqualTo("0");
        assertThat(pg.psql("postgres", "SELECT string_agg(coalesce(address, '-') || ' ' || coalesce(netmask, '-'), '; '"
                + " ORDER BY line_number) FROM pg_hba_file_rules WHERE user_name && '{forms_a,forms_b,forms_host}'"))
                .isEqualTo("samehost -; samenet -; all -; localhost -; .Example.Test -; db1.example.test -;"
                        + " 10.1.0.0 255.255.0.0; fd00:: ff00::");
        // The server matches the host name rule by reverse then forward DNS: 127.0.0.1 is localhost.
        String login = pg.ssh("PGPASSWORD='" + PW + "' psql -X -A -t 'postgresql://forms_host@127.0.0.1:5432/postgres'"
                + " -c 'SELECT current_user' 2>&1").out();
        assertThat(login).as("the host name rule is the one that decides").contains("pg_hba.conf rejects connection",
                "user \"forms_host\"");

        String before = sha();
        playbook("[{type: host, database: all, user: forms_b, address: db.example.test/24, method: md5}]");
        Cli.Result bad = pg.ws().plumb("plan");
        assertThat(bad.exit()).as("%s", bad).isEqualTo(1);
        assertThat(bad.all()).contains("playbook.yml:", "invalid address 'db.example.test/24': a host name takes no"
                + " CIDR mask", "write the host name alone");
        assertThat(sha()).isEqualTo(before);
    }

    @Test
    void aLineAddedByHandOutsideTheBlockIsDriftOnlyUnderExclusive() {
        String rules = """
                [{type: local, database: all, user: all, method: peer},
                   {type: host, database: all, user: all, address: 127.0.0.1/32, method: scram-sha-256},
                   {type: host, database: all, user: all, address: "::1 ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff",
                    method: scram-sha-256},
                   {type: host, database: all, user: forms_a, address: samehost, method: scram-sha-256}]""";
        // Debian's IPv6 rule, which an earlier exclusive test may have removed; tearDown restores the file.
        pg.ssh("grep -q '^host *all *all *::1/128' " + hba + " || echo 'host    all             all"
                + "             ::1/128                 scram-sha-256' >> " + hba).orThrow();
        reload();
        playbook(rules);
        pg.ws().converge();

        // pg_stat_file has whole seconds: a second later the change is surely after the last load.
        pg.ssh("sleep 1.1 && echo '" + HAND + "' >> " + hba).orThrow();
        for (String command : new String[] {"drift", "plan"}) {
            Cli.Result r = pg.ws().plumb(command);
            assertThat(r.exit()).as("not reloaded, %s: %s", command, r).isZero();
            assertThat(r.out()).contains("note: " + hba + " changed after the server last loaded it")
                    .doesNotContain("hand_e11");
        }
        reload();
        Cli.Result drift = pg.ws().plumb("drift");
        assertThat(drift.exit()).as("reloaded: %s", drift).isZero();
        assertThat(drift.out()).doesNotContain("hand_e11", "changed after the server last loaded it");
        assertThat(pg.ws().plumb("apply").exit()).isZero();
        assertThat(pg.ssh("grep -c hand_e11 " + hba).out()).as("not plumb's line: kept").isEqualTo("1");

        playbook("{exclusive: true, items: " + rules + "}");
        drift = pg.ws().plumb("drift");
        assertThat(drift.exit()).as("%s", drift).isEqualTo(2);
        assertThat(drift.out()).contains("- postgres/hba " + HAND + "  (not declared, and hba rules are exclusive)")
                .as("Debian's ::1/128 line is the declared \"::1 ffff:...\" rule as the server reads it")
                .doesNotContain("hba host all all ::1/128");
        pg.ws().converge();
        assertThat(pg.ssh("grep -c hand_e11 " + hba).out()).isEqualTo("0");
        assertThat(pg.psql("postgres", "SELECT count(*) FROM pg_hba_file_rules WHERE 'hand_e11' = ANY(user_name)"))
                .isEqualTo("0");
        assertThat(pg.ssh("grep -c '^host *all *all *::1/128' " + hba).out()).isEqualTo("1");

        pg.ssh("sleep 1.1 && echo '" + HAND + "' >> " + hba).orThrow();
        drift = pg.ws().plumb("drift");
        assertThat(drift.exit()).as("hand-added again, not reloaded: %s", drift).isEqualTo(2);
        assertThat(drift.out()).contains("- postgres/hba " + HAND, "note: " + hba + " changed after the server last"
                + " loaded it");
        pg.ws().converge();
        assertThat(pg.ssh("grep -c hand_e11 " + hba).out()).isEqualTo("0");
    }
}
