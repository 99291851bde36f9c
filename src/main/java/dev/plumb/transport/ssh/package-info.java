/**
 * SSH transport: the only package that imports SSHJ. One {@link dev.plumb.transport.ssh.SshSession}
 * per host holds one authenticated connection for a whole run; every command, upload and port
 * forward reuses it. SSHJ exceptions never leave this package: callers see
 * {@link dev.plumb.transport.ssh.TransportException} with a one-line, host-qualified message.
 * Host keys are verified against known_hosts as OpenSSH does ({@code KnownHosts}, {@code HostKeys});
 * a host that stays silent for its connect timeout, at any point, fails.
 */
package dev.plumb.transport.ssh;
