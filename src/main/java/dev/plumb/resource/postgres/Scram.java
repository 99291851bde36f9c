package dev.plumb.resource.postgres;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

import com.ongres.scram.common.ScramFunctions;
import com.ongres.scram.common.ScramMechanism;
import com.ongres.scram.common.StringPreparation;

import dev.plumb.model.Sensitive;

/**
 * SCRAM-SHA-256 verifiers as PostgreSQL stores them in {@code pg_authid.rolpassword}:
 * {@code SCRAM-SHA-256$<iterations>:<salt>$<StoredKey>:<ServerKey>}, base64 parts. Computed on the
 * client, so a plaintext password never reaches the server, a log or {@code pg_stat_statements}.
 * SASLprep and the keys come from {@code com.ongres.scram} (the library pgjdbc authenticates with),
 * PBKDF2 from the JDK, as that library does.
 */
public final class Scram {
    public static final int ITERATIONS = 4096;
    /** The most iterations a verifier may have: past it, it is refused rather than recomputed. */
    public static final int MAX_ITERATIONS = 10_000_000;
    private static final int SALT_BYTES = 16;
    private static final ScramMechanism SHA_256 = ScramMechanism.SCRAM_SHA_256;
    private static final Pattern VERIFIER = Pattern.compile(
            "SCRAM-SHA-256\\$(\\d+):([A-Za-z0-9+/=]+)\\$([A-Za-z0-9+/=]+):([A-Za-z0-9+/=]+)");
    private static final SecureRandom RANDOM = new SecureRandom();

    private Scram() {
    }

    /**
     * A parsed verifier; the keys are raw bytes. {@link #toString()} hides the keys.
     *
     * @throws IllegalArgumentException when the salt is empty or the iterations are not 1 to
     *     {@link #MAX_ITERATIONS}
     */
    public record Verifier(int iterations, byte[] salt, byte[] storedKey, byte[] serverKey) {
        public Verifier {
            checkParameters(salt, iterations);
        }

        /** The text stored in {@code rolpassword}. */
        public String text() {
            return "SCRAM-SHA-256$" + iterations + ":" + b64(salt) + "$" + b64(storedKey) + ":" + b64(serverKey);
        }

        @Override
        public String toString() {
            return "SCRAM-SHA-256$" + iterations + ":" + Sensitive.MASK;
        }
    }

    /** A new verifier for {@code password} with a random 16-byte salt and 4096 iterations. */
    public static Sensitive<String> verifier(Sensitive<String> password) {
        byte[] salt = new byte[SALT_BYTES];
        RANDOM.nextBytes(salt);
        return Sensitive.of(compute(password.reveal(), salt, ITERATIONS).text());
    }

    /**
     * The verifier for {@code password} with the given salt and iteration count.
     *
     * @throws IllegalArgumentException as {@link Verifier} does, before any hashing
     */
    public static Verifier compute(String password, byte[] salt, int iterations) {
        checkParameters(salt, iterations);
        byte[] salted = pbkdf2(prepare(password), salt, iterations);
        byte[] storedKey = ScramFunctions.storedKey(SHA_256, ScramFunctions.clientKey(SHA_256, salted));
        return new Verifier(iterations, salt, storedKey, ScramFunctions.serverKey(SHA_256, salted));
    }

    /**
     * {@code stored} when it is a well-formed SCRAM-SHA-256 verifier with a non-empty salt and 1 to
     * {@link #MAX_ITERATIONS} iterations; otherwise it cannot be verified.
     */
    public static Optional<Verifier> parse(String stored) {
        Matcher m = VERIFIER.matcher(stored);
        if (!m.matches()) {
            return Optional.empty();
        }
        try {
            Base64.Decoder d = Base64.getDecoder();
            return Optional.of(new Verifier(Integer.parseInt(m.group(1)), d.decode(m.group(2)), d.decode(m.group(3)),
                    d.decode(m.group(4))));
        } catch (IllegalArgumentException e) { // bad base64, int overflow, or out-of-range parameters
            return Optional.empty();
        }
    }

    /**
     * Whether {@code password} is the one {@code stored} was made from: recomputed with the stored
     * salt and iterations, StoredKey and ServerKey compared in constant time.
     */
    public static boolean matches(Sensitive<String> password, Verifier stored) {
        Verifier v = compute(password.reveal(), stored.salt(), stored.iterations());
        return MessageDigest.isEqual(v.storedKey(), stored.storedKey())
                & MessageDigest.isEqual(v.serverKey(), stored.serverKey());
    }

    /**
     * The password PostgreSQL (and libpq) hash: SASLprep (RFC 4013) applied, but the raw password
     * when SASLprep refuses it (a prohibited or unassigned code point, a bidi violation, nothing
     * left after mapping). An ASCII password thus stays as it is. The library's PostgreSQL
     * preparation falls back by itself except for an empty password and one that maps to nothing.
     *
     * <p>One known difference: PostgreSQL checks for prohibited characters and bidi before NFKC,
     * the library (as RFC 3454 says) after. A password where that matters (e.g. one with U+0340)
     * hashes differently than on the server; plumb then sees it as changed and sets it again, which
     * is safe.
     */
    static String prepare(String password) {
        try {
            return new String(StringPreparation.POSTGRESQL_PREPARATION.normalize(password.toCharArray()));
        } catch (IllegalArgumentException | IndexOutOfBoundsException empty) {
            // IllegalArgumentException: empty; IndexOutOfBoundsException: the library's bidi check
            // when nothing is left after mapping (e.g. a lone U+00AD).
            return password;
        }
    }

    /**
     * PBKDF2-HMAC-SHA-256 over the UTF-8 bytes of {@code password}, one 32-byte block: what
     * {@code ScramFunctions.saltedPassword} runs after its own preparation, which refuses a password
     * SASLprep maps to nothing where PostgreSQL hashes it raw.
     */
    private static byte[] pbkdf2(String password, byte[] salt, int iterations) {
        PBEKeySpec spec = new PBEKeySpec(password.toCharArray(), salt, iterations, 256);
        try {
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("PBKDF2WithHmacSHA256 is required by the Java platform", e);
        } finally {
            spec.clearPassword();
        }
    }

    private static void checkParameters(byte[] salt, int iterations) {
        if (salt.length == 0) {
            throw new IllegalArgumentException("SCRAM salt is empty");
        }
        if (iterations < 1 || iterations > MAX_ITERATIONS) {
            throw new IllegalArgumentException("SCRAM iterations out of range 1.." + MAX_ITERATIONS + ": " + iterations);
        }
    }

    private static String b64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }
}
