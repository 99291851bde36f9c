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

/**
 * The shipped apt_package module with a .deb built on the host (no network): install, empty
 * plan, a hand removal drifts, repair, absent removes it.
 */
@LabHosts(count = 2)
class AptPackageModuleLabTest {
    private static final String DEB = "/var/tmp/plumb-hello_1.0_all.deb";

    private final Lab lab;
    private final LabHost host;

    AptPackageModuleLabTest(Lab lab) {
        this.lab = lab;
        this.host = lab.host(2);
    }

    @BeforeEach
    void buildDeb() {
        lab.ssh(host, """
                set -e
                d=$(mktemp -d)
                mkdir -p "$d/pkg/DEBIAN" "$d/pkg/usr/share/plumb-hello"
                printf 'hello\\n' > "$d/pkg/usr/share/plumb-hello/hello"
                printf 'Package: plumb-hello\\nVersion: 1.0\\nArchitecture: all\\nMaintainer: plumb <plumb@example.invalid>\\nDescription: plumb test package\\n' > "$d/pkg/DEBIAN/control"
                dpkg-deb --build "$d/pkg" %s >/dev/null
                rm -rf "$d"
                """.formatted(DEB)).orThrow();
    }

    @AfterEach
    void remove() {
        lab.ssh(host, "dpkg -P plumb-hello >/dev/null 2>&1; rm -f " + DEB).orThrow();
    }

    @Test
    void lifecycle(@TempDir Path dir) {
        Workspace ws = ModuleLab.workspace(lab, host, dir);
        ws.playbook("""
                plays:
                  - hosts: web
                    apt_package:
                      - {name: plumb-hello, version: "1.0", deb: %s}
                """.formatted(DEB));
        Cli.Result plan = ws.plumb("plan");
        assertThat(plan.exit()).as("%s", plan).isEqualTo(2);
        assertThat(plan.out()).contains("+ apt_package plumb-hello", "version: 1.0");

        ws.converge();
        assertThat(status()).isEqualTo("installed 1.0");

        lab.ssh(host, "dpkg -r plumb-hello >/dev/null").orThrow();
        Cli.Result drift = ws.plumb("drift");
        assertThat(drift.exit()).as("%s", drift).isEqualTo(2);
        assertThat(drift.out()).contains("+ apt_package plumb-hello");

        ws.converge();
        assertThat(status()).isEqualTo("installed 1.0");

        ws.playbook("""
                plays:
                  - hosts: web
                    apt_package:
                      - {name: plumb-hello, state: absent}
                """);
        ws.converge();
        assertThat(status()).isNotEqualTo("installed 1.0").doesNotStartWith("installed");
    }

    private String status() {
        return lab.ssh(host, "dpkg-query -W -f='${db:Status-Status} ${Version}' plumb-hello 2>/dev/null || true")
                .orThrow().out().strip();
    }
}
