package dev.plumb.resource.marker;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.plumb.cli.Cli;
import dev.plumb.cli.Workspace;
import dev.plumb.lab.Lab;
import dev.plumb.lab.LabHost;
import dev.plumb.lab.LabHosts;
import dev.plumb.resource.Kinds;

/**
 * A kind added in a test, registered with one line ({@code Kinds.builtIn().with(...)}), plans,
 * applies and drifts on a lab host through the normal CLI and engine, beside a built-in kind.
 */
@LabHosts(count = 3)
class MarkerKindLabTest {
    private static final Kinds KINDS = Kinds.builtIn().with(new MarkerKind());

    private final Lab lab;
    private final LabHost host;
    private Workspace ws;
    private String path;

    MarkerKindLabTest(Lab lab) {
        this.lab = lab;
        this.host = lab.host(2);
    }

    @BeforeEach
    void setUp(@TempDir Path dir) {
        ws = new Workspace(lab, dir).kinds(KINDS);
        ws.inventory(List.of(host), "root", "none", lab.knownHosts());
        path = "/var/tmp/plumb-marker-" + System.nanoTime();
    }

    @Test
    void plansAppliesAndDriftsThroughTheEngine() {
        ws.playbook("""
                plays:
                  - hosts: web
                    markers:
                      - {path: %s}
                    files:
                      - {path: %s.conf, content: "x\\n"}
                """.formatted(path, path));
        Cli.Result plan = ws.plumb("plan");
        assertThat(plan.exit()).as("%s", plan).isEqualTo(2);
        assertThat(plan.out()).contains("+ marker " + path, "+ file " + path + ".conf");

        ws.converge();
        assertThat(lab.ssh(host, "test -e '" + path + "' && echo yes").orThrow().out()).contains("yes");

        lab.ssh(host, "rm -f '" + path + "'").orThrow();
        Cli.Result drift = ws.plumb("drift");
        assertThat(drift.exit()).as("%s", drift).isEqualTo(2);
        assertThat(drift.out()).contains(path);

        ws.playbook("""
                plays:
                  - hosts: web
                    markers:
                      - {path: %s, state: absent}
                """.formatted(path));
        lab.ssh(host, ": > '" + path + "'").orThrow();
        ws.converge();
        assertThat(lab.ssh(host, "test -e '" + path + "' || echo gone").orThrow().out()).contains("gone");
    }

    @Test
    void withoutTheRegistryLineTheKeyIsUnknown() {
        ws.kinds(Kinds.builtIn());
        ws.playbook("""
                plays:
                  - hosts: web
                    markers:
                      - {path: %s}
                """.formatted(path));
        Cli.Result plan = ws.plumb("plan");
        assertThat(plan.exit()).isEqualTo(1);
        assertThat(plan.err()).contains("unknown key 'markers'");
    }
}
