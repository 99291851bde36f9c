package dev.plumb.transport.ssh;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import net.schmizz.sshj.SSHClient;
import net.schmizz.sshj.userauth.UserAuthException;
import net.schmizz.sshj.userauth.method.AuthMethod;

/** Picks the authentication methods for a target: its key file, else the SSH agent's keys. */
final class Authenticator {
    private Authenticator() {}

    static void authenticate(SSHClient client, SshTarget target) throws IOException {
        if (target.identity().isPresent()) {
            Path key = target.identity().get();
            if (!Files.isReadable(key)) {
                throw new UserAuthException("identity file " + key + " is not readable");
            }
            client.authPublickey(target.user(), client.loadKeys(key.toString()));
            return;
        }
        Optional<Path> socket = target.agentSocket();
        if (socket.isEmpty()) {
            throw new UserAuthException("no ssh.identity is set and SSH_AUTH_SOCK names no agent");
        }
        List<AuthMethod> methods = new ArrayList<>();
        for (AgentClient.Identity id : AgentClient.identities(socket.get())) {
            methods.add(new AgentAuth(socket.get(), id));
        }
        if (methods.isEmpty()) {
            throw new UserAuthException("the SSH agent holds no keys (ssh-add one)");
        }
        client.auth(target.user(), methods);
    }
}
