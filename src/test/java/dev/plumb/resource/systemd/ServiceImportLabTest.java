package dev.plumb.resource.systemd;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.plumb.cli.Cli;
import dev.plumb.cli.Workspace;
import dev.plumb.lab.Lab;
import dev.plumb.lab.LabHost;
import dev.plumb.lab.LabHosts;
import dev.plumb.resource.Imported;
import dev.plumb.resource.ImportedSecret;
import dev.plumb.resource.Importer;
import dev.plumb.resource.file.ImportHarness;

/**
 * The services importer against real systemd: a hand-written unit enabled and running and one
 * disabled and stopped import as unit text, enabled and state, and plan empty; a packaged unit
 * imports its state only; a missing one is a problem.
 */
@LabHosts(count = 2)
class ServiceImportLabTest {
    private static final String TOKEN = "unit-tok-4412";

    private final Lab lab;
    private final Importer importer = new ServiceKind().importer().orElseThrow();
    private Workspace ws;
    private String on;
    private String off;

    ServiceImportLabTest(Lab lab) {
        this.lab = lab;
    }

    @BeforeEach
    void setUp(@TempDir Path tmp) {
        ws = new Workspace(lab, tmp);
        long n = System.nanoTime();
        on = "plumbimp-on-" + n;
        off = "plumbimp-off-" + n;
    }

    @AfterEach
    void clean() {
        for (LabHost h : lab.hosts().subList(0, 2)) {
            lab.ssh(h, "systemctl disable --now " + on + " " + off + " >/dev/null 2>&1; rm -f /etc/systemd/system/"
                    + on + ".service /etc/systemd/system/" + off + ".service; systemctl daemon-reload");
        }
    }

    private void prepare(LabHost host) {
        String unit = """
                [Unit]
                Description=import test ${HOME}
                [Service]
                Environment=API_TOKEN=%s
                ExecStart=/bin/sh -c 'echo "$${HOME}" ${HOME}; exec sleep infinity'
                [Install]
                WantedBy=multi-user.target
                """.formatted(TOKEN);
        lab.ssh(host, "cat > /etc/systemd/system/" + on + ".service <<'EOF'\n" + unit + "EOF\n"
                + "cp /etc/systemd/system/" + on + ".service /etc/systemd/system/" + off + ".service\n"
                + "systemctl daemon-reload && systemctl enable --now " + on + " 2>/dev/null").orThrow();
    }

    @Test
    void handWrittenUnitsImportAndPlanEmpty() throws Exception {
        prepare(lab.host(1));
        prepare(lab.host(2));
        Imported one = ImportHarness.run(lab, lab.host(1), importer, List.of(on, off + ".service"), false);
        assertThat(one.problems()).isEmpty();
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> services = (List<Map<String, Object>>) one.value();
        assertThat(services).hasSize(2);
        assertThat(services.get(0)).containsEntry("name", on).containsEntry("enabled", true)
                .containsEntry("state", "running");
        assertThat(services.get(1)).containsEntry("name", off).containsEntry("enabled", false)
                .containsEntry("state", "stopped");
        assertThat((String) services.get(0).get("unit")).contains("Description=import test $${HOME}\n",
                "Environment=API_TOKEN=${secret." + on.replace('-', '_') + "_service_api_token}\n",
                "echo \"$$${HOME}\" $${HOME}");
        assertThat(one.secrets()).extracting(ImportedSecret::name).containsExactly(
                on.replace('-', '_') + "_service_api_token", off.replace('-', '_') + "_service_api_token");

        Imported two = ImportHarness.run(lab, lab.host(2), importer, List.of(on, off + ".service"), false);
        assertThat(two.value()).isEqualTo(one.value());

        String yaml = ImportHarness.playbook(one.secrets(), "web", null, one.value());
        assertThat(ImportHarness.said(one, yaml)).doesNotContain(TOKEN);
        ws.playbook(yaml);
        one.secrets().forEach(s -> ws.env(s.variable(), TOKEN));
        Cli.Result plan = ws.plumb("plan");
        assertThat(plan.exit()).as("%s\n%s", yaml, plan).isZero();
        assertThat(plan.all()).doesNotContain(TOKEN);

        lab.ssh(lab.host(2), "systemctl stop " + on).orThrow();
        plan = ws.plumb("plan");
        assertThat(plan.exit()).as("%s", plan).isEqualTo(2);
        assertThat(plan.out()).contains("host2", "state: stopped → running");
    }

    @Test
    void aPackagedUnitImportsItsStateOnlyAndAMissingOneIsAProblem() throws Exception {
        LabHost h1 = lab.host(1);
        Imported ssh = ImportHarness.run(lab, h1, importer, List.of("ssh"), false);
        assertThat(ssh.problems()).isEmpty();
        assertThat(ssh.notes()).singleElement().asString().contains("ssh.service", "/lib/systemd/system/ssh.service",
                "enabled and state only");
        assertThat(ssh.value()).isEqualTo(List.of(Map.of("name", "ssh", "enabled", true, "state", "running")));
        ws.inventory(List.of(h1), "root", "none", lab.knownHosts());
        ws.playbook(ImportHarness.playbook(List.of(), "web", null, ssh.value()));
        assertThat(ws.plumb("plan").exit()).isZero();

        Imported missing = ImportHarness.run(lab, h1, importer, List.of(on), false);
        assertThat(missing.problems()).isEmpty();
        assertThat(missing.absent()).containsExactly(on);
    }
}
