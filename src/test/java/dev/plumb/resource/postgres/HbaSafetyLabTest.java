package dev.plumb.resource.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

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
        // Where pg_hba.conf is and what it holds, in one round trip (PgLab has just reset the server).
        String[] seen = root("cd / && hba=$(runuser -u postgres -- psql -X -q -A -t -v ON_ERROR_STOP=1 -d postgres"
                + " -c 'SHOW hba_file') && printf '%s\\n' \"$hba\" && cat -- \"$hba\"").split("\n", 2);
        hba = seen[0];
        original = seen.length > 1 ? seen[1].strip() : "";
        install(DEBIAN);
        ws = pg.ws().env("ADMIN", ADMIN);
    }

    @AfterEach
    void tearDown() {
        // The host's own file back; PgLab resets the rest of the server before the next test and after the class.
        install("cd " + dir() + " && rm -f -- " + BESIDE.stream().map(Shell::quote).collect(Collectors.joining(" "))
                + " pg_hba.conf.orig && rm -f -- " + VICTIM, original + "\n");
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
        String victim = root("install -o root -g root -m 0644 " + hba + " " + VICTIM, "sha256sum < " + VICTIM,
                asPostgres("cd " + dir() + " && mv pg_hba.conf pg_hba.conf.orig && ln -s " + VICTIM + " pg_hba.conf"))
                .get(1);

        playbook("[{type: host, database: all, user: app, address: 10.0.0.0/8, method: scram-sha-256}]");
        Cli.Result apply = ws.plumb("apply");
        assertThat(apply.exit()).as("%s", apply).isEqualTo(1);
        assertThat(apply.all()).contains(hba + " is not a regular file; plumb will not write through it");
        List<String> after = root("sha256sum < " + VICTIM, "readlink -- " + hba, "stat -c '%U %a' -- " + VICTIM,
                asPostgres("cd " + dir() + " && rm pg_hba.conf && mv pg_hba.conf.orig pg_hba.conf"));
        assertThat(after.get(0)).isEqualTo(victim);
        assertThat(after.get(1)).isEqualTo(VICTIM);
        assertThat(after.get(2)).isEqualTo("root 644");
    }

    @Test
    void symlinksBesidePgHbaConfAreNeverWrittenThrough() {
        List<String> setup = new ArrayList<>(List.of("printf 'victim\\n' > " + VICTIM + " && chmod 0644 " + VICTIM,
                "sha256sum < " + VICTIM));
        for (String name : BESIDE) {
            setup.add(asPostgres("cd " + dir() + " && ln -s " + VICTIM + " " + Shell.quote(name)));
        }
        String victim = root(setup.toArray(String[]::new)).get(1);
        playbook("[{type: host, database: all, user: app, address: 10.0.0.0/8, method: scram-sha-256}]");
        ws.converge();

        List<String> checks = new ArrayList<>(List.of("grep -c '^# BEGIN plumb managed block' " + hba,
                "sha256sum < " + VICTIM, "stat -c '%U %G %a' -- " + hba,
                "ls -A " + dir() + " | grep '^\\.plumb\\.' | grep -v -x -F .plumb.tmp | wc -l",
                "stat -c '%U %a' -- " + HostScripts.BACKUPS, "ls " + HostScripts.BACKUPS));
        for (String name : BESIDE) {
            checks.add("readlink -- " + Shell.quote(dir() + "/" + name));
        }
        List<String> seen = root(checks.toArray(String[]::new));
        assertThat(seen.get(0)).isEqualTo("1");
        assertThat(seen.get(1)).isEqualTo(victim);
        assertThat(seen.get(2)).isEqualTo("postgres postgres 640");
        assertThat(seen.get(3)).as("no temporary file left").isEqualTo("0");
        assertThat(seen.get(4)).isEqualTo("root 700");
        assertThat(seen.get(5)).contains("pg_hba-");
        for (int i = 0; i < BESIDE.size(); i++) {
            assertThat(seen.get(6 + i)).as(BESIDE.get(i)).isEqualTo(VICTIM);
        }
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

    /**
     * Runs the commands one after the other in one SSH session (each as root, in a subshell) and
     * returns what each printed, stripped; the first that fails fails the test, as {@link
     * #root(String)} does.
     */
    private List<String> root(String... commands) {
        return lab.sshEach(host, commands);
    }

    /** The shell command that runs {@code command} as postgres. */
    private static String asPostgres(String command) {
        return "runuser -u postgres -- sh -c " + Shell.quote(command);
    }

    private String sha(String path) {
        return root("sha256sum < " + path);
    }

    /**
     * Replaces pg_hba.conf (a regular file, postgres's, 0640) with {@code content}, reloads, and
     * waits until the server has loaded it: one round trip.
     */
    private void install(String content) {
        install("true", content);
    }

    /** Runs {@code first} as root, then {@link #install(String)}, in the same round trip. */
    private void install(String first, String content) {
        root("set -e\n" + first + "\n"
                + "t=$(mktemp); cat > \"$t\" <<'PLUMB_HBA'\n" + content + "PLUMB_HBA\n"
                + "rm -f -- " + hba + "; install -o postgres -g postgres -m 0640 \"$t\" " + hba + "; rm -f \"$t\"\n"
                + "cd /\n"
                + "pg() { runuser -u postgres -- psql -X -q -A -t -v ON_ERROR_STOP=1 -d postgres -c \"$1\"; }\n"
                + "loaded=$(pg 'SELECT pg_conf_load_time()')\n"
                + "pg 'SELECT pg_reload_conf()' >/dev/null\n"
                + "i=0; until [ \"$(pg \"SELECT pg_conf_load_time() > '$loaded'\")\" = t ]; do\n"
                + "  i=$((i + 1)); [ $i -lt 100 ] || { echo 'the reload was not seen' >&2; exit 1; }; sleep 0.1\n"
                + "done");
    }
}
