package dev.plumb.transport.ssh;

import static dev.plumb.transport.ssh.KnownHostsTest.EC;
import static dev.plumb.transport.ssh.KnownHostsTest.EC_FP;
import static dev.plumb.transport.ssh.KnownHostsTest.ED;
import static dev.plumb.transport.ssh.KnownHostsTest.ED_FP;
import static dev.plumb.transport.ssh.KnownHostsTest.RSA;
import static dev.plumb.transport.ssh.KnownHostsTest.key;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import net.schmizz.sshj.DefaultConfig;

/** The policy over a known_hosts file: accept, record, refuse, and why. */
class HostKeysTest {
    @TempDir
    Path dir;

    private HostKeys load(Path file, boolean acceptNew, String address, int port) throws IOException {
        return HostKeys.load(file, acceptNew, address, port, new DefaultConfig().getKeyAlgorithms());
    }

    @Test
    void aKeyOfAnotherTypeIsRefusedWithOrWithoutAcceptNewNamingBothFingerprints() throws IOException {
        Path file = dir.resolve("known_hosts");
        String text = "198.51.100.7 " + EC + "\n";
        Files.writeString(file, text);
        for (boolean acceptNew : new boolean[] {false, true}) {
            HostKeys keys = load(file, acceptNew, "198.51.100.7", 22);
            assertThat(keys.verify("198.51.100.7", 22, key(ED))).isFalse();
            assertThat(keys.refusal().orElseThrow()).startsWith("HOST KEY CHANGED").contains(ED_FP, EC_FP, "line 1",
                    file.toString());
            assertThat(Files.readString(file)).isEqualTo(text);
        }
    }

    @Test
    void aRevokedKeyIsRefusedWithAcceptNew() throws IOException {
        Path file = dir.resolve("known_hosts");
        Files.writeString(file, "@revoked * " + ED + "\n");
        HostKeys keys = load(file, true, "198.51.100.7", 22);
        assertThat(keys.verify("198.51.100.7", 22, key(ED))).isFalse();
        assertThat(keys.refusal().orElseThrow()).startsWith("REVOKED HOST KEY").contains(ED_FP);
    }

    @Test
    void anUnknownHostIsRefusedUnlessAcceptNewThenRecordedOnce() throws IOException {
        Path file = dir.resolve("missing/dir/known_hosts");
        HostKeys refusing = load(file, false, "198.51.100.7", 2222);
        assertThat(refusing.verify("198.51.100.7", 2222, key(ED))).isFalse();
        assertThat(refusing.refusal().orElseThrow()).contains("unknown host key", ED_FP, "--accept-new-host-keys");
        assertThat(file).doesNotExist();

        HostKeys first = load(file, true, "198.51.100.7", 2222);
        HostKeys second = load(file, true, "198.51.100.7", 2222); // loaded before the first records
        assertThat(first.verify("198.51.100.7", 2222, key(ED))).isTrue();
        assertThat(second.verify("198.51.100.7", 2222, key(ED))).isTrue();
        assertThat(Files.readString(file)).isEqualTo("[198.51.100.7]:2222 " + ED + "\n");
        // What another run recorded meanwhile is checked, not overwritten or doubled.
        HostKeys third = load(dir.resolve("other"), true, "198.51.100.7", 2222);
        Files.writeString(dir.resolve("other"), "[198.51.100.7]:2222 " + RSA);
        assertThat(third.verify("198.51.100.7", 2222, key(ED))).isFalse();
        assertThat(third.refusal().orElseThrow()).startsWith("HOST KEY CHANGED");
        assertThat(Files.readString(dir.resolve("other"))).isEqualTo("[198.51.100.7]:2222 " + RSA);
    }

    @Test
    void hostsAcceptedAtOnceWithoutAFileAllGetTheirLine() throws Exception {
        Path file = dir.resolve("fresh/known_hosts");
        int hosts = 24;
        CyclicBarrier start = new CyclicBarrier(hosts);
        ExecutorService pool = Executors.newFixedThreadPool(hosts);
        try {
            List<Future<String>> done = new ArrayList<>();
            for (int i = 0; i < hosts; i++) {
                String address = "198.51.100." + i;
                String presented = i % 2 == 0 ? ED : EC;
                Callable<String> connect = () -> {
                    start.await();
                    HostKeys keys = load(file, true, address, 22);
                    return keys.verify(address, 22, key(presented)) ? "" : keys.refusal().orElseThrow();
                };
                done.add(pool.submit(connect));
            }
            for (Future<String> f : done) {
                assertThat(f.get()).isEmpty();
            }
        } finally {
            pool.shutdownNow();
        }
        List<String> lines = Files.readAllLines(file);
        assertThat(lines).hasSize(hosts);
        for (int i = 0; i < hosts; i++) {
            assertThat(lines).contains("198.51.100." + i + " " + (i % 2 == 0 ? ED : EC));
        }
    }

    @Test
    void aRecordedKeyGoesOnALineOfItsOwn() throws IOException {
        Path file = dir.resolve("known_hosts");
        Files.writeString(file, "existing.example.com " + RSA); // no final newline
        assertThat(load(file, true, "198.51.100.7", 22).verify("198.51.100.7", 22, key(ED))).isTrue();
        assertThat(Files.readAllLines(file)).containsExactly("existing.example.com " + RSA, "198.51.100.7 " + ED);
    }
}
