package dev.plumb.transport.ssh;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.PublicKey;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

import com.hierynomus.sshj.key.KeyAlgorithm;

import net.schmizz.sshj.common.Factory;
import net.schmizz.sshj.common.KeyType;
import net.schmizz.sshj.transport.verification.HostKeyVerifier;

/**
 * Verifies one host's key against an OpenSSH known_hosts file ({@link KnownHosts} says how
 * lines are matched). A key on record is accepted. A host with no line in the file is new: its
 * key is refused, or with accept-new recorded and accepted. A host the file knows that presents
 * any other key, of any type, has a changed key, and a {@code @revoked} key is revoked: both are
 * always refused. The reason for a refusal is kept so the caller can report it; it names the
 * fingerprints (SHA256) of the presented key and of the keys on record.
 *
 * <p>Recording appends one line to the file in one write, under a lock held across threads and
 * processes (the file is created if missing), after reading the file again: hosts of one run
 * accepted at the same time all get their line, and a key another run recorded meanwhile is
 * checked rather than added twice.
 */
final class HostKeys implements HostKeyVerifier {
    /** Serialises this process's appends; the file lock serialises processes. */
    private static final Object APPEND = new Object();

    private final Path file;
    private final boolean acceptNew;
    private final KnownHosts known;
    private final List<Factory.Named<KeyAlgorithm>> algorithms;
    private volatile Optional<String> refusal = Optional.empty();

    private HostKeys(Path file, boolean acceptNew, KnownHosts known, List<Factory.Named<KeyAlgorithm>> algorithms) {
        this.file = file;
        this.acceptNew = acceptNew;
        this.known = known;
        this.algorithms = List.copyOf(algorithms);
    }

    /**
     * Reads what {@code knownHosts} says about {@code address}:{@code port}.
     *
     * @param algorithms the host key algorithms the client supports, in its order of preference
     */
    static HostKeys load(Path knownHosts, boolean acceptNew, String address, int port,
                         List<Factory.Named<KeyAlgorithm>> algorithms) throws IOException {
        KnownHosts known = KnownHosts.read(knownHosts, KnownHosts.hostName(address, port));
        return new HostKeys(knownHosts, acceptNew, known, algorithms);
    }

    /** Why the last verification failed, if it did. */
    Optional<String> refusal() {
        return refusal;
    }

    /** Verifies the key of the host this was loaded for ({@code hostname} and {@code port} are that host's). */
    @Override
    public boolean verify(String hostname, int port, PublicKey key) {
        if (KeyType.fromKey(key) == KeyType.UNKNOWN) {
            return refuse("the host presents a key of a type plumb does not know (" + key.getAlgorithm() + ")");
        }
        KnownHosts.Verdict v = known.check(key);
        return switch (v.status()) {
            case KNOWN -> true;
            case NEW -> acceptNew ? record(key) : refuse("unknown host key " + KnownHosts.describe(key) + " (not in "
                    + file + "; pass --accept-new-host-keys to record it)");
            case CHANGED, REVOKED -> refuse(v, key);
        };
    }

    /** The algorithms of the keys on record first, so the host presents one of those when it has it. */
    @Override
    public List<String> findExistingAlgorithms(String hostname, int port) {
        return known.algorithms(algorithms);
    }

    private boolean refuse(KnownHosts.Verdict v, PublicKey key) {
        String lines = v.lines().stream().map(KnownHosts.Line::describe).collect(Collectors.joining(", "));
        if (v.status() == KnownHosts.Status.REVOKED) {
            return refuse("REVOKED HOST KEY: the host presents " + KnownHosts.describe(key) + ", revoked in " + file
                    + ": " + lines);
        }
        return refuse("HOST KEY CHANGED: the host presents " + KnownHosts.describe(key) + ", but " + file
                + " records " + lines + " for " + known.name() + "; if the change is expected, remove those lines"
                + " (ssh-keygen -R '" + known.name() + "' -f " + file + ")");
    }

    private boolean refuse(String why) {
        refusal = Optional.of(why);
        return false;
    }

    /** Appends the key of a new host, unless the file, read again under the lock, now says otherwise. */
    private boolean record(PublicKey key) {
        try {
            synchronized (APPEND) {
                Path parent = file.toAbsolutePath().getParent();
                if (parent != null) {
                    Files.createDirectories(parent);
                }
                try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                        StandardOpenOption.WRITE);
                     FileLock ignored = ch.lock()) {
                    ByteBuffer all = ByteBuffer.allocate(Math.toIntExact(ch.size()));
                    while (all.hasRemaining() && ch.read(all, all.position()) >= 0) {
                        // read the whole file
                    }
                    String text = new String(all.array(), 0, all.position(), StandardCharsets.UTF_8);
                    KnownHosts.Verdict now = KnownHosts.parse(text, known.name()).check(key);
                    if (now.status() != KnownHosts.Status.NEW) {
                        return now.status() == KnownHosts.Status.KNOWN || refuse(now, key);
                    }
                    String sep = text.isEmpty() || text.endsWith("\n") ? "" : "\n";
                    ByteBuffer line = ByteBuffer.wrap((sep + KnownHosts.line(known.name(), key) + "\n")
                            .getBytes(StandardCharsets.UTF_8));
                    long at = ch.size();
                    while (line.hasRemaining()) {
                        at += ch.write(line, at);
                    }
                    ch.force(false);
                    return true;
                }
            }
        } catch (IOException | RuntimeException e) {
            return refuse("could not record the host key in " + file + ": " + e.getClass().getSimpleName() + " "
                    + e.getMessage());
        }
    }
}
