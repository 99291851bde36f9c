package dev.plumb.resource.postgres;

import java.time.Duration;

import dev.plumb.transport.ssh.ExecResult;
import dev.plumb.transport.ssh.SshSession;
import dev.plumb.transport.ssh.TransportException;

/**
 * Runs a root shell script (sent on stdin) on the host the server runs on. {@link #of} adapts an
 * {@link SshSession}; tests substitute their own.
 */
public interface HostShell {
    ExecResult run(String script, Duration timeout) throws TransportException;

    /** "host1 (root@198.18.0.11:22)": for messages. */
    String describe();

    /** Whether scripts run as root (the login user is root, or sudo is configured). */
    boolean root();

    static HostShell of(SshSession session) {
        return new HostShell() {
            @Override
            public ExecResult run(String script, Duration timeout) throws TransportException {
                return session.run(script, timeout);
            }

            @Override
            public String describe() {
                return session.target().describe();
            }

            @Override
            public boolean root() {
                return session.target().sudo() || session.target().user().equals("root");
            }
        };
    }
}
