package dev.plumb.transport.ssh;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import net.schmizz.keepalive.KeepAlive;
import net.schmizz.keepalive.KeepAliveProvider;
import net.schmizz.keepalive.KeepAliveRunner;
import net.schmizz.sshj.DefaultConfig;
import net.schmizz.sshj.SSHClient;
import net.schmizz.sshj.common.DisconnectReason;
import net.schmizz.sshj.common.SSHException;
import net.schmizz.sshj.connection.channel.Channel;
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

    /** What to do when the connection ends, however it ends (see {@link #onEnd}). */
    private final Set<Runnable> onEnd = ConcurrentHashMap.newKeySet();

    private SshSession(SshTarget target, SSHClient client) {
        this.target = target;
        this.client = client;
        client.getTransport().setDisconnectListener((reason, message) -> onEnd.forEach(Runnable::run));
    }

    /**
     * Connects, verifies the host key and authenticates, or fails with a one-line reason. The
     * target's connect timeout bounds every wait on the host, then and later: connecting, key
     * exchange, opening and closing channels, and silence. A host that stops answering (its
     * keep-alive probes unanswered for that long) is given up, and every command, held command
     * and forwarded connection on it fails.
     */
    public static SshSession open(SshTarget target) throws TransportException {
        DefaultConfig config = new DefaultConfig();
        config.setKeepAliveProvider(KeepAliveProvider.KEEP_ALIVE);
        SSHClient client = new SSHClient(config);
        client.setSocketFactory(NoDelaySockets.INSTANCE);
        HostKeys hostKeys;
        try {
            hostKeys = HostKeys.load(target.knownHosts(), target.acceptNew(), target.address(), target.port(),
                    config.getKeyAlgorithms());
        } catch (IOException e) {
            throw fail(target, "cannot read known_hosts " + target.knownHosts() + ": " + e.getMessage(), e);
        }
        client.addHostKeyVerifier(hostKeys);
        int timeoutMs = (int) Math.max(1000, target.connectTimeout().toMillis());
        client.setConnectTimeout(timeoutMs);
        client.setTimeout(timeoutMs);
        client.getTransport().setTimeoutMs(timeoutMs);
        client.getConnection().setTimeoutMs(timeoutMs);
        keepAlive(client, timeoutMs / 1000);
        try {
            client.connect(target.address(), target.port());
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

    /**
     * Probes the host every {@code seconds / 5} (at least 1) seconds once connected, and ends the
     * connection when about {@code seconds} pass without an answer. Set before connecting: SSHJ
     * starts the prober on connect only if it is enabled by then.
     */
    private static void keepAlive(SSHClient client, int seconds) {
        int interval = Math.max(1, seconds / 5);
        KeepAlive keepAlive = client.getConnection().getKeepAlive();
        keepAlive.setKeepAliveInterval(interval);
        if (keepAlive instanceof KeepAliveRunner runner) {
            runner.setMaxAliveCount(Math.max(2, (seconds + interval - 1) / interval));
        }
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
     * waits up to {@code timeout} for it to finish, output and exit status included; then, or
     * when the host stops answering, it fails. A non-zero exit is a result, not an error.
     */
    public ExecResult run(String script, Duration timeout) throws TransportException {
        roundTrips.incrementAndGet();
        String command = target.sudo() ? "sudo -n " + RUNNER : RUNNER;
        long deadline = System.nanoTime() + timeout.toNanos();
        Session session = null;
        try {
            session = client.startSession();
            Session.Command cmd = session.exec(command);
            CompletableFuture<byte[]> err = CompletableFuture.supplyAsync(() -> drain(cmd.getErrorStream()), DRAINS);
            CompletableFuture<byte[]> out = CompletableFuture.supplyAsync(() -> {
                try {
                    try (OutputStream in = cmd.getOutputStream()) {
                        in.write((script + "\n# end of plumb script\n").getBytes(StandardCharsets.UTF_8));
                    }
                    return cmd.getInputStream().readAllBytes();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }, DRAINS);
            byte[] stdout = out.get(left(deadline), TimeUnit.NANOSECONDS);
            String stderr = new String(err.get(left(deadline), TimeUnit.NANOSECONDS), StandardCharsets.UTF_8);
            cmd.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left(deadline))), TimeUnit.MILLISECONDS);
            Integer status = cmd.getExitStatus();
            if (status == null) {
                throw new TransportException(target.name(), target.describe() + ": command ended without an exit status"
                        + (cmd.getExitSignal() != null ? " (signal " + cmd.getExitSignal() + ")" : ""));
            }
            return new ExecResult(status, stdout, stderr);
        } catch (TransportException e) {
            throw e;
        } catch (java.util.concurrent.TimeoutException e) {
            throw fail(target, "command timed out after " + timeout.toSeconds() + " s", e);
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw fail(target, cause(e), e);
        } finally {
            closeQuietly(session);
        }
    }

    private static long left(long deadline) {
        return Math.max(0, deadline - System.nanoTime());
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

    /**
     * Runs {@code action} when the connection ends: closed, or given up because the host stopped
     * answering. For what SSHJ does not end by itself (a forwarded connection's local socket).
     *
     * @return undoes the registration
     */
    Runnable onEnd(Runnable action) {
        onEnd.add(action);
        return () -> onEnd.remove(action);
    }

    /** Package access for port forwarding and SFTP helpers in this package. */
    SSHClient client() {
        return client;
    }

    /** Closes a channel, waiting at most the connection's timeout for the host to confirm. */
    static void closeQuietly(Channel channel) {
        if (channel == null) {
            return;
        }
        try {
            channel.close();
        } catch (IOException | RuntimeException ignored) {
            // the channel or the connection is gone
        }
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
            if (t instanceof SSHException s && s.getDisconnectReason() == DisconnectReason.CONNECTION_LOST) {
                return "the host stopped answering (" + firstLine(s) + ")";
            }
            if (t instanceof java.util.concurrent.TimeoutException) {
                return "the host stopped answering (timed out)";
            }
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
        return firstLine(e);
    }

    private static String firstLine(Throwable e) {
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
