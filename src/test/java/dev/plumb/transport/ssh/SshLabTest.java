package dev.plumb.transport.ssh;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.plumb.cli.Cli;
import dev.plumb.cli.Workspace;
import dev.plumb.engine.Engine;
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
        return target(h, user, knownHosts, acceptNew, 5);
    }

    private SshTarget target(LabHost h, String user, Path knownHosts, boolean acceptNew, int timeoutSeconds) {
        return new SshTarget(h.name(), h.sshAddress(), h.port(), user, Optional.of(lab.privateKey()), Optional.empty(),
                knownHosts, acceptNew, false, Duration.ofSeconds(timeoutSeconds));
    }

    @Test
    void aHostWithSshdStoppedFailsAloneWithOneLine() {
        LabHost down = lab.host(3);
        ws.inventory(List.of(lab.host(2), down), "root", "none", lab.knownHosts());
        lab.ssh(down, "systemctl stop ssh.service").orThrow();
        Cli.Result apply = ws.plumb("apply");
        assertThat(apply.exit()).as("%s", apply).isEqualTo(1);
        String line = apply.out().lines().filter(l -> l.startsWith("host3")).findFirst().orElseThrow();
        // nspawn: the host's kernel refuses; docker: the engine's proxy of the published port
        // accepts, then closes the connection as nothing is behind it.
        assertThat(line).contains("host3", down.sshEndpoint(),
                lab.backend().equals("nspawn") ? "connection refused" : "closed connection");
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
                    .containsPattern("host3: error: host3 \\(root@" + java.util.regex.Pattern.quote(frozen.sshEndpoint())
                            + "\\): .*timed out");
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
        assertThat(Files.readString(known)).contains(lab.host(2).knownHostsName());
        // Recorded: the next run needs no flag.
        assertThat(ws.plumb("plan").exit()).isEqualTo(2);
    }

    @Test
    void aChangedHostKeyIsNeverAccepted() throws IOException {
        Path known = tmp.resolve("known_hosts");
        // host3's keys, claimed for host2's address: a man in the middle, as far as plumb can tell.
        String impostor = Files.readAllLines(lab.knownHosts()).stream()
                .filter(l -> l.startsWith(lab.host(3).knownHostsName() + " "))
                .map(l -> l.replace(lab.host(3).knownHostsName() + " ", lab.host(2).knownHostsName() + " "))
                .reduce("", (a, b) -> a + b + "\n");
        Files.writeString(known, impostor);
        ws.inventory(List.of(lab.host(2)), "root", "none", known);
        Cli.Result plan = ws.plumb("plan", "--accept-new-host-keys");
        assertThat(plan.exit()).isEqualTo(1);
        assertThat(plan.out()).contains("host2", "HOST KEY CHANGED", "SHA256:");
        assertThat(Files.readString(known)).isEqualTo(impostor);
    }

    /** {@code h}'s lines in the lab's known_hosts with keys of {@code type}, or of the other types if {@code !same}. */
    private String linesOf(LabHost h, String type, boolean same) throws IOException {
        return Files.readAllLines(lab.knownHosts()).stream()
                .filter(l -> l.startsWith(h.knownHostsName() + " ") && l.split(" ")[1].equals(type) == same)
                .map(l -> l + "\n").reduce("", String::concat);
    }

    /** "SHA256:..." of each key in {@code lines}, by ssh-keygen. */
    private List<String> fingerprints(String lines) throws IOException {
        Path f = Files.writeString(tmp.resolve("fp-" + System.nanoTime()), lines);
        return lab.exec(Duration.ofSeconds(10), "ssh-keygen", "-lf", f.toString()).orThrow().stdout().lines()
                .map(l -> l.split(" ")[1]).toList();
    }

    @Test
    void aHostWhoseKeyChangedTypeIsRefusedWithAndWithoutAcceptNew() throws IOException {
        LabHost h = lab.host(2);
        Path known = tmp.resolve("known_hosts");
        String recorded = linesOf(h, "ssh-ed25519", false); // its ECDSA and RSA keys
        Files.writeString(known, recorded);
        ws.inventory(List.of(h), "root", "none", known);
        // The host (or whoever answers in its place) now offers only an Ed25519 key.
        String dropIn = "/etc/ssh/sshd_config.d/plumbtest-hostkey.conf";
        lab.ssh(h, "echo 'HostKey /etc/ssh/ssh_host_ed25519_key' > " + dropIn + " && systemctl reload ssh.service")
                .orThrow();
        offersEcdsa(h, false);
        try {
            List<String> presented = fingerprints(linesOf(h, "ssh-ed25519", true));
            for (String[] flags : List.of(new String[0], new String[] {"--accept-new-host-keys"})) {
                Cli.Result plan = ws.plumb("plan", flags);
                assertThat(plan.exit()).as("%s", plan).isEqualTo(1);
                assertThat(plan.out()).contains("host2", "HOST KEY CHANGED", "ssh-ed25519 " + presented.get(0))
                        .contains(fingerprints(recorded));
                assertThat(Files.readString(known)).isEqualTo(recorded);
            }
        } finally {
            lab.nsenter(h, "rm -f " + dropIn + " && systemctl reload ssh.service").orThrow();
            offersEcdsa(h, true);
        }
    }

    /**
     * Waits (up to 10 s) until sshd on {@code h} offers an ECDSA host key or not, as {@code ecdsa}
     * says: a reload re-executes sshd, which takes effect, and refuses connections, a moment later.
     */
    private void offersEcdsa(LabHost h, boolean ecdsa) {
        long until = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (true) {
            String ecdsaKey = lab.exec(Duration.ofSeconds(5), "ssh-keyscan", "-T", "2", "-p",
                    Integer.toString(h.port()), "-t", "ecdsa", h.sshAddress())
                    .stdout();
            String any = lab.exec(Duration.ofSeconds(5), "ssh-keyscan", "-T", "2", "-p",
                    Integer.toString(h.port()), "-t", "ed25519", h.sshAddress())
                    .stdout();
            if (any.contains("ssh-ed25519") && ecdsaKey.contains("ecdsa") == ecdsa) {
                return;
            }
            if (System.nanoTime() > until) {
                throw new AssertionError("sshd on " + h.name() + " did not take its new configuration");
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted", e);
            }
        }
    }

    @Test
    void hashedKnownHostsAreHonoured() throws IOException {
        Path known = Files.copy(lab.knownHosts(), tmp.resolve("known_hosts"));
        lab.exec(Duration.ofSeconds(10), "ssh-keygen", "-H", "-f", known.toString()).orThrow();
        assertThat(Files.readString(known)).doesNotContain(lab.host(2).knownHostsName());
        ws.inventory(List.of(lab.host(2)), "root", "none", known);
        Cli.Result plan = ws.plumb("plan");
        assertThat(plan.exit()).as("%s", plan).isEqualTo(2);
    }

    @Test
    void acceptNewWithoutKnownHostsRecordsEveryHostOfTheRun() throws IOException {
        Path known = tmp.resolve("no/such/dir/known_hosts");
        List<LabHost> hosts = List.of(lab.host(1), lab.host(2), lab.host(3));
        ws.inventory(hosts, "root", "none", known);
        Cli.Result plan = ws.plumb("plan", "--accept-new-host-keys");
        assertThat(plan.exit()).as("%s", plan).isEqualTo(2);
        List<String> lines = Files.readAllLines(known);
        assertThat(lines).hasSize(3);
        for (LabHost h : hosts) {
            assertThat(lines).containsOnlyOnce(linesOf(h, "ssh-ed25519", true).strip());
        }
        Cli.Result again = ws.plumb("plan");
        assertThat(again.exit()).as("%s", again).isEqualTo(2);
        assertThat(Files.readAllLines(known)).isEqualTo(lines);
    }

    @Test
    void aHostFrozenMidCommandFailsAloneWithinTheTimeout() throws Exception {
        LabHost frozen = lab.host(3);
        try (SshSession s3 = SshSession.open(target(frozen, "root", lab.knownHosts(), false, 3));
             SshSession s2 = SshSession.open(target(lab.host(2), "root", lab.knownHosts(), false, 3))) {
            CompletableFuture<String> running = CompletableFuture.supplyAsync(() -> {
                try {
                    return s3.run("sleep 100; echo done", Duration.ofSeconds(120)).out();
                } catch (TransportException e) {
                    return e.getMessage();
                }
            });
            awaitProcess(frozen, "sleep");
            lab.pause(frozen);
            long start = System.nanoTime();
            String outcome = running.get(30, TimeUnit.SECONDS);
            long seconds = (System.nanoTime() - start) / 1_000_000_000L;
            assertThat(outcome).startsWith("host3 (root@" + frozen.sshEndpoint() + "): ").contains("stopped answering");
            assertThat(seconds).as("seconds to give up").isLessThanOrEqualTo(8);
            assertThat(s2.run("echo fine", Duration.ofSeconds(10)).out()).isEqualTo("fine\n");
        } finally {
            lab.resume(frozen);
        }
    }

    @Test
    void aForwardedConnectionToAFrozenHostEndsWithinTheTimeout() throws Exception {
        LabHost frozen = lab.host(3);
        try (SshSession s3 = SshSession.open(target(frozen, "root", lab.knownHosts(), false, 3));
             Forward f = Forward.open(s3, "127.0.0.1", 22);
             Socket socket = new Socket(InetAddress.getLoopbackAddress(), f.localPort())) {
            socket.setSoTimeout(30_000);
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                    StandardCharsets.US_ASCII));
            assertThat(in.readLine()).startsWith("SSH-2.0-");
            lab.pause(frozen);
            long start = System.nanoTime();
            try {
                assertThat(in.read()).isEqualTo(-1);
            } catch (SocketException e) {
                // reset: as good as the end
            }
            assertThat((System.nanoTime() - start) / 1_000_000_000L).as("seconds to end").isLessThanOrEqualTo(8);
        } finally {
            lab.resume(frozen);
        }
    }

    @Test
    void anApplyToAHostFrozenMidRunFailsThatHostAloneWithinTheTimeout() {
        LabHost frozen = lab.host(3);
        ws.inventory(List.of(lab.host(2), frozen), "root", "none", lab.knownHosts());
        ws.hooks(new Engine.Hooks() {
            @Override
            public void afterWrites(String host, SshSession session) {
                if (host.equals(frozen.name())) {
                    lab.pause(frozen);
                }
            }
        });
        try {
            long start = System.nanoTime();
            Cli.Result apply = ws.plumb("apply", "--connect-timeout", "3");
            long seconds = (System.nanoTime() - start) / 1_000_000_000L;
            assertThat(apply.exit()).as("%s", apply).isEqualTo(1);
            assertThat(apply.out()).containsPattern("host3 .*failed: host3 \\(root@"
                    + java.util.regex.Pattern.quote(frozen.sshEndpoint()) + "\\): .*stopped answering").contains("1 host changed", "1 failed");
            assertThat(seconds).as("seconds for the apply").isLessThanOrEqualTo(25);
        } finally {
            lab.resume(frozen);
        }
        assertThat(lab.ssh(lab.host(2), "cat " + path).orThrow().out()).isEqualTo("x");
    }

    /** Waits until a process named {@code name} runs on the host. */
    private void awaitProcess(LabHost h, String name) throws InterruptedException {
        for (int i = 0; i < 100; i++) {
            if (lab.ssh(h, "pgrep -x " + name).ok()) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no " + name + " on " + h.name());
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
        assertThat(plan.out()).contains("host2 (nosuchuser@" + lab.host(2).sshEndpoint() + ")",
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
                      host2: %s
                    groups:
                      web: [host2]
                    """.formatted(lab.knownHosts(), lab.host(2).inventoryEntry()));
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
