package dev.plumb.concurrency;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

import dev.plumb.transport.ssh.Held;
import dev.plumb.shell.Shell;
import dev.plumb.transport.ssh.SshSession;
import dev.plumb.transport.ssh.TransportException;

/**
 * The host lock: {@code flock} on {@code /var/lib/plumb/lock}, taken by a command that stays
 * running on the host until this run closes it, or until it has not heard the run's heartbeat
 * ({@link Held#BEAT}) for 15 s. The kernel releases the lock when that command ends, so a run
 * that dies, or is cut off the network, leaves no stale lock behind for long. While holding it,
 * a run records who it is in {@code /var/lib/plumb/lock.holder}.
 */
public final class HostLock implements AutoCloseable {
    static final String DIR = "/var/lib/plumb";

    private final Held held;

    private HostLock(Held held) {
        this.held = held;
    }

    /**
     * Takes the lock, waiting up to {@code wait}. Fails with a message naming the current holder
     * when the lock stays taken.
     */
    public static HostLock acquire(SshSession ssh, Duration wait) throws TransportException {
        String holder = whoAmI() + " since " + Instant.now().truncatedTo(ChronoUnit.SECONDS);
        String script = """
                mkdir -p %1$s && chmod 0700 %1$s
                exec 9>>%1$s/lock
                if ! flock -w %2$d 9; then
                  echo "BUSY"
                  cat %1$s/lock.holder 2>/dev/null || echo "an unknown run"
                  exit 75
                fi
                printf '%%s\\n' %3$s > %1$s/lock.holder
                echo OK
                while plumb_beat=$(timeout 15 head -n 1) && [ "$plumb_beat" = beat ]; do :; done
                """.formatted(DIR, Math.max(0, wait.toSeconds()), Shell.quote(holder));
        Held.Result r = Held.start(ssh, script, wait.plusSeconds(15));
        if (r.ok()) {
            return new HostLock(r.held());
        }
        r.held().close();
        String who = r.firstLine().replaceFirst("^BUSY\\n?", "").strip();
        throw new TransportException(ssh.target().name(), ssh.target().describe() + ": another plumb run holds the"
                + " host lock after waiting " + wait.toSeconds() + " s: "
                + (who.isEmpty() ? "the lock could not be taken" : who)
                + " (--lock-timeout waits longer)");
    }

    /** "plumb pid 1234 by alice on ci-runner-3": how locks name their holder. */
    public static String whoAmI() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = "unknown host";
        }
        long pid = ProcessHandle.current().pid();
        String user = System.getProperty("user.name", "unknown");
        return "plumb pid " + pid + " by " + user + " on " + host;
    }

    @Override
    public void close() {
        held.close();
    }
}
