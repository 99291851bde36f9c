package dev.plumb.transport.ssh;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.plumb.cli.Cli;
import dev.plumb.cli.Workspace;
import dev.plumb.lab.ExecResult;
import dev.plumb.lab.Lab;
import dev.plumb.lab.LabHost;
import dev.plumb.lab.LabHosts;

/** The SSH transport against real sshd: host keys, authentication, sudo, failures, round trips. */
@LabHosts(count = 3)
class SshLabTest {
    private final Lab lab;
    private Workspace ws;
    private Path tmp;
    private String path;

    SshLabTest(Lab lab) {
        this.lab = lab;
    }

    @BeforeEach
    void setUp(@TempDir Path dir) {
        tmp = dir;
        ws = new Workspace(lab, dir);
        path = "/srv/plumbtest/ssh-" + System.nanoTime() + "/f.conf";
        ws.playbook("""
                plays:
                  - hosts: web
                    files:
                      - {path: %s, content: "x\\n", mode: "0600"}
                """.formatted(path));
    }

    @AfterEach
    void repair() {
        lab.nsenter(lab.host(3), "systemctl start ssh.service").orThrow();
    }

    private SshTarget target(LabHost h, String user, Path knownHosts, boolean acceptNew) {
        return new SshTarget(h.name(), h.address(), h.port(), user, Optional.of(lab.privateKey()), Optional.empty(),
                knownHosts, acceptNew, false, Duration.ofSeconds(5));
    }

    @Test
    void aHostWithSshdStoppedFailsAloneWithOneLine() {
        LabHost down = lab.host(3);
        ws.inventory(List.of(lab.host(2), down), "root", "none", lab.knownHosts());
        lab.ssh(down, "systemctl stop ssh.service").orThrow();
        Cli.Result apply = ws.plumb("apply");
        assertThat(apply.exit()).as("%s", apply).isEqualTo(1);
        String line = apply.out().lines().filter(l -> l.startsWith("host3")).findFirst().orElseThrow();
        assertThat(line).contains("host3", down.address(), "connection refused");
        assertThat(apply.out()).contains("1 host changed", "1 failed");
        assertThat(apply.all()).doesNotContain("Exception", "\tat ");
        assertThat(lab.ssh(lab.host(2), "cat " + path).orThrow().out()).isEqualTo("x");
    }

    @Test
    void aHostThatNeverAnswersTimesOutAlone() {
        LabHost frozen = lab.host(3);
        ws.inventory(List.of(lab.host(2), frozen), "root", "none", lab.knownHosts());
        lab.pause(frozen);
        try {
            Cli.Result plan = ws.plumb("plan", "--connect-timeout", "2");
            assertThat(plan.exit()).as("%s", plan).isEqualTo(1);
            assertThat(plan.out()).contains("host2\n  + file " + path)
                    .containsPattern("host3: error: host3 \\(root@" + frozen.address() + ":22\\): .*timed out");
        } finally {
            lab.resume(frozen);
        }
    }

    @Test
    void unknownHostKeysAreRefusedWithTheirFingerprintUnlessAcceptNew() throws IOException {
        Path known = tmp.resolve("known_hosts");
        Files.writeString(known, "");
        ws.inventory(List.of(lab.host(2)), "root", "none", known);
        Cli.Result plan = ws.plumb("plan");
        assertThat(plan.exit()).isEqualTo(1);
        assertThat(plan.out()).contains("host2", "unknown host key", "SHA256:", "--accept-new-host-keys");

        plan = ws.plumb("plan", "--accept-new-host-keys");
        assertThat(plan.exit()).as("%s", plan).isEqualTo(2);
        assertThat(Files.readString(known)).contains(lab.host(2).address());
        // Recorded: the next run needs no flag.
        assertThat(ws.plumb("plan").exit()).isEqualTo(2);
    }

    @Test
    void aChangedHostKeyIsNeverAccepted() throws IOException {
        Path known = tmp.resolve("known_hosts");
        // host3's keys, claimed for host2's address: a man in the middle, as far as plumb can tell.
        String impostor = Files.readAllLines(lab.knownHosts()).stream()
                .filter(l -> l.startsWith(lab.host(3).address() + " "))
                .map(l -> l.replaceFirst("^\\S+", lab.host(2).address()))
                .reduce("", (a, b) -> a + b + "\n");
        Files.writeString(known, impostor);
        ws.inventory(List.of(lab.host(2)), "root", "none", known);
        Cli.Result plan = ws.plumb("plan", "--accept-new-host-keys");
        assertThat(plan.exit()).isEqualTo(1);
        assertThat(plan.out()).contains("host2", "HOST KEY CHANGED", "SHA256:");
        assertThat(Files.readString(known)).isEqualTo(impostor);
    }

    @Test
    void aNonRootUserWorksThroughSudo() {
        ws.inventory(List.of(lab.host(2)), "deploy", "sudo", lab.knownHosts());
        ws.converge();
        assertThat(lab.ssh(lab.host(2), "stat -c '%a %U' " + path).orThrow().out()).isEqualTo("600 root");
    }

    @Test
    void refusedAuthenticationIsOneClearLine() {
        ws.inventory(List.of(lab.host(2)), "nosuchuser", "none", lab.knownHosts());
        Cli.Result plan = ws.plumb("plan");
        assertThat(plan.exit()).isEqualTo(1);
        assertThat(plan.out()).contains("host2 (nosuchuser@" + lab.host(2).address() + ":22)",
                "authentication refused");
    }

    @Test
    void theAgentIsUsedWhenNoIdentityIsGiven() throws IOException {
        Path sock = tmp.resolve("agent.sock");
        ExecResult agent = lab.exec(Duration.ofSeconds(10), "ssh-agent", "-a", sock.toString());
        assertThat(agent.ok()).as("%s", agent).isTrue();
        String pid = agent.stdout().replaceAll("(?s).*SSH_AGENT_PID=(\\d+).*", "$1");
        try {
            ExecResult add = lab.exec(Duration.ofSeconds(10), "env", "SSH_AUTH_SOCK=" + sock, "ssh-add",
                    lab.privateKey().toString());
            assertThat(add.ok()).as("%s", add).isTrue();
            Path inv = ws.write("agent-inventory.yml", """
                    ssh: {user: root, known_hosts: %s}
                    hosts:
                      host2: {address: %s}
                    groups:
                      web: [host2]
                    """.formatted(lab.knownHosts(), lab.host(2).address()));
            Cli.Result plan = Cli.run(java.util.Map.of("SSH_AUTH_SOCK", sock.toString()), "plan",
                    ws.dir().resolve("playbook.yml").toString(), "-i", inv.toString(), "-q");
            assertThat(plan.exit()).as("%s", plan).isEqualTo(2);
        } finally {
            lab.exec(Duration.ofSeconds(5), "kill", pid);
        }
    }

    @Test
    void factsTakeOneRoundTripPerHost() {
        ws.inventory(List.of(lab.host(2), lab.host(3)), "root", "none", lab.knownHosts());
        Cli.Result plan = ws.plumb("plan", "--verbose");
        assertThat(plan.err()).contains("host2: 1 SSH round trip, 0 SQL round trips\n",
                "host3: 1 SSH round trip, 0 SQL round trips\n");
    }

    @Test
    void oneSessionServesManyCommands() throws TransportException {
        try (SshSession s = SshSession.open(target(lab.host(1), "root", lab.knownHosts(), false))) {
            for (int i = 0; i < 5; i++) {
                assertThat(s.run("echo $((" + i + " + 1))", Duration.ofSeconds(10)).out().strip())
                        .isEqualTo(String.valueOf(i + 1));
            }
            assertThat(s.roundTrips()).isEqualTo(5);
        }
    }
}
