package dev.plumb.transport.ssh;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import net.schmizz.sshj.common.Buffer;

/**
 * The two requests of the OpenSSH agent protocol that public-key authentication needs
 * (draft-miller-ssh-agent: REQUEST_IDENTITIES and SIGN_REQUEST), over the agent's Unix socket.
 * SSHJ dropped its own agent support, so this small client fills that gap.
 */
final class AgentClient {
    private static final byte REQUEST_IDENTITIES = 11;
    private static final byte IDENTITIES_ANSWER = 12;
    private static final byte SIGN_REQUEST = 13;
    private static final byte SIGN_RESPONSE = 14;

    /** A key held by the agent: its public blob and comment. */
    record Identity(byte[] blob, String comment) {}

    private AgentClient() {}

    static List<Identity> identities(Path socket) throws IOException {
        Buffer.PlainBuffer reply = call(socket, new byte[] {REQUEST_IDENTITIES});
        try {
            if (reply.readByte() != IDENTITIES_ANSWER) {
                throw new IOException("the SSH agent refused to list its keys");
            }
            long n = reply.readUInt32();
            List<Identity> ids = new ArrayList<>();
            for (long i = 0; i < n; i++) {
                ids.add(new Identity(reply.readBytes(), reply.readString()));
            }
            return ids;
        } catch (Buffer.BufferException e) {
            throw new IOException("malformed answer from the SSH agent", e);
        }
    }

    /** Returns the signature blob (string algorithm, string signature) for {@code data}. */
    static byte[] sign(Path socket, byte[] keyBlob, byte[] data, int flags) throws IOException {
        Buffer.PlainBuffer req = new Buffer.PlainBuffer();
        req.putByte(SIGN_REQUEST).putString(keyBlob).putString(data).putUInt32(flags);
        Buffer.PlainBuffer reply = call(socket, req.getCompactData());
        try {
            if (reply.readByte() != SIGN_RESPONSE) {
                throw new IOException("the SSH agent refused to sign");
            }
            return reply.readBytes();
        } catch (Buffer.BufferException e) {
            throw new IOException("malformed signature from the SSH agent", e);
        }
    }

    private static Buffer.PlainBuffer call(Path socket, byte[] message) throws IOException {
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            ch.connect(UnixDomainSocketAddress.of(socket));
            ByteArrayOutputStream framed = new ByteArrayOutputStream();
            new DataOutputStream(framed).writeInt(message.length);
            framed.write(message);
            ch.write(ByteBuffer.wrap(framed.toByteArray()));
            ByteBuffer len = readFully(ch, 4);
            int n = len.getInt(0);
            if (n <= 0 || n > 256 * 1024) {
                throw new IOException("bad message length from the SSH agent: " + n);
            }
            return new Buffer.PlainBuffer(readFully(ch, n).array());
        }
    }

    private static ByteBuffer readFully(SocketChannel ch, int n) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(n);
        while (buf.hasRemaining()) {
            if (ch.read(buf) < 0) {
                throw new IOException("the SSH agent closed the connection");
            }
        }
        return buf;
    }
}
