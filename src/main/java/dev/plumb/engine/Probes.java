package dev.plumb.engine;

import java.time.Duration;
import java.util.UUID;

import dev.plumb.transport.ssh.ExecResult;
import dev.plumb.transport.ssh.SshSession;
import dev.plumb.transport.ssh.TransportException;

import java.util.ArrayList;
import java.util.List;

/**
 * Joins the read-only probe fragments of a host's parts into its one read script, and splits the
 * script's output back into each fragment's lines. Each fragment's output is framed by a line
 * {@code @plumb-probe NONCE INDEX}; the nonce is fresh per run, so no output of a fragment (file
 * content is base64, but a module's probe may print anything) can forge a frame. Public for the
 * checks of {@code plumb verify}, which run their fragments side by side ({@link #runParallel}).
 */
public final class Probes {
    private static final String FRAME = "@plumb-probe ";

    private Probes() {}

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    /**
     * Runs every non-empty fragment in one round trip on {@code session} and gives each
     * fragment's lines (no round trip when all are empty).
     */
    public static List<List<String>> run(SshSession session, String host, List<String> fragments)
            throws TransportException {
        return run(session, host, fragments, Duration.ZERO);
    }

    /** As {@link #run(SshSession, String, List)}, waiting {@code extra} longer than usual for the answer. */
    static List<List<String>> run(SshSession session, String host, List<String> fragments, Duration extra)
            throws TransportException {
        if (fragments.stream().allMatch(String::isEmpty)) {
            return split("", fragments.size(), "");
        }
        String nonce = UUID.randomUUID().toString().replace("-", "");
        ExecResult r = session.run(script(fragments, nonce), TIMEOUT.plus(extra));
        if (!r.ok()) {
            throw new TransportException(host, session.target().describe() + ": reading facts failed (exit "
                    + r.exitCode() + "): " + r.stderr().strip().lines().reduce((a, b) -> b).orElse(""));
        }
        return split(r.out(), fragments.size(), nonce);
    }

    /**
     * As {@link #run}, with the fragments run side by side on the host (each in a subshell, its
     * output kept to 1 MiB), so that slow ones (a retried HTTP request) do not add up; bounded by
     * {@code timeout}.
     */
    public static List<List<String>> runParallel(SshSession session, String host, List<String> fragments,
                                                 Duration timeout) throws TransportException {
        if (fragments.stream().allMatch(String::isEmpty)) {
            return split("", fragments.size(), "");
        }
        String nonce = UUID.randomUUID().toString().replace("-", "");
        StringBuilder b = new StringBuilder("plumb_d=$(mktemp -d)\n");
        for (int i = 0; i < fragments.size(); i++) {
            if (!fragments.get(i).isEmpty()) {
                b.append("(\n").append(fragments.get(i)).append("\n) > \"$plumb_d/").append(i).append("\" 2>&1 &\n");
            }
        }
        b.append("wait\n");
        for (int i = 0; i < fragments.size(); i++) {
            if (!fragments.get(i).isEmpty()) {
                b.append("printf '\\n").append(FRAME).append(nonce).append(' ').append(i).append("\\n'\n")
                        .append("head -c 1048576 \"$plumb_d/").append(i).append("\"\n");
            }
        }
        b.append("rm -rf \"$plumb_d\"\n");
        ExecResult r = session.run(b.toString(), timeout);
        if (!r.ok()) {
            throw new TransportException(host, session.target().describe() + ": running the checks failed (exit "
                    + r.exitCode() + "): " + r.stderr().strip().lines().reduce((a, c) -> c).orElse(""));
        }
        return split(r.out(), fragments.size(), nonce);
    }

    /** One script that runs every fragment in order, each after its frame line. */
    static String script(List<String> fragments, String nonce) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < fragments.size(); i++) {
            if (fragments.get(i).isEmpty()) {
                continue;
            }
            b.append("printf '\\n").append(FRAME).append(nonce).append(' ').append(i).append("\\n'\n")
                    .append(fragments.get(i));
            if (!fragments.get(i).endsWith("\n")) {
                b.append('\n');
            }
        }
        return b.toString();
    }

    /** Each fragment's output lines, in fragment order; a fragment that printed nothing gets none. */
    static List<List<String>> split(String output, int count, String nonce) {
        List<List<String>> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            out.add(new ArrayList<>());
        }
        String frame = FRAME + nonce + ' ';
        List<String> current = null;
        for (String line : output.split("\n", -1)) {
            if (line.startsWith(frame)) {
                int index = parseIndex(line.substring(frame.length()));
                current = index >= 0 && index < count ? out.get(index) : null;
            } else if (current != null && !line.isEmpty()) {
                current.add(line);
            }
        }
        return out;
    }

    private static int parseIndex(String s) {
        try {
            return Integer.parseInt(s.strip());
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
