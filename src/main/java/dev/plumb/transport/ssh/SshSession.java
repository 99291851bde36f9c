package dev.plumb.transport.ssh;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import net.schmizz.keepalive.KeepAliveProvider;
import net.schmizz.keepalive.KeepAliveRunner;
import net.schmizz.sshj.DefaultConfig;
import net.schmizz.sshj.SSHClient;
import net.schmizz.sshj.connection.channel.direct.Session;
import net.schmizz.sshj.userauth.UserAuthException;

/**
 * One authenticated SSH connection to one host, held for a whole run. Thread-compatible: one
 * host is driven by one worker at a time.
 *
 * <p>Every {@link #run} executes a script with {@code /bin/sh}. The script travels on stdin and
 * is read whole before it runs, so neither it nor any payload inside it (file content, secrets)
 * ever appears in a command line, and commands inside it see an empty stdin.
 */
public final class SshSession implements AutoCloseable {
    private static final String RUNNER = "/bin/sh -c 'plumb_script=$(cat) && eval \"$plumb_script\"'";

    /**
     * Threads that read commands' output beside the caller (stderr while stdout is read, a held
     * command's first line). Not the common pool: it has
     * one thread on a 2-core machine, and every host's command would wait for the others.
     */
    static final ExecutorService DRAINS = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "plumb-stderr");
        t.setDaemon(true);
        return t;
    });

    static {
        // BouncyCastle proves every RSA public key's modulus composite with Miller-Rabin rounds
        // when it parses one: about 60 ms a key, for each RSA line of known_hosts and each RSA host
        // key. plumb only compares host keys with pinned ones and verifies signatures with them, for
        // which that proof adds nothing, so it is turned off (unless set explicitly).
        if (System.getProperty("org.bouncycastle.rsa.max_mr_tests") == null) {
            System.setProperty("org.bouncycastle.rsa.max_mr_tests", "0");
        }
    }

    private final SshTarget target;
    private final SSHClient client;
    private final AtomicInteger roundTrips = new AtomicInteger();

    private SshSession(SshTarget target, SSHClient client) {
        this.target = target;
        this.client = client;
    }

    /** Connects, verifies the host key and authenticates, or fails with a one-line reason. */
    public static SshSession open(SshTarget target) throws TransportException {
        DefaultConfig config = new DefaultConfig();
        config.setKeepAliveProvider(KeepAliveProvider.KEEP_ALIVE);
        SSHClient client = new SSHClient(config);
        client.setSocketFactory(NoDelaySockets.INSTANCE);
        HostKeys hostKeys;
        try {
            hostKeys = HostKeys.load(target.knownHosts(), target.acceptNew(), target.address(), target.port());
        } catch (IOException e) {
            throw fail(target, "cannot read known_hosts " + target.knownHosts() + ": " + e.getMessage(), e);
        }
        client.addHostKeyVerifier(hostKeys);
        int timeoutMs = (int) target.connectTimeout().toMillis();
        client.setConnectTimeout(timeoutMs);
        client.setTimeout(Math.max(timeoutMs, 30_000));
        try {
            client.connect(target.address(), target.port());
            // A host that stops answering is given up after about 10 s (5 unanswered probes).
            client.getConnection().getKeepAlive().setKeepAliveInterval(2);
            if (client.getConnection().getKeepAlive() instanceof KeepAliveRunner runner) {
                runner.setMaxAliveCount(5);
            }
        } catch (IOException e) {
            closeQuietly(client);
            String why = hostKeys.refusal().orElseGet(() -> cause(e));
            throw fail(target, why, e);
        }
        try {
            Authenticator.authenticate(client, target);
        } catch (UserAuthException e) {
            closeQuietly(client);
            throw fail(target, "authentication refused for user '" + target.user() + "'"
                    + target.identity().map(p -> " with key " + p).orElse(" via the SSH agent"), e);
        } catch (IOException e) {
            closeQuietly(client);
            throw fail(target, cause(e), e);
        }
        return new SshSession(target, client);
    }

    public SshTarget target() {
        return target;
    }

    /** Number of commands run on this connection so far (one round trip each). */
    public int roundTrips() {
        return roundTrips.get();
    }

    /**
     * Runs {@code script} with /bin/sh (through {@code sudo -n} when the target asks for it) and
     * waits up to {@code timeout} for it to finish. A non-zero exit is a result, not an error.
     */
    public ExecResult run(String script, Duration timeout) throws TransportException {
        roundTrips.incrementAndGet();
        String command = target.sudo() ? "sudo -n " + RUNNER : RUNNER;
        try (Session session = client.startSession()) {
            Session.Command cmd = session.exec(command);
            CompletableFuture<byte[]> err = CompletableFuture.supplyAsync(() -> drain(cmd.getErrorStream()), DRAINS);
            try (OutputStream in = cmd.getOutputStream()) {
                in.write((script + "\n# end of plumb script\n").getBytes(StandardCharsets.UTF_8));
            }
            byte[] out = cmd.getInputStream().readAllBytes();
            cmd.join(timeout.toMillis(), TimeUnit.MILLISECONDS);
            Integer status = cmd.getExitStatus();
            String stderr = new String(err.get(timeout.toMillis(), TimeUnit.MILLISECONDS), StandardCharsets.UTF_8);
            if (status == null) {
                throw new TransportException(target.name(), target.describe() + ": command ended without an exit status"
                        + (cmd.getExitSignal() != null ? " (signal " + cmd.getExitSignal() + ")" : ""));
            }
            return new ExecResult(status, out, stderr);
        } catch (TransportException e) {
            throw e;
        } catch (java.util.concurrent.TimeoutException e) {
            throw fail(target, "command timed out after " + timeout.toSeconds() + " s", e);
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw fail(target, cause(e), e);
        }
    }

    @Override
    public void close() {
        closeQuietly(client);
    }

    /**
     * Sockets with Nagle's algorithm off. A command is a few small packets each way; with Nagle
     * and delayed ACKs each exchange stalls about 40 ms, which made every command take 90 ms.
     */
    private static final class NoDelaySockets extends javax.net.SocketFactory {
        static final NoDelaySockets INSTANCE = new NoDelaySockets();

        @Override
        public java.net.Socket createSocket() throws IOException {
            java.net.Socket s = new java.net.Socket();
            s.setTcpNoDelay(true);
            return s;
        }

        @Override
        public java.net.Socket createSocket(String host, int port) throws IOException {
            java.net.Socket s = createSocket();
            s.connect(new java.net.InetSocketAddress(host, port));
            return s;
        }

        @Override
        public java.net.Socket createSocket(String host, int port, java.net.InetAddress local, int localPort)
                throws IOException {
            java.net.Socket s = createSocket();
            s.bind(new java.net.InetSocketAddress(local, localPort));
            s.connect(new java.net.InetSocketAddress(host, port));
            return s;
        }

        @Override
        public java.net.Socket createSocket(java.net.InetAddress host, int port) throws IOException {
            java.net.Socket s = createSocket();
            s.connect(new java.net.InetSocketAddress(host, port));
            return s;
        }

        @Override
        public java.net.Socket createSocket(java.net.InetAddress host, int port, java.net.InetAddress local,
                                            int localPort) throws IOException {
            java.net.Socket s = createSocket();
            s.bind(new java.net.InetSocketAddress(local, localPort));
            s.connect(new java.net.InetSocketAddress(host, port));
            return s;
        }
    }

    /** Package access for port forwarding and SFTP helpers in this package. */
    SSHClient client() {
        return client;
    }

    private static byte[] drain(InputStream in) {
        try {
            ByteArrayOutputStream buf = new ByteArrayOutputStream();
            in.transferTo(buf);
            return buf.toByteArray();
        } catch (IOException e) {
            return new byte[0];
        }
    }

    private static TransportException fail(SshTarget target, String why, Throwable cause) {
        return new TransportException(target.name(), target.describe() + ": " + why, cause);
    }

    /** A short, human cause for a connection-level failure. */
    static String cause(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ConnectException) {
                return "connection refused (is sshd running?)";
            }
            if (t instanceof NoRouteToHostException) {
                return "no route to host";
            }
            if (t instanceof UnknownHostException) {
                return "unknown host name " + t.getMessage();
            }
            if (t instanceof SocketTimeoutException) {
                return "timed out";
            }
        }
        String msg = e.getMessage();
        if (msg == null || msg.isBlank()) {
            msg = e.getClass().getSimpleName();
        }
        return msg.lines().findFirst().orElse(msg);
    }

    private static void closeQuietly(SSHClient client) {
        try {
            client.close();
        } catch (IOException | RuntimeException ignored) {
            // closing a dead connection has nothing left to report
        }
    }
}
