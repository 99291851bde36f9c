package dev.plumb.transport.ssh;

import java.io.IOException;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.PublicKey;

import net.schmizz.sshj.common.Buffer;
import net.schmizz.sshj.common.KeyType;
import net.schmizz.sshj.common.SSHPacket;
import net.schmizz.sshj.userauth.UserAuthException;
import net.schmizz.sshj.userauth.keyprovider.KeyProvider;
import net.schmizz.sshj.userauth.method.AuthPublickey;

/** Public-key authentication whose signature is made by the SSH agent, not from a key file. */
final class AgentAuth extends AuthPublickey {
    private static final int RSA_SHA2_256 = 2;

    private final Path socket;
    private final AgentClient.Identity identity;

    AgentAuth(Path socket, AgentClient.Identity identity) throws IOException {
        super(publicOnly(identity));
        this.socket = socket;
        this.identity = identity;
    }

    private boolean isRsa() throws UserAuthException {
        try {
            return KeyType.fromKey(kProv.getPublic()) == KeyType.RSA;
        } catch (IOException e) {
            throw new UserAuthException(e);
        }
    }

    /** The algorithm announced for this key; RSA keys use rsa-sha2-256, as the agent signs. */
    private String algorithm() throws UserAuthException {
        try {
            return isRsa() ? "rsa-sha2-256" : KeyType.fromKey(kProv.getPublic()).toString();
        } catch (IOException e) {
            throw new UserAuthException(e);
        }
    }

    @Override
    protected SSHPacket putPubKey(SSHPacket reqBuf) throws UserAuthException {
        reqBuf.putString(algorithm()).putString(identity.blob());
        return reqBuf;
    }

    @Override
    protected SSHPacket putSig(SSHPacket reqBuf) throws UserAuthException {
        byte[] data = new Buffer.PlainBuffer()
                .putString(params.getTransport().getSessionID())
                .putBuffer(reqBuf)
                .getCompactData();
        try {
            byte[] sig = AgentClient.sign(socket, identity.blob(), data, isRsa() ? RSA_SHA2_256 : 0);
            reqBuf.putString(sig);
            return reqBuf;
        } catch (IOException e) {
            throw new UserAuthException("the SSH agent could not sign: " + e.getMessage(), e);
        }
    }

    private static KeyProvider publicOnly(AgentClient.Identity identity) throws IOException {
        PublicKey pub;
        try {
            pub = new Buffer.PlainBuffer(identity.blob()).readPublicKey();
        } catch (Buffer.BufferException e) {
            throw new IOException("the SSH agent offered an unreadable key", e);
        }
        return new KeyProvider() {
            @Override
            public PrivateKey getPrivate() throws IOException {
                throw new IOException("the private key stays in the SSH agent");
            }

            @Override
            public PublicKey getPublic() {
                return pub;
            }

            @Override
            public KeyType getType() {
                return KeyType.fromKey(pub);
            }
        };
    }
}
