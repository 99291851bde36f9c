package dev.plumb.transport.ssh;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import net.schmizz.sshj.connection.channel.direct.LocalPortForwarder;
import net.schmizz.sshj.connection.channel.direct.Parameters;

/**
 * A local port forward over a host's SSH session: connections to {@code 127.0.0.1:localPort()}
 * on the controller reach {@code remoteHost:remotePort} as seen from the host. The listening
 * socket is bound to loopback only, on an ephemeral port. Closing it stops the listener and
 * closes the connections it accepted; so does the end of the session, in particular when the
 * host stops answering (SSHJ would leave an idle local connection open).
 */
public final class Forward implements AutoCloseable {
    private final ServerSocket socket;
    private final Set<Socket> accepted;
    private final LocalPortForwarder forwarder;
    private final Thread thread;
    private final Runnable unregister;

    private Forward(ServerSocket socket, Set<Socket> accepted, LocalPortForwarder forwarder, Thread thread,
                    SshSession session) {
        this.socket = socket;
        this.accepted = accepted;
        this.forwarder = forwarder;
        this.thread = thread;
        this.unregister = session.onEnd(this::close);
    }

    /** Opens a forward to {@code remoteHost:remotePort} (for example 127.0.0.1:5432) on {@code session}'s host. */
    public static Forward open(SshSession session, String remoteHost, int remotePort) throws TransportException {
        Set<Socket> accepted = ConcurrentHashMap.newKeySet();
        try {
            ServerSocket ss = new ServerSocket() {
                @Override
                public Socket accept() throws IOException {
                    Socket s = super.accept();
                    accepted.removeIf(Socket::isClosed);
                    accepted.add(s);
                    return s;
                }
            };
            ss.setReuseAddress(true);
            ss.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            Parameters p = new Parameters("127.0.0.1", ss.getLocalPort(), remoteHost, remotePort);
            LocalPortForwarder fwd = session.client().newLocalPortForwarder(p, ss);
            Thread t = new Thread(() -> {
                try {
                    fwd.listen();
                } catch (IOException e) {
                    // closed: the forward is over
                }
            }, "plumb-forward-" + session.target().name());
            t.setDaemon(true);
            t.start();
            return new Forward(ss, accepted, fwd, t, session);
        } catch (IOException e) {
            throw new TransportException(session.target().name(), session.target().describe()
                    + ": cannot forward to " + remoteHost + ":" + remotePort + ": " + SshSession.cause(e), e);
        }
    }

    public int localPort() {
        return socket.getLocalPort();
    }

    @Override
    public void close() {
        unregister.run();
        try {
            forwarder.close();
        } catch (IOException ignored) {
            // already closed
        }
        for (AutoCloseable c : Set.<AutoCloseable>copyOf(accepted)) {
            closeQuietly(c);
        }
        closeQuietly(socket);
        thread.interrupt();
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception ignored) {
            // already closed
        }
    }
}
