package dev.plumb.inventory;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * How every host is reached: the default login user (a host may override it), the private key
 * (the SSH agent is used when absent), the known_hosts file (host keys are always verified)
 * and whether commands run through sudo. Paths are already resolved: {@code ~} against the
 * user's home, relative paths against the inventory file's directory.
 */
public record SshSettings(Optional<String> user, Optional<Path> identity, Path knownHosts, Become become) {

    public enum Become {
        /** Run privileged commands through {@code sudo -n}. */
        SUDO,
        /** Run commands as the login user (the default; right when that user is root). */
        NONE
    }

    public SshSettings {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(identity, "identity");
        Objects.requireNonNull(knownHosts, "knownHosts");
        Objects.requireNonNull(become, "become");
    }
}
