package dev.plumb.resource.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.plumb.cli.Cli;
import dev.plumb.cli.Workspace;
import dev.plumb.lab.Lab;
import dev.plumb.lab.LabHost;
import dev.plumb.lab.LabHosts;
import dev.plumb.lab.PgLab;
import dev.plumb.shell.Shell;

/**
 * pg_hba.conf changes cannot lock plumb's admin out, and cannot make root write where the
 * postgres account points it: against a real PostgreSQL 15 on host1, starting each test from
 * Debian's rules and putting the host's own file back afterwards.
 */
@LabHosts(count = 3)
class HbaSafetyLabTest {
    private static final String ADMIN = "Hba-Safety-Admin-3";
    /** Debian 12's rules for PostgreSQL 15; the admin's way in is line 4. */
    private static final String DEBIAN = """
            # HbaSafetyLabTest: Debian's rules
            local   all             postgres                                peer
            local   all             all                                     peer
            host    all             all             127.0.0.1/32            scram-sha-256
            host    all             all             ::1/128                 scram-sha-256
            local   replication     all                                     peer
            host    replication     all             127.0.0.1/32            scram-sha-256
            host    replication     all             ::1/128                 scram-sha-256
            """;
    private static final String VICTIM = "/etc/plumb-hba-victim.conf";
    /** Names beside pg_hba.conf that a careless writer might use for a backup or a temporary file. */
    private static final List<String> BESIDE = List.of("pg_hba.conf.plumb-backup", "pg_hba.conf.new",
            "pg_hba.conf.tmp", "pg_hba.conf.bak", "pg_hba.conf~", ".pg_hba.conf.swp", ".plumb.tmp", "plumb-backup");

    @RegisterExtension
    static final PgLab pg = new PgLab().admin(ADMIN);

    private final Lab lab;
    private final LabHost host;
    private Workspace ws;
    private String hba;
    private String original;

    HbaSafetyLabTest(Lab lab) {
        this.lab = lab;
        this.host = lab.host(1);
    }

    @BeforeEach
    void setUp() {
        hba = pg.psql("postgres", "SHOW hba_file");
        original = root("cat -- " + hba);
        install(DEBIAN);
        ws = pg.ws().env("ADMIN", ADMIN);
    }

    @AfterEach
    void tearDown() {
        root("cd " + dir() + " && rm -f -- " + String.join(" ", BESIDE) + " pg_hba.conf.orig && rm -f -- " + VICTIM);
        install(original + "\n");
        pg.reset();
    }

    /** The playbook: the admin, and {@code hba} as the value of the hba key (absent when null). */
    private void playbook(String hbaValue) {
        ws.playbook("""
                secrets:
                  admin: {env: ADMIN}
                plays:
                  - hosts: db
                    postgres:
                      admin: {user: postgres, password: "${secret.admin}"}
                      roles:
                        - {name: app, login: true}
                """ + (hbaValue == null ? "" : "      hba: " + hbaValue + "\n"));
    }

    @Test
    void exclusiveHbaThatWouldCutTheAdminOffIsRefusedAtPlanTime() {
        String rules = "[{type: local, database: all, user: all, method: peer},"
                + " {type: host, database: all, user: app, address: 10.0.0.0/8, method: scram-sha-256}]";
        playbook("{exclusive: true, items: " + rules + "}");
        String before = sha(hba);
        // Fresh: the admin has no password yet, so plumb reads over the local socket and the
        // connection it checks is the tunnel's, from 127.0.0.1.
        assertLockedOut(ws.plumb("plan"), "would match no line once line 4 (host    all             all"
                + "             127.0.0.1/32            scram-sha-256), which lets it in now, is gone");

        playbook(rules);
        ws.converge();
        String converged = sha(hba);
        playbook("{exclusive: true, items: " + rules + "}");
        for (String command : List.of("plan", "apply")) {
            Cli.Result r = ws.plumb(command);
            assertLockedOut(r, "(TCP from 127.0.0.1 without TLS, user postgres, database postgres) would match no"
                    + " line once line ");
            assertThat(r.all()).contains("(host    all             all             127.0.0.1/32            "
                    + "scram-sha-256), which lets it in now, is gone");
        }
        assertThat(sha(hba)).isEqualTo(converged).isNotEqualTo(before);
        playbook(rules);
        assertThat(ws.plumb("plan").exit()).as("the admin still gets in").isZero();
    }

    @Test
    void aDeclaredRejectAboveTheAdminsRuleIsRefused() {
        playbook(null);
        ws.converge();
        String before = sha(hba);
        playbook("[{name: deny-all, type: host, database: all, user: all, address: 0.0.0.0/0, method: reject}]");
        for (String command : List.of("plan", "apply")) {
            assertLockedOut(ws.plumb(command), "would first match hba rule deny-all at line 4 (host    all"
                    + "             all             0.0.0.0/0               reject), which keeps it out: its method"
                    + " is reject");
        }
        assertThat(sha(hba)).isEqualTo(before);

        playbook("[{name: admin, type: host, database: all, user: postgres, address: 127.0.0.1/32,"
                + " method: scram-sha-256}, {name: deny-all, type: host, database: all, user: all, address: 0.0.0.0/0,"
                + " method: reject}]");
        ws.converge();
        assertThat(root("grep -c -e '^host    all             all             0.0.0.0/0' " + hba)).isEqualTo("1");
    }

    @Test
    void aNewAdminSessionRefusedAfterTheReloadPutsThePreviousFileBack() {
        // What the text cannot show: the admin's password is stored as MD5, which scram-sha-256 cannot use.
        install(DEBIAN.replace("127.0.0.1/32            scram-sha-256", "127.0.0.1/32            md5"));
        pg.psql("postgres", "SET password_encryption = 'md5';\nALTER ROLE postgres PASSWORD '"
                + ADMIN + "';");
        playbook(null);
        ws.converge();
        String before = sha(hba);
        String loadedBefore = pg.psql("postgres", "SELECT pg_conf_load_time()");

        playbook("[{name: admin-scram, type: host, database: all, user: postgres, address: 127.0.0.1/32,"
                + " method: scram-sha-256}]");
        Cli.Result plan = ws.plumb("plan");
        assertThat(plan.exit()).as("%s", plan).isEqualTo(2);
        Cli.Result apply = ws.plumb("apply");
        assertThat(apply.exit()).as("%s", apply).isEqualTo(1);
        assertThat(apply.all()).contains(hba + ": after the reload the server refused a new admin session (",
                "password authentication failed for user \"postgres\"",
                "so plumb put the previous file back and reloaded; the admin can log in again")
                .doesNotContain(ADMIN);
        assertThat(sha(hba)).isEqualTo(before);
        assertThat(pg.psql("postgres", "SELECT pg_conf_load_time() > '" + loadedBefore
                + "' AND (pg_stat_file(current_setting('hba_file'))).modification <= pg_conf_load_time()"))
                .as("the previous file was loaded again").isEqualTo("t");
        playbook(null);
        assertThat(ws.plumb("plan").exit()).as("the admin gets in").isZero();
    }

    @Test
    void aSymlinkInPlaceOfPgHbaConfIsRefusedAndItsTargetUnchanged() {
        playbook(null);
        ws.converge();
        root("install -o root -g root -m 0644 " + hba + " " + VICTIM);
        String victim = sha(VICTIM);
        postgres("cd " + dir() + " && mv pg_hba.conf pg_hba.conf.orig && ln -s " + VICTIM + " pg_hba.conf");

        playbook("[{type: host, database: all, user: app, address: 10.0.0.0/8, method: scram-sha-256}]");
        Cli.Result apply = ws.plumb("apply");
        assertThat(apply.exit()).as("%s", apply).isEqualTo(1);
        assertThat(apply.all()).contains(hba + " is not a regular file; plumb will not write through it");
        assertThat(sha(VICTIM)).isEqualTo(victim);
        assertThat(root("readlink -- " + hba)).isEqualTo(VICTIM);
        assertThat(root("stat -c '%U %a' -- " + VICTIM)).isEqualTo("root 644");
        postgres("cd " + dir() + " && rm pg_hba.conf && mv pg_hba.conf.orig pg_hba.conf");
    }

    @Test
    void symlinksBesidePgHbaConfAreNeverWrittenThrough() {
        root("printf 'victim\\n' > " + VICTIM + " && chmod 0644 " + VICTIM);
        String victim = sha(VICTIM);
        for (String name : BESIDE) {
            postgres("cd " + dir() + " && ln -s " + VICTIM + " " + name);
        }
        playbook("[{type: host, database: all, user: app, address: 10.0.0.0/8, method: scram-sha-256}]");
        ws.converge();

        assertThat(root("grep -c '^# BEGIN plumb managed block' " + hba)).isEqualTo("1");
        assertThat(sha(VICTIM)).isEqualTo(victim);
        for (String name : BESIDE) {
            assertThat(root("readlink -- " + dir() + "/" + name)).as(name).isEqualTo(VICTIM);
        }
        assertThat(root("stat -c '%U %G %a' -- " + hba)).isEqualTo("postgres postgres 640");
        assertThat(root("ls -A " + dir() + " | grep '^\\.plumb\\.' | grep -v -x -F .plumb.tmp | wc -l"))
                .as("no temporary file left").isEqualTo("0");
        assertThat(root("stat -c '%U %a' -- " + HostScripts.BACKUPS)).isEqualTo("root 700");
        assertThat(root("ls " + HostScripts.BACKUPS)).contains("pg_hba-");
    }

    private void assertLockedOut(Cli.Result r, String why) {
        assertThat(r.exit()).as("%s", r).isEqualTo(1);
        assertThat(r.all()).contains(hba + " would lock plumb out: the admin's connection (", why,
                "nothing was changed").doesNotContain(ADMIN);
    }

    private String dir() {
        return hba.substring(0, hba.lastIndexOf('/'));
    }

    private String root(String command) {
        return lab.ssh(host, command).orThrow().out();
    }

    private void postgres(String command) {
        root("runuser -u postgres -- sh -c " + Shell.quote(command));
    }

    private String sha(String path) {
        return root("sha256sum < " + path);
    }

    /** Replaces pg_hba.conf (a regular file, postgres's, 0640) with {@code content} and reloads. */
    private void install(String content) {
        root("set -e; t=$(mktemp); cat > \"$t\" <<'PLUMB_HBA'\n" + content + "PLUMB_HBA\n"
                + "rm -f -- " + hba + "; install -o postgres -g postgres -m 0640 \"$t\" " + hba + "; rm -f \"$t\"");
        String loaded = pg.psql("postgres", "SELECT pg_conf_load_time()");
        pg.psql("postgres", "SELECT pg_reload_conf()");
        root("i=0; until [ \"$(cd / && runuser -u postgres -- psql -X -A -t -c \"SELECT pg_conf_load_time() > '"
                + loaded + "'\")\" = t ]; do i=$((i + 1)); [ $i -lt 50 ] || exit 1; sleep 0.2; done");
    }
}
