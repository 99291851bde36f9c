package dev.plumb.resource;

import dev.plumb.model.Redactor;
import dev.plumb.transport.ssh.SshSession;

/**
 * What a kind's {@link Part} works with on one host: its name, its one SSH session (for scripts
 * and port forwards) and the redactor every message passes through.
 */
public record HostRun(String host, SshSession session, Redactor redactor) {
}
