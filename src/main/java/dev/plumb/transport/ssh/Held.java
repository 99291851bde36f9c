package dev.plumb.transport.ssh;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import dev.plumb.shell.Shell;

import net.schmizz.sshj.connection.channel.direct.Session;

/**
 * A remote command kept running for as long as the caller holds it: it is started, its first
 * line of output is returned, and it runs on until {@link #close()} closes its stdin. While
 * held, a line {@code beat} is written to its stdin every {@link #BEAT}, so the command can end
 * itself when the beats stop: a controller that died or lost the network can leave an sshd
 * session behind for a long time, but not a held command. Made for locks that must last
 * exactly as long as a run. A host that stops answering ends the held command with the
 * connection (see {@link SshSession#open}).
 */
public final class Held implements AutoCloseable {
    /** How often a held command hears from its holder. */
    public static final Duration BEAT = Duration.ofSeconds(3);

    private static final ScheduledExecutorService BEATS = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "plumb-heartbeat");
        t.setDaemon(true);
        return t;
    });

    private final Session session;
    private final Session.Command command;
    private final OutputStream stdin;
    private final ScheduledFuture<?> beats;

    private Held(Session session, Session.Command command) {
        this.session = session;
        this.command = command;
        this.stdin = command.getOutputStream();
        this.beats = BEATS.scheduleAtFixedRate(this::beat, 0, BEAT.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void beat() {
        try {
            stdin.write("beat\n".getBytes(StandardCharsets.US_ASCII));
            stdin.flush();
        } catch (IOException e) {
            beats.cancel(false); // the command or the connection is gone
        }
    }

    /**
     * Starts {@code script} on {@code ssh}'s host and waits up to {@code timeout} for its first
     * output line. The script must not read its stdin except to wait for it to close.
     *
     * @return the held command and the line it printed first (empty if it exited silently)
     */
    public static Result start(SshSession ssh, String script, Duration timeout) throws TransportException {
        SshTarget t = ssh.target();
        String cmd = (t.sudo() ? "sudo -n " : "") + "/bin/sh -c " + Shell.quote(script);
        Session session = null;
        try {
            session = ssh.client().startSession();
            Session.Command command = session.exec(cmd);
            BufferedReader out = new BufferedReader(new InputStreamReader(command.getInputStream(), StandardCharsets.UTF_8));
            CompletableFuture<String> first = CompletableFuture.supplyAsync(() -> {
                try {
                    StringBuilder all = new StringBuilder();
                    String line = out.readLine();
                    if (line != null && line.startsWith("OK")) {
                        return line;
                    }
                    // Not OK: the command has more to say and then ends; collect it all.
                    while (line != null) {
                        all.append(line).append('\n');
                        line = out.readLine();
                    }
                    return all.toString();
                } catch (IOException e) {
                    return "";
                }
            }, SshSession.DRAINS);
            String line = first.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return new Result(new Held(session, command), line);
        } catch (TimeoutException e) {
            SshSession.closeQuietly(session);
            throw new TransportException(t.name(), t.describe() + ": no answer within " + timeout.toSeconds() + " s", e);
        } catch (Exception e) {
            SshSession.closeQuietly(session);
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw new TransportException(t.name(), t.describe() + ": " + SshSession.cause(e), e);
        }
    }

    /** The held command and its first line; the line starts with {@code OK} on success. */
    public record Result(Held held, String firstLine) {
        public boolean ok() {
            return firstLine.startsWith("OK");
        }
    }

    @Override
    public void close() {
        beats.cancel(false);
        try {
            stdin.close();
            command.join(5, TimeUnit.SECONDS);
        } catch (IOException ignored) {
            // the connection is gone, and with it the command
        }
        try {
            session.close();
        } catch (IOException ignored) {
            // already closed
        }
    }
}
