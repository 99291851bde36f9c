package dev.plumb.resource.module;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.plumb.cli.Cli;
import dev.plumb.cli.Workspace;
import dev.plumb.lab.Lab;
import dev.plumb.lab.LabHost;
import dev.plumb.lab.LabHosts;

/** The shipped cron_entry module: create, empty plan, hand edit drifts, repair, absent. */
@LabHosts(count = 3)
class CronEntryModuleLabTest {
    private static final String FILE = "/etc/cron.d/plumb-test-job";

    private final Lab lab;
    private final LabHost host;

    CronEntryModuleLabTest(Lab lab) {
        this.lab = lab;
        this.host = lab.host(3);
    }

    @AfterEach
    void restore() {
        lab.ssh(host, "rm -f " + FILE).orThrow();
    }

    @Test
    void lifecycle(@TempDir Path dir) {
        Workspace ws = ModuleLab.workspace(lab, host, dir);
        ws.playbook("""
                plays:
                  - hosts: web
                    cron_entry:
                      - {name: plumb-test-job, schedule: "*/5 * * * *", user: nobody, command: "echo  hi >/dev/null"}
                """);
        Cli.Result plan = ws.plumb("plan");
        assertThat(plan.exit()).as("%s", plan).isEqualTo(2);
        assertThat(plan.out()).contains("+ cron_entry plumb-test-job", "schedule: */5 * * * *");

        ws.converge();
        assertThat(lab.ssh(host, "cat " + FILE + "; stat -c %a " + FILE).orThrow().out())
                .contains("*/5 * * * * nobody echo  hi >/dev/null", "644");

        lab.ssh(host, "sed -i 's|^\\*/5|*/7|' " + FILE).orThrow();
        Cli.Result drift = ws.plumb("drift");
        assertThat(drift.exit()).as("%s", drift).isEqualTo(2);
        assertThat(drift.out()).contains("~ cron_entry plumb-test-job", "schedule: */7 * * * * → */5 * * * *")
                .doesNotContain("command:");

        ws.converge();
        assertThat(lab.ssh(host, "cat " + FILE).orThrow().out()).contains("*/5 * * * * nobody");

        ws.playbook("""
                plays:
                  - hosts: web
                    cron_entry:
                      - {name: plumb-test-job, schedule: "*/5 * * * *", command: x, state: absent}
                """);
        ws.converge();
        assertThat(lab.ssh(host, "test -e " + FILE + " || echo gone").orThrow().out()).contains("gone");
    }
}
