package dev.plumb.transport.ssh;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

import net.schmizz.sshj.connection.channel.direct.LocalPortForwarder;
import net.schmizz.sshj.connection.channel.direct.Parameters;

/**
 * A local port forward over a host's SSH session: connections to {@code 127.0.0.1:localPort()}
 * on the controller reach {@code remoteHost:remotePort} as seen from the host. The listening
 * socket is bound to loopback only, on an ephemeral port. Closing it stops the listener.
 */
public final class Forward implements AutoCloseable {
    private final ServerSocket socket;
    private final LocalPortForwarder forwarder;
    private final Thread thread;

    private Forward(ServerSocket socket, LocalPortForwarder forwarder, Thread thread) {
        this.socket = socket;
        this.forwarder = forwarder;
        this.thread = thread;
    }

    /** Opens a forward to {@code remoteHost:remotePort} (for example 127.0.0.1:5432) on {@code session}'s host. */
    public static Forward open(SshSession session, String remoteHost, int remotePort) throws TransportException {
        try {
            ServerSocket ss = new ServerSocket();
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
            return new Forward(ss, fwd, t);
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
        try {
            forwarder.close();
        } catch (IOException ignored) {
            // already closed
        }
        try {
            socket.close();
        } catch (IOException ignored) {
            // already closed
        }
        thread.interrupt();
    }
}
