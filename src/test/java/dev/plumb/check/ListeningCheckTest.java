package dev.plumb.check;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.plumb.shell.LocalSh;

/**
 * The listening check's fragment, run by this machine's /bin/sh as plumb runs it on a host, then
 * evaluated: a service (re)started just before verify binds its port a moment later, so the check
 * reads the port again while nothing listens, as the http check retries while nothing answers
 * (the fragments run side by side: the http check passing must not leave this one behind).
 */
class ListeningCheckTest {
    private static final String LISTENER = "LISTEN 0      2048      127.0.0.1:8000      0.0.0.0:*"
            + "    users:((\"gunicorn\",pid=4242,fd=5))";

    private static Evaluated run(LocalSh sh, Check.Listening check) {
        LocalSh.Result r = sh.run(Scripts.fragment(check, "nonce"));
        assertThat(r.exit()).as("%s", r).isZero();
        return Evaluator.evaluate(check, Facts.of(r.lines()));
    }

    /** {@code ss} prints nothing for the first {@code silent} calls, then the listener; each call is counted. */
    private static LocalSh fakeSs(Path dir, int silent) throws Exception {
        LocalSh sh = new LocalSh(Files.createDirectories(dir.resolve("bin")));
        Path calls = dir.resolve("calls");
        sh.wrap("ss", "echo x >> '" + calls + "'\n"
                + "[ \"$(wc -l < '" + calls + "')\" -gt " + silent + " ] && echo '" + LISTENER + "'\nexit 0\n");
        sh.wrap("sleep", "exit 0\n");
        return sh;
    }

    private static long calls(Path dir) throws Exception {
        return Files.readAllLines(dir.resolve("calls")).size();
    }

    @Test
    void aListenerThatAppearsAfterTheFirstReadPasses(@TempDir Path dir) throws Exception {
        LocalSh sh = fakeSs(dir, 2);
        Evaluated e = run(sh, new Check.Listening(8000, List.of("127.0.0.1"), true));
        assertThat(e.ok()).as("%s", e).isTrue();
        assertThat(e.message()).isEqualTo("listening on 127.0.0.1 after 3 tries");
        assertThat(calls(dir)).isEqualTo(3);
    }

    @Test
    void aListenerThatIsThereIsReadOnce(@TempDir Path dir) throws Exception {
        LocalSh sh = fakeSs(dir, 0);
        Evaluated e = run(sh, new Check.Listening(8000, List.of("127.0.0.1"), true));
        assertThat(e.ok()).as("%s", e).isTrue();
        assertThat(e.message()).isEqualTo("listening on 127.0.0.1");
        assertThat(calls(dir)).isEqualTo(1);
    }

    @Test
    void nothingListeningFailsAfterTheLastTry(@TempDir Path dir) throws Exception {
        LocalSh sh = fakeSs(dir, 1000);
        Evaluated e = run(sh, new Check.Listening(8000, List.of(), false));
        assertThat(e.ok()).isFalse();
        assertThat(e.message()).isEqualTo("nothing listens on port 8000 after " + Check.Listening.TRIES + " tries");
        assertThat(calls(dir)).isEqualTo(Check.Listening.TRIES);
    }

    @Test
    void aWrongBindIsReportedAtOnce(@TempDir Path dir) throws Exception {
        LocalSh sh = new LocalSh(Files.createDirectories(dir.resolve("bin")));
        sh.wrap("ss", "echo '" + LISTENER.replace("127.0.0.1:8000", "0.0.0.0:8000") + "'\n");
        Evaluated e = run(sh, new Check.Listening(8000, List.of("127.0.0.1"), true));
        assertThat(e.ok()).isFalse();
        assertThat(e.message()).isEqualTo("listening on 0.0.0.0: also on 0.0.0.0 (every address)");
    }

    @Test
    void anIpv4MappedListenerIsItsIpv4Address() {
        assertThat(Evaluator.address("[::ffff:127.0.0.1]:8000")).isEqualTo("127.0.0.1");
        assertThat(Evaluator.address("[::FFFF:10.0.0.5]:80")).isEqualTo("10.0.0.5");
        assertThat(Evaluator.address("[::ffff:7f00:1]:80")).isEqualTo("::ffff:7f00:1");
        assertThat(Evaluator.address("[::]:22")).isEqualTo("::");
        assertThat(Evaluator.address("[fe80::1]%eth0:22")).isEqualTo("fe80::1");
        assertThat(Evaluator.address("*:80")).isEqualTo("*");
    }

    /** The real ss, and a socket (a JVM's: IPv4-mapped on a dual-stack socket) that starts listening 1.5 s after the check began. */
    @Test
    void aPortBoundWhileTheCheckRunsIsFound(@TempDir Path dir) throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/ss")) || Files.isExecutable(Path.of("/bin/ss")),
                "needs ss (iproute2)");
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        Check.Listening check = new Check.Listening(port, List.of("127.0.0.1"), true);
        LocalSh sh = new LocalSh(Files.createDirectories(dir.resolve("bin")));
        CompletableFuture<Evaluated> checked = CompletableFuture.supplyAsync(() -> run(sh, check));
        Thread.sleep(1500);
        try (ServerSocket server = new ServerSocket()) {
            server.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), port));
            Evaluated e = checked.get();
            assertThat(e.ok()).as("%s", e).isTrue();
            assertThat(e.message()).startsWith("listening on 127.0.0.1 after ");
        }
    }
}
