package dev.plumb.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.plumb.cli.Cli;
import dev.plumb.cli.Workspace;
import dev.plumb.lab.Lab;
import dev.plumb.lab.LabHost;
import dev.plumb.lab.LabHosts;
import dev.plumb.transport.ssh.SshSession;

/** Many hosts at once: ordering (after, serial), locking, and a link cut mid-apply. */
@LabHosts(count = 4)
class ManyHostsLabTest {
    private static final Pattern TIMELINE = Pattern.compile("(?m)^  (host\\d+)\\s+([\\d.]+)s →\\s+([\\d.]+)s  (.*)$");

    private final Lab lab;
    private Workspace ws;
    private String dir;

    ManyHostsLabTest(Lab lab) {
        this.lab = lab;
    }

    @BeforeEach
    void setUp(@TempDir Path tmp) {
        ws = new Workspace(lab, tmp);
        dir = "/srv/plumbtest/many-" + System.nanoTime();
    }

    @AfterEach
    void repair() {
        for (LabHost h : lab.hosts()) {
            lab.linkUp(h);
        }
    }

    record Span(double start, double end, String what) {}

    private static Map<String, Span> timeline(Cli.Result r) {
        Map<String, Span> out = new java.util.LinkedHashMap<>();
        Matcher m = TIMELINE.matcher(r.out());
        while (m.find()) {
            out.put(m.group(1), new Span(Double.parseDouble(m.group(2)), Double.parseDouble(m.group(3)), m.group(4)));
        }
        return out;
    }

    private String file(String name, String content) {
        return "      - {path: " + dir + "/" + name + ", content: \"" + content + "\"}\n";
    }

    @Test
    void afterAndSerialAreVisibleInTheTimeline() {
        ws.playbook("plays:\n"
                + "  - name: first\n    hosts: host1\n    files:\n" + file("first", "1")
                + "  - name: rest\n    hosts: host2:host3:host4\n    after: [first]\n    serial: 1\n    files:\n"
                + file("rest", "1"));
        Cli.Result apply = ws.plumb("apply");
        assertThat(apply.exit()).as("%s", apply).isZero();
        Map<String, Span> t = timeline(apply);
        assertThat(t.keySet()).containsExactly("host1", "host2", "host3", "host4");
        assertThat(t.get("host2").start()).isGreaterThanOrEqualTo(t.get("host1").end());
        assertThat(t.get("host3").start()).isGreaterThanOrEqualTo(t.get("host2").end());
        assertThat(t.get("host4").start()).isGreaterThanOrEqualTo(t.get("host3").end());
    }

    @Test
    void aFailedPlayOrBatchSkipsWhatWaitsForItWithTheReason() {
        // /etc/hostname is a file, so nothing can be created below it: host1 fails.
        ws.playbook("plays:\n"
                + "  - name: first\n    hosts: host1\n    files:\n"
                + "      - {path: /etc/hostname/impossible, content: \"x\"}\n"
                + "  - name: rest\n    hosts: host2:host3\n    after: [first]\n    files:\n" + file("rest", "1")
                + "  - name: alone\n    hosts: host4\n    files:\n" + file("alone", "1"));
        Cli.Result apply = ws.plumb("apply");
        assertThat(apply.exit()).isEqualTo(1);
        Map<String, Span> t = timeline(apply);
        assertThat(t.get("host1").what()).startsWith("failed: ");
        assertThat(t.get("host2").what())
                .isEqualTo("skipped: play 'rest' runs after play 'first', which failed on host1");
        assertThat(t.get("host3").what()).startsWith("skipped: ");
        assertThat(t.get("host4").what()).isEqualTo("applied 1 change");
        assertThat(apply.out()).contains("1 host changed, 0 unchanged, 1 failed, 2 skipped.");
        assertThat(lab.ssh(lab.host(2), "test -e " + dir + "/rest").exitCode()).isEqualTo(1);
        // --fail-fast: nothing after the first failure starts.
        ws.playbook("plays:\n  - hosts: host1\n    files:\n      - {path: /etc/hostname/impossible, content: \"x\"}\n"
                + "  - name: later\n    hosts: host2\n    after: [host1]\n    files:\n" + file("later", "1"));
        assertThat(timeline(ws.plumb("apply", "--fail-fast", "--forks", "1")).get("host2").what()).startsWith("skipped: ");
    }

    @Test
    void twoAppliesOnOneHostSerializeAndTheLockNamesItsHolder() throws Exception {
        ws.inventory(List.of(lab.host(2)), "root", "none", lab.knownHosts());
        ws.playbook("plays:\n  - hosts: web\n    files:\n" + file("a", "first"));
        Workspace slow = new Workspace(lab, ws.dir().resolve("slow"));
        slow.inventory(List.of(lab.host(2)), "root", "none", lab.knownHosts());
        slow.playbook("plays:\n  - hosts: web\n    files:\n" + file("a", "slow"));
        slow.hooks(new Engine.Hooks() {
            @Override
            public void afterWrites(String host, SshSession session) {
                sleep(4000); // holding the host lock
            }
        });
        long t0 = System.nanoTime();
        CompletableFuture<Cli.Result> first = CompletableFuture.supplyAsync(() -> slow.plumb("apply"));
        sleep(1500);
        Cli.Result busy = ws.plumb("apply", "--lock-timeout", "1");
        assertThat(busy.exit()).isEqualTo(1);
        assertThat(busy.out()).containsPattern("another plumb run holds the host lock after waiting 1 s: plumb pid \\d+"
                + " by \\S+ on \\S+ since 20\\d\\d-");
        Cli.Result second = ws.plumb("apply");
        double secondEnded = (System.nanoTime() - t0) / 1e9;
        Cli.Result slowResult = first.get();
        assertThat(slowResult.exit()).as("%s", slowResult).isZero();
        assertThat(second.exit()).as("%s", second).isZero();
        // The second run could only write after the first released the lock (4 s of sleep).
        assertThat(secondEnded).isGreaterThan(4.0);
        assertThat(lab.ssh(lab.host(2), "cat " + dir + "/a").orThrow().out()).isEqualTo("first");
    }

    @Test
    void aLinkCutMidApplyFailsThatHostAloneAndTheNextRunConverges() {
        String unit = "plumbtest-cut-" + System.nanoTime();
        ws.inventory(List.of(lab.host(2), lab.host(3), lab.host(4)), "root", "none", lab.knownHosts());
        String play = "plays:\n  - hosts: web\n    files:\n"
                + "      - {path: " + dir + "/app.conf, content: \"%s\", notify: [" + unit + "]}\n"
                + "    services:\n      - name: " + unit + "\n        state: running\n        unit: |\n"
                + "          [Service]\n          ExecStart=/usr/bin/sleep infinity\n";
        ws.playbook(play.formatted("1"));
        ws.converge();
        ws.playbook(play.formatted("2"));
        LabHost cut = lab.host(3);
        ws.hooks(new Engine.Hooks() {
            @Override
            public void afterWrites(String host, SshSession session) {
                if (host.equals(cut.name())) {
                    lab.linkDown(cut);
                }
            }
        });
        try {
            // host3 is given up once it has been silent for the connect timeout: 5 s rather than the default 10.
            Cli.Result apply = ws.plumb("apply", "--connect-timeout", "5");
            assertThat(apply.exit()).isEqualTo(1);
            Map<String, Span> t = timeline(apply);
            assertThat(t.get("host2").what()).isEqualTo("applied 2 changes");
            assertThat(t.get("host4").what()).isEqualTo("applied 2 changes");
            assertThat(t.get("host3").what()).startsWith("failed: host3 (root@" + cut.sshAddress() + ":" + cut.port() + ")");
        } finally {
            lab.linkUp(cut);
            ws.hooks(Engine.Hooks.NONE);
        }
        Cli.Result plan = ws.plumb("plan");
        assertThat(plan.out()).contains("host3\n  ↻ service " + unit + ".service  (pending from an interrupted run)");
        // The cut run's lock on host3 ends once its heartbeat stops (15 s), though its sshd
        // session may linger: the next run gets the lock well within 30 s.
        ws.converge("--lock-timeout", "30");
        // The unit goes from the three hosts side by side.
        CompletableFuture.allOf(List.of(lab.host(2), cut, lab.host(4)).stream().map(h -> CompletableFuture.runAsync(
                () -> lab.ssh(h, "systemctl disable --now " + unit + "; rm -f /etc/systemd/system/" + unit + ".service")))
                .toArray(CompletableFuture[]::new)).join();
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
