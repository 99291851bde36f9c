package dev.plumb.transport.ssh;

import java.io.File;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.util.Base64;
import java.util.Arrays;
import java.util.Optional;
import java.util.Set;

import net.schmizz.sshj.common.Buffer;
import net.schmizz.sshj.common.KeyType;
import net.schmizz.sshj.transport.verification.OpenSSHKnownHosts;

/**
 * Verifies host keys against an OpenSSH known_hosts file. Unknown keys are refused unless
 * accept-new is on, in which case they are appended to the file. A changed key is always
 * refused. The reason for a refusal is kept so the caller can name the host and fingerprint.
 *
 * <p>Only the lines that can concern the host are parsed (its address or {@code [address]:port},
 * plus hashed and marker lines): parsing a key is costly (an RSA key's modulus is checked for
 * primality), and a run against many hosts would otherwise parse every key once per host.
 */
final class HostKeys extends OpenSSHKnownHosts {
    private static final Object FILE_LOCK = new Object();

    private final Path file;
    private final boolean acceptNew;
    private volatile Optional<String> refusal = Optional.empty();

    private HostKeys(Path file, String lines, boolean acceptNew) throws IOException {
        super(new StringReader(lines));
        this.file = file;
        this.acceptNew = acceptNew;
    }

    static HostKeys load(Path knownHosts, boolean acceptNew, String address, int port) throws IOException {
        if (!Files.exists(knownHosts) && acceptNew) {
            Files.createDirectories(knownHosts.toAbsolutePath().getParent());
            Files.createFile(knownHosts);
        }
        Set<String> names = Set.of(address, "[" + address + "]:" + port);
        StringBuilder relevant = new StringBuilder();
        for (String line : Files.readAllLines(knownHosts)) {
            String t = line.strip();
            String first = t.isEmpty() ? "" : t.split("\\s+", 2)[0];
            boolean mentions = Arrays.stream(first.split(",")).anyMatch(names::contains);
            if (first.startsWith("|") || first.startsWith("@") || mentions) {
                relevant.append(line).append('\n');
            }
        }
        return new HostKeys(knownHosts, relevant.toString(), acceptNew);
    }

    @Override
    public File getFile() {
        return file.toFile();
    }

    /** Why the last verification failed, if it did. */
    Optional<String> refusal() {
        return refusal;
    }

    @Override
    protected boolean hostKeyUnverifiableAction(String hostname, PublicKey key) {
        if (!acceptNew) {
            refusal = Optional.of("unknown host key " + describe(key) + " (not in " + getFile()
                    + "; pass --accept-new-host-keys to record it)");
            return false;
        }
        try {
            synchronized (FILE_LOCK) {
                var entry = new HostEntry(null, hostname, KeyType.fromKey(key), key);
                entries().add(entry);
                Files.writeString(getFile().toPath(), entry.getLine() + "\n",
                        java.nio.file.StandardOpenOption.APPEND);
            }
            return true;
        } catch (IOException e) {
            refusal = Optional.of("could not record host key in " + getFile() + ": " + e.getMessage());
            return false;
        }
    }

    @Override
    protected boolean hostKeyChangedAction(String hostname, PublicKey key) {
        refusal = Optional.of("HOST KEY CHANGED: the host now presents " + describe(key)
                + ", which differs from " + getFile() + "; if the change is expected, remove the old line");
        return false;
    }

    /** "ssh-ed25519 SHA256:...", as OpenSSH prints fingerprints. */
    static String describe(PublicKey key) {
        return KeyType.fromKey(key) + " " + fingerprint(key);
    }

    static String fingerprint(PublicKey key) {
        byte[] blob = new Buffer.PlainBuffer().putPublicKey(key).getCompactData();
        try {
            byte[] sha = MessageDigest.getInstance("SHA-256").digest(blob);
            return "SHA256:" + Base64.getEncoder().withoutPadding().encodeToString(sha);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
