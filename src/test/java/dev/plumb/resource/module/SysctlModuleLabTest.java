package dev.plumb.resource.module;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.plumb.cli.Cli;
import dev.plumb.cli.Workspace;
import dev.plumb.lab.Lab;
import dev.plumb.lab.LabHost;
import dev.plumb.lab.LabHosts;

/** The shipped sysctl module: create, empty plan, hand change drifts, repair, absent (a network sysctl: the host's own). */
@LabHosts(count = 3)
class SysctlModuleLabTest {
    private static final String KEY = "net.ipv4.tcp_keepalive_time";
    private static final String CONF = "/etc/sysctl.d/60-plumb-" + KEY + ".conf";

    private final Lab lab;
    private final LabHost host;

    SysctlModuleLabTest(Lab lab) {
        this.lab = lab;
        this.host = lab.host(3);
    }

    @BeforeEach
    @AfterEach
    void restore() {
        lab.ssh(host, "rm -f " + CONF + "; sysctl -q -w " + KEY + "=7200").orThrow();
    }

    @Test
    void lifecycle(@TempDir Path dir) {
        Workspace ws = ModuleLab.workspace(lab, host, dir);
        ws.playbook("""
                plays:
                  - hosts: web
                    sysctl:
                      - {name: %s, value: "600"}
                """.formatted(KEY));
        Cli.Result plan = ws.plumb("plan");
        assertThat(plan.exit()).as("%s", plan).isEqualTo(2);
        assertThat(plan.out()).contains("+ sysctl " + KEY, "value: 600");

        ws.converge();
        assertThat(value()).isEqualTo("600");
        assertThat(lab.ssh(host, "cat " + CONF).orThrow().out()).contains(KEY + " = 600");

        lab.ssh(host, "sysctl -q -w " + KEY + "=700").orThrow();
        Cli.Result drift = ws.plumb("drift");
        assertThat(drift.exit()).as("%s", drift).isEqualTo(2);
        assertThat(drift.out()).contains("~ sysctl " + KEY, "value: 700 → 600");

        ws.converge();
        assertThat(value()).isEqualTo("600");

        ws.playbook("""
                plays:
                  - hosts: web
                    sysctl:
                      - {name: %s, value: "600", state: absent}
                """.formatted(KEY));
        ws.converge();
        assertThat(lab.ssh(host, "test -e " + CONF + " || echo gone").orThrow().out()).contains("gone");
    }

    private String value() {
        return lab.ssh(host, "sysctl -n " + KEY).orThrow().out().strip();
    }
}
