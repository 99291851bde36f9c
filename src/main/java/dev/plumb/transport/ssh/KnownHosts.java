package dev.plumb.transport.ssh;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.hierynomus.sshj.key.KeyAlgorithm;
import com.hierynomus.sshj.key.KeyAlgorithms;
import com.hierynomus.sshj.userauth.certificate.Certificate;

import net.schmizz.sshj.common.Buffer;
import net.schmizz.sshj.common.Factory;
import net.schmizz.sshj.common.KeyType;
import net.schmizz.sshj.transport.verification.OpenSSHKnownHosts;
import net.schmizz.sshj.transport.verification.OpenSSHKnownHosts.HostEntry;
import net.schmizz.sshj.transport.verification.OpenSSHKnownHosts.KnownHostEntry;

/**
 * What an OpenSSH known_hosts file says about one host, read as OpenSSH reads it.
 *
 * <p>The host is known by one name: its address in lower case, or {@code [address]:port} when
 * the port is not 22. A line concerns the host when its host field matches that name: either
 * one hashed name {@code |1|salt|hash} (HMAC-SHA1 of the name keyed with the salt), or a
 * comma-separated list of patterns compared without regard to case, where {@code *} matches any
 * run of characters, {@code ?} any one, and a pattern {@code !p} that matches excludes the line
 * whatever else matches. Only those lines' keys are decoded (by SSHJ's known_hosts parser): a
 * file may hold thousands of keys, and a run reads it once per host.
 *
 * <p>A line is a plain key, a {@code @cert-authority} key (it vouches for certificates it signed,
 * and is never the host's own key) or a {@code @revoked} key (never accepted, whatever else the
 * file says). A host with any plain or certificate-authority line is known: a key none of them
 * vouches for is a changed key, whatever its type. {@code @revoked} lines alone do not make a
 * host known. Lines that cannot be read (a bad marker, a missing key) are ignored, as OpenSSH
 * does; a well-formed line whose key SSHJ cannot decode still makes the host known.
 */
final class KnownHosts {
    /** HMAC-SHA1 for hashed names: one per thread, since a file may hold thousands. */
    private static final ThreadLocal<Mac> HMAC_SHA1 = ThreadLocal.withInitial(() -> {
        try {
            return Mac.getInstance("HmacSHA1");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    });

    /** SSHJ's parser of one known_hosts line; it keeps no state between lines. */
    private static final OpenSSHKnownHosts.EntryFactory PARSER;

    static {
        try {
            PARSER = new OpenSSHKnownHosts(Reader.nullReader()).new EntryFactory();
        } catch (IOException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    enum Marker { NONE, CERT_AUTHORITY, REVOKED }

    /**
     * One line that concerns the host.
     *
     * @param number      1-based line number in the file
     * @param type        the key type as written ({@code ssh-ed25519})
     * @param fingerprint SHA256 fingerprint of the key as written, as OpenSSH prints it
     * @param entry       SSHJ's reading of the key (the line without its marker); empty when
     *                    SSHJ cannot decode it
     */
    record Line(int number, Marker marker, String type, String fingerprint, Optional<KnownHostEntry> entry) {
        /** "ssh-ed25519 SHA256:... (line 3)", with "@cert-authority " or "@revoked " first if marked. */
        String describe() {
            String mark = switch (marker) {
                case NONE -> "";
                case CERT_AUTHORITY -> "@cert-authority ";
                case REVOKED -> "@revoked ";
            };
            return mark + type + " " + fingerprint + " (line " + number + ")";
        }

        private boolean vouchesFor(PublicKey key) {
            return entry.isPresent() && sameKey(entry.get(), key);
        }
    }

    enum Status {
        /** A plain line holds the key, or a certificate-authority line signed it. */
        KNOWN,
        /** No line concerns the host (or only {@code @revoked} ones that do not name the key). */
        NEW,
        /** Lines concern the host, and none vouches for the key. */
        CHANGED,
        /** A {@code @revoked} line names the key (or, for a certificate, its key or its signer). */
        REVOKED
    }

    /**
     * The verdict on a presented key.
     *
     * @param lines for CHANGED the host's recorded keys; for REVOKED the lines that revoke it;
     *              empty otherwise
     */
    record Verdict(Status status, List<Line> lines) {}

    private final String name;
    private final List<Line> lines;

    private KnownHosts(String name, List<Line> lines) {
        this.name = name;
        this.lines = List.copyOf(lines);
    }

    /** The name known_hosts lists a host under: {@code address}, or {@code [address]:port} off port 22. */
    static String hostName(String address, int port) {
        String lower = address.toLowerCase(Locale.ROOT);
        return port == 22 ? lower : "[" + lower + "]:" + port;
    }

    /** The lines of {@code file} that concern {@code name}; a missing file has none. */
    static KnownHosts read(Path file, String name) throws IOException {
        try {
            return parse(Files.readString(file, StandardCharsets.UTF_8), name);
        } catch (NoSuchFileException e) {
            return parse("", name);
        }
    }

    /** The lines of the known_hosts text {@code text} that concern {@code name}. */
    static KnownHosts parse(String text, String name) {
        List<Line> out = new ArrayList<>();
        int number = 0;
        for (String raw : (Iterable<String>) text.lines()::iterator) {
            number++;
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] f = fields(line);
            Marker marker = Marker.NONE;
            int i = 0;
            if (f[0].startsWith("@")) {
                marker = switch (f[0]) {
                    case "@cert-authority" -> Marker.CERT_AUTHORITY;
                    case "@revoked" -> Marker.REVOKED;
                    default -> null;
                };
                i = 1;
            }
            if (marker == null || f.length < i + 3 || !matches(f[i], name)) {
                continue;
            }
            out.add(new Line(number, marker, f[i + 1], fingerprint(f[i + 2]), decode(f[i + 1], f[i + 2])));
        }
        return new KnownHosts(name, out);
    }

    /** The first four whitespace-separated fields of a stripped line (fewer if it has fewer). */
    private static String[] fields(String line) {
        List<String> out = new ArrayList<>(4);
        int i = 0;
        while (i < line.length() && out.size() < 4) {
            int start = i;
            while (i < line.length() && line.charAt(i) != ' ' && line.charAt(i) != '\t') {
                i++;
            }
            out.add(line.substring(start, i));
            while (i < line.length() && (line.charAt(i) == ' ' || line.charAt(i) == '\t')) {
                i++;
            }
        }
        return out.toArray(String[]::new);
    }

    /** SSHJ's reading of a key, under a placeholder host field: the field was matched already. */
    private static Optional<KnownHostEntry> decode(String type, String key) {
        try {
            KnownHostEntry e = PARSER.parseEntry("- " + type + " " + key);
            return e instanceof HostEntry ? Optional.of(e) : Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /**
     * Whether a known_hosts host field matches {@code name} (already in lower case), as OpenSSH's
     * {@code match_maybe_hashed} decides.
     */
    static boolean matches(String hosts, String name) {
        if (hosts.startsWith("|")) {
            return hashedMatches(hosts, name);
        }
        boolean positive = false;
        for (String pattern : hosts.split(",", -1)) {
            boolean negated = pattern.startsWith("!");
            String p = (negated ? pattern.substring(1) : pattern).toLowerCase(Locale.ROOT);
            if (glob(name, p)) {
                if (negated) {
                    return false;
                }
                positive = true;
            }
        }
        return positive;
    }

    private static boolean hashedMatches(String hosts, String name) {
        String[] parts = hosts.split("\\|", -1);
        if (parts.length != 4 || !parts[0].isEmpty() || !parts[1].equals("1")) {
            return false;
        }
        try {
            byte[] salt = Base64.getDecoder().decode(parts[2]);
            byte[] hash = Base64.getDecoder().decode(parts[3]);
            Mac mac = HMAC_SHA1.get();
            mac.init(new SecretKeySpec(salt, "HmacSHA1"));
            return MessageDigest.isEqual(hash, mac.doFinal(name.getBytes(StandardCharsets.UTF_8)));
        } catch (IllegalArgumentException | GeneralSecurityException e) {
            return false;
        }
    }

    /** OpenSSH's {@code match_pattern}: {@code *} any run of characters, {@code ?} any one, the rest literal. */
    static boolean glob(String s, String p) {
        int si = 0;
        int pi = 0;
        int star = -1;
        int mark = 0;
        while (si < s.length()) {
            if (pi < p.length() && (p.charAt(pi) == '?' || p.charAt(pi) == s.charAt(si))) {
                si++;
                pi++;
            } else if (pi < p.length() && p.charAt(pi) == '*') {
                star = pi++;
                mark = si;
            } else if (star >= 0) {
                pi = star + 1;
                si = ++mark;
            } else {
                return false;
            }
        }
        while (pi < p.length() && p.charAt(pi) == '*') {
            pi++;
        }
        return pi == p.length();
    }

    /** The host's name these lines were chosen for. */
    String name() {
        return name;
    }

    List<Line> lines() {
        return lines;
    }

    /**
     * What the lines say about {@code key}, the host's key or host certificate. A certificate is
     * vouched for by a certificate-authority line for its signer or, as OpenSSH falls back to,
     * by a plain line for its key.
     */
    Verdict check(PublicKey key) {
        List<PublicKey> revocable = new ArrayList<>(List.of(key));
        Optional<PublicKey> signer = Optional.empty();
        if (key instanceof Certificate<?> cert) {
            revocable.add(cert.getKey());
            signer = signer(cert);
            signer.ifPresent(revocable::add);
        }
        PublicKey plainKey = plain(key);
        List<Line> revoked = select(l -> l.marker() == Marker.REVOKED && revocable.stream().anyMatch(l::vouchesFor));
        if (!revoked.isEmpty()) {
            return new Verdict(Status.REVOKED, revoked);
        }
        Optional<PublicKey> ca = signer;
        boolean vouched = lines.stream().anyMatch(l -> switch (l.marker()) {
            case NONE -> l.vouchesFor(key) || l.vouchesFor(plainKey);
            case CERT_AUTHORITY -> ca.isPresent() && l.vouchesFor(ca.get());
            case REVOKED -> false;
        });
        if (vouched) {
            return new Verdict(Status.KNOWN, List.of());
        }
        List<Line> recorded = select(l -> l.marker() != Marker.REVOKED);
        return new Verdict(recorded.isEmpty() ? Status.NEW : Status.CHANGED, recorded);
    }

    /**
     * The names of {@code supported} host key algorithms that the recorded keys can verify, in
     * {@code supported}'s order: SSHJ proposes these first, so that a host with several keys
     * presents the one on record (an RSA key with rsa-sha2-512 or rsa-sha2-256, which SSHJ's own
     * list, "ssh-rsa", would miss on current OpenSSH servers).
     */
    List<String> algorithms(List<Factory.Named<KeyAlgorithm>> supported) {
        Set<KeyType> plain = new LinkedHashSet<>();
        boolean certificates = false;
        for (Line l : lines) {
            if (l.marker() == Marker.NONE && l.entry().isPresent()) {
                plain.add(l.entry().get().getType());
            }
            certificates |= l.marker() == Marker.CERT_AUTHORITY;
        }
        List<String> out = new ArrayList<>();
        for (Factory.Named<KeyAlgorithm> f : supported) {
            if (f instanceof KeyAlgorithms.Factory k
                    && (plain.contains(k.getKeyType()) || certificates && k.getKeyType().getParent() != null)) {
                out.add(k.getName());
            }
        }
        return out;
    }

    /** The line that records {@code key} for {@code name}; for a certificate, its key (as OpenSSH records). */
    static String line(String name, PublicKey key) {
        PublicKey k = plain(key);
        return name + " " + KeyType.fromKey(k) + " " + Base64.getEncoder().encodeToString(blob(k));
    }

    private static PublicKey plain(PublicKey key) {
        return key instanceof Certificate<?> cert ? cert.getKey() : key;
    }

    /** "ssh-ed25519 SHA256:...", as OpenSSH prints fingerprints. */
    static String describe(PublicKey key) {
        return KeyType.fromKey(key) + " " + fingerprint(blob(key));
    }

    private List<Line> select(Predicate<Line> p) {
        return lines.stream().filter(p).toList();
    }

    private static boolean sameKey(KnownHostEntry entry, PublicKey key) {
        try {
            return entry.verify(key); // a plain entry: the same key, of the same type
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    private static Optional<PublicKey> signer(Certificate<?> cert) {
        try {
            return Optional.of(new Buffer.PlainBuffer(cert.getSignatureKey()).readPublicKey());
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static byte[] blob(PublicKey key) {
        return new Buffer.PlainBuffer().putPublicKey(key).getCompactData();
    }

    private static String fingerprint(String base64) {
        try {
            return fingerprint(Base64.getDecoder().decode(base64));
        } catch (IllegalArgumentException e) {
            return "(unreadable key)";
        }
    }

    private static String fingerprint(byte[] blob) {
        try {
            byte[] sha = MessageDigest.getInstance("SHA-256").digest(blob);
            return "SHA256:" + Base64.getEncoder().withoutPadding().encodeToString(sha);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
