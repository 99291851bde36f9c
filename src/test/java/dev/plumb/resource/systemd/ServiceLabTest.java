package dev.plumb.resource.systemd;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.plumb.cli.Cli;
import dev.plumb.cli.Workspace;
import dev.plumb.engine.Engine;
import dev.plumb.lab.Lab;
import dev.plumb.lab.LabHost;
import dev.plumb.lab.LabHosts;
import dev.plumb.transport.ssh.SshSession;

/**
 * The services resource against real systemd: every key through create, update, delete; drift
 * from disable and stop; restarts counted by the unit's own start log and main PID.
 */
@LabHosts(count = 3)
class ServiceLabTest {
    private final Lab lab;
    private final LabHost host;
    private Workspace ws;
    private String unit;
    private String dir;

    ServiceLabTest(Lab lab) {
        this.lab = lab;
        this.host = lab.host(3);
    }

    @BeforeEach
    void setUp(@TempDir Path tmp) {
        ws = new Workspace(lab, tmp);
        ws.inventory(List.of(host), "root", "none", lab.knownHosts());
        long n = System.nanoTime();
        unit = "plumbtest-" + n;
        dir = "/srv/plumbtest/svc-" + n;
    }

    @AfterEach
    void removeUnit() {
        lab.ssh(host, "systemctl disable --now " + unit + " >/dev/null 2>&1; rm -f /etc/systemd/system/" + unit
                + ".service; systemctl daemon-reload");
    }

    /** A unit that logs every start to DIR/starts, then sleeps. */
    private String unitText(String description) {
        return """
                [Unit]
                Description=%s
                [Service]
                ExecStartPre=/bin/sh -c 'echo start >> %s/starts'
                ExecStart=/usr/bin/sleep infinity
                [Install]
                WantedBy=multi-user.target
                """.formatted(description, dir);
    }

    private void playbook(String serviceYaml, String filesYaml) {
        ws.playbook("plays:\n  - hosts: web\n    files:\n      - {path: " + dir + "/starts.keep, content: \"\"}\n"
                + filesYaml + "    services:\n" + serviceYaml);
    }

    private String service(String state, boolean enabled, String description, String extra) {
        return "      - name: " + unit + "\n        enabled: " + enabled + "\n        state: " + state + "\n"
                + "        unit: |\n" + unitText(description).lines().map(l -> "          " + l)
                .collect(Collectors.joining("\n")) + "\n" + extra;
    }

    private int starts() {
        return Integer.parseInt(lab.ssh(host, startsCommand()).orThrow().out());
    }

    private String startsCommand() {
        return "cat " + dir + "/starts 2>/dev/null | wc -l";
    }

    /** The unit as the host sees it, read in one round trip. */
    private record Unit(int starts, String mainPid, String active, String enabled) {}

    private Unit observe() {
        List<String> seen = onHost(startsCommand(), "systemctl show -p MainPID --value " + unit,
                "systemctl is-active " + unit + " || true", "systemctl is-enabled " + unit + " || true");
        return new Unit(Integer.parseInt(seen.get(0)), seen.get(1), seen.get(2), seen.get(3));
    }

    /**
     * Runs the commands one after the other on the host in one SSH session (each in a subshell)
     * and returns what each printed on stdout, stripped; one that fails fails the test.
     */
    private List<String> onHost(String... commands) {
        return lab.sshEach(host, commands);
    }

    @Test
    void unitEnabledStateCreateUpdateDelete() {
        playbook(service("running", true, "v1", ""), "");
        Cli.Result plan = ws.plumb("plan");
        assertThat(plan.out()).contains("+ service " + unit + ".service", "enabled: false → true",
                "state: stopped → running", "+Description=v1");
        ws.converge();
        Unit seen = observe();
        assertThat(seen.active()).isEqualTo("active");
        assertThat(seen.enabled()).isEqualTo("enabled");
        assertThat(seen.starts()).isEqualTo(1);
        String pid = seen.mainPid();

        // A unit change restarts the running service once.
        playbook(service("running", true, "v2", ""), "");
        plan = ws.plumb("plan");
        assertThat(plan.out()).contains("~ service " + unit + ".service", "-Description=v1", "+Description=v2",
                "↻ service " + unit + ".service  (unit file changed)");
        ws.converge();
        seen = observe();
        assertThat(seen.starts()).isEqualTo(2);
        assertThat(seen.mainPid()).isNotEqualTo(pid);

        playbook(service("running", false, "v2", ""), "");
        ws.converge();
        seen = observe();
        assertThat(seen.enabled()).isEqualTo("disabled");
        assertThat(seen.active()).isEqualTo("active");

        playbook(service("stopped", false, "v2", ""), "");
        assertThat(ws.plumb("plan").out()).contains("state: running → stopped");
        ws.converge();
        assertThat(observe().active()).isEqualTo("inactive");

        playbook("      - {name: " + unit + ", state: absent}\n", "");
        ws.converge();
        assertThat(lab.ssh(host, "test -e /etc/systemd/system/" + unit + ".service").exitCode()).isEqualTo(1);
    }

    @Test
    void unitFileKeyReadsTheUnitBesideThePlaybook() {
        ws.write("units/app.service", unitText("from a file"));
        playbook("      - {name: " + unit + ", unit_file: units/app.service, enabled: true, state: running}\n", "");
        ws.converge();
        assertThat(lab.ssh(host, "systemctl show -p Description --value " + unit).orThrow().out())
                .isEqualTo("from a file");
        ws.write("units/app.service", unitText("from a file, v2"));
        ws.converge();
        assertThat(starts()).isEqualTo(2);
    }

    @Test
    void disableAndStopAreDrift() {
        playbook(service("running", true, "drift", ""), "");
        ws.converge();
        lab.ssh(host, "systemctl disable --quiet " + unit).orThrow();
        Cli.Result drift = ws.plumb("drift");
        assertThat(drift.exit()).as("%s", drift).isEqualTo(2);
        assertThat(drift.out()).contains("enabled: false → true");
        ws.converge();

        lab.ssh(host, "systemctl stop " + unit).orThrow();
        drift = ws.plumb("drift");
        assertThat(drift.exit()).isEqualTo(2);
        assertThat(drift.out()).contains("state: stopped → running");
        ws.converge();
        assertThat(ws.plumb("drift").exit()).isZero();
    }

    @Test
    void notifyRestartsOnceAfterAllFilesAndOnlyWhenAFileChanged() {
        String files = """
                      - {path: %1$s/a.conf, content: "%2$s", notify: [%3$s]}
                      - {path: %1$s/b.conf, content: "%2$s", notify: [%3$s]}
                      - {path: %1$s/quiet.conf, content: "%4$s"}
                """;
        playbook(service("running", true, "notify", ""), files.formatted(dir, "1", unit, "q1"));
        ws.converge();
        Unit seen = observe();
        assertThat(seen.starts()).isEqualTo(1);
        String pid = seen.mainPid();

        // Nothing changed: no restart.
        ws.converge();
        seen = observe();
        assertThat(seen.starts()).isEqualTo(1);
        assertThat(seen.mainPid()).isEqualTo(pid);

        // Two notifying files change: exactly one restart.
        playbook(service("running", true, "notify", ""), files.formatted(dir, "2", unit, "q1"));
        Cli.Result plan = ws.plumb("plan");
        assertThat(plan.out()).containsOnlyOnce("↻ service " + unit + ".service")
                .contains("notified by " + dir + "/a.conf", "notified by " + dir + "/b.conf");
        ws.converge();
        seen = observe();
        assertThat(seen.starts()).isEqualTo(2);
        assertThat(seen.mainPid()).isNotEqualTo(pid);
        pid = seen.mainPid();

        // A file without notify changes: no restart.
        playbook(service("running", true, "notify", ""), files.formatted(dir, "2", unit, "q2"));
        ws.converge();
        seen = observe();
        assertThat(seen.starts()).isEqualTo(2);
        assertThat(seen.mainPid()).isEqualTo(pid);
    }

    @Test
    void restartOnPathsRestartWhenThatFileChanges() {
        String files = "      - {path: " + dir + "/watched.conf, content: \"%s\"}\n";
        String extra = "        restart_on: [" + dir + "/watched.conf]\n";
        playbook(service("running", true, "watch", extra), files.formatted("1"));
        ws.converge();
        playbook(service("running", true, "watch", extra), files.formatted("2"));
        assertThat(ws.plumb("plan").out()).contains("↻ service " + unit + ".service  (" + dir + "/watched.conf changed)");
        ws.converge();
        assertThat(starts()).isEqualTo(2);
    }

    @Test
    void aRestartCutOffByALostConnectionIsDoneByTheNextRun() {
        String files = "      - {path: " + dir + "/app.conf, content: \"%s\", notify: [" + unit + "]}\n";
        playbook(service("running", true, "pending", ""), files.formatted("1"));
        ws.converge();
        String pid = observe().mainPid();

        playbook(service("running", true, "pending", ""), files.formatted("2"));
        ws.hooks(new Engine.Hooks() {
            @Override
            public void afterWrites(String h, SshSession session) {
                session.close(); // the link dies between the write and the restart
            }
        });
        Cli.Result cut = ws.plumb("apply");
        assertThat(cut.exit()).as("%s", cut).isEqualTo(1);
        List<String> after = onHost("cat " + dir + "/app.conf", "systemctl show -p MainPID --value " + unit,
                "cat /var/lib/plumb/pending-restarts");
        assertThat(after.get(0)).isEqualTo("2");
        assertThat(after.get(1)).isEqualTo(pid);
        assertThat(after.get(2)).contains(unit);

        ws.hooks(Engine.Hooks.NONE);
        Cli.Result plan = ws.plumb("plan");
        assertThat(plan.exit()).isEqualTo(2);
        assertThat(plan.out()).contains("↻ service " + unit + ".service  (pending from an interrupted run)");
        ws.converge();
        Unit seen = observe();
        assertThat(seen.mainPid()).isNotEqualTo(pid);
        assertThat(seen.starts()).isEqualTo(2);
        assertThat(lab.ssh(host, "test -e /var/lib/plumb/pending-restarts").exitCode()).isEqualTo(1);
    }

    @Test
    void aServiceThatDiesOnStartFailsTheApplyWithItsJournal() {
        String svc = "      - name: " + unit + "\n        state: running\n        unit: |\n"
                + "          [Service]\n"
                + "          ExecStart=/bin/sh -c 'echo plumbtest-boom-" + unit + " >&2; sleep 0.2; exit 3'\n";
        playbook(svc, "");
        Cli.Result apply = ws.plumb("apply");
        assertThat(apply.exit()).as("%s", apply).isEqualTo(1);
        assertThat(apply.out()).contains("host3", "starting services failed", unit + ".service is",
                "last journal lines", "plumbtest-boom-" + unit);
        // The failure points back at the playbook line that declared the service (line 6, column 9).
        assertThat(apply.out()).containsPattern("service " + unit + "\\.service: .*\\(declared at \\S+\\.yml:6:9\\)");
        assertThat(apply.all()).doesNotContain("Exception");
    }

    @Test
    void envFileValuesReachTheServiceAndShExactly() {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("SPACES", "a b  c ");
        values.put("DQUOTE", "say \"hi\"");
        values.put("SQUOTE", "it's");
        values.put("HASH", "#not a comment # x");
        values.put("DOLLAR", "$HOME ${PATH} $(id) `id`");
        values.put("EQUALS", "a=b==c");
        values.put("BACKSLASH", "C:\\path\\n\\\\x\\");
        values.put("UNICODE", "zürich ✓ 東京");
        values.put("MIXED", "'\"$\\#= ;|&<>*?");
        values.put("EMPTY", "");
        StringBuilder env = new StringBuilder();
        values.forEach((k, v) -> env.append("          ").append(k).append(": \"")
                .append(v.replace("\\", "\\\\").replace("\"", "\\\"").replace("${", "$${")).append("\"\n"));
        String path = dir + "/hostile.env";
        String files = "      - path: " + path + "\n        env:\n" + env + "        notify: [" + unit + "]\n";
        String svc = "      - name: " + unit + "\n        state: running\n        unit: |\n"
                + "          [Service]\n          EnvironmentFile=" + path + "\n"
                + "          ExecStart=/usr/bin/sleep infinity\n";
        playbook(svc, files);
        ws.converge();

        Map<String, String> seenBySystemd = new LinkedHashMap<>();
        for (String entry : lab.ssh(host, "pid=$(systemctl show -p MainPID --value " + unit + ") && [ \"$pid\" -gt 0 ]"
                + " && cat /proc/$pid/environ").orThrow().stdout().split("\0")) {
            int eq = entry.indexOf('=');
            if (eq > 0) {
                seenBySystemd.put(entry.substring(0, eq), entry.substring(eq + 1));
            }
        }
        // sh reads the file once and prints each value followed by a NUL, in the order of values.
        String printf = values.keySet().stream().map(k -> "\"$" + k + "\"").collect(Collectors.joining(" "));
        String[] bySh = lab.ssh(host, "sh -c 'set -a; . \"$0\"; printf \"%s\\0\" " + printf + "' " + path)
                .orThrow().stdout().split("\0", -1);
        assertThat(bySh).hasSize(values.size() + 1);
        int i = 0;
        for (var e : values.entrySet()) {
            assertThat(seenBySystemd.get(e.getKey())).as("systemd: %s", e.getKey()).isEqualTo(e.getValue());
            assertThat(bySh[i++]).as("sh: %s", e.getKey()).isEqualTo(e.getValue());
        }
    }
}
