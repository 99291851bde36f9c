package dev.plumb.transport.ssh;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * Everything needed to reach one host.
 *
 * @param name         the inventory name, used in messages
 * @param identity     private key file; when empty the SSH agent at {@code agentSocket} is used
 * @param knownHosts   OpenSSH known_hosts file; host keys are always verified against it
 * @param acceptNew    record keys of hosts absent from {@code knownHosts} (OpenSSH's accept-new);
 *                     a changed key is refused regardless
 * @param sudo         run commands through {@code sudo -n} (for a non-root login user)
 */
public record SshTarget(
        String name,
        String address,
        int port,
        String user,
        Optional<Path> identity,
        Optional<Path> agentSocket,
        Path knownHosts,
        boolean acceptNew,
        boolean sudo,
        Duration connectTimeout) {

    public String describe() {
        return name + " (" + user + "@" + address + ":" + port + ")";
    }
}
