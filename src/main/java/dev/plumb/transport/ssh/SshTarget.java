package dev.plumb.transport.ssh;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

import dev.plumb.model.Printable;

/**
 * Everything needed to reach one host.
 *
 * @param name         the inventory name, used in messages
 * @param identity     private key file; when empty the SSH agent at {@code agentSocket} is used
 * @param knownHosts   OpenSSH known_hosts file; host keys are always verified against it
 * @param acceptNew    record keys of hosts absent from {@code knownHosts} (OpenSSH's accept-new);
 *                     a changed key (another key, of any type, for a listed host) or a revoked
 *                     key is refused regardless
 * @param connectTimeout bounds connecting and every later wait on the host: a host silent for
 *                     that long fails
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

    /** "web1 (root@192.0.2.7:22)", for messages: one line whatever the inventory holds. */
    public String describe() {
        return Printable.line(name + " (" + user + "@" + address + ":" + port + ")");
    }
}
