package dev.plumb.resource.postgres;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import dev.plumb.model.Sensitive;

/**
 * SCRAM-SHA-256 verifiers as PostgreSQL stores them in {@code pg_authid.rolpassword}:
 * {@code SCRAM-SHA-256$<iterations>:<salt>$<StoredKey>:<ServerKey>}, base64 parts. Computed on the
 * client, so a plaintext password never reaches the server, a log or {@code pg_stat_statements}.
 * Passwords are prepared with {@link SaslPrep} first, as the server and libpq do.
 */
public final class Scram {
    public static final int ITERATIONS = 4096;
    private static final int SALT_BYTES = 16;
    private static final Pattern VERIFIER = Pattern.compile(
            "SCRAM-SHA-256\\$(\\d+):([A-Za-z0-9+/=]+)\\$([A-Za-z0-9+/=]+):([A-Za-z0-9+/=]+)");
    private static final SecureRandom RANDOM = new SecureRandom();

    private Scram() {
    }

    /** A parsed verifier; the keys are raw bytes. {@link #toString()} hides the keys. */
    public record Verifier(int iterations, byte[] salt, byte[] storedKey, byte[] serverKey) {
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

    /** The verifier for {@code password} with the given salt and iteration count. */
    public static Verifier compute(String password, byte[] salt, int iterations) {
        byte[] salted = pbkdf2(SaslPrep.prepare(password).getBytes(StandardCharsets.UTF_8), salt, iterations);
        byte[] clientKey = hmac(salted, "Client Key");
        byte[] storedKey = sha256(clientKey);
        byte[] serverKey = hmac(salted, "Server Key");
        return new Verifier(iterations, salt, storedKey, serverKey);
    }

    /** {@code stored} when it is a well-formed SCRAM-SHA-256 verifier. */
    public static Optional<Verifier> parse(String stored) {
        Matcher m = VERIFIER.matcher(stored);
        if (!m.matches()) {
            return Optional.empty();
        }
        try {
            Base64.Decoder d = Base64.getDecoder();
            return Optional.of(new Verifier(Integer.parseInt(m.group(1)), d.decode(m.group(2)), d.decode(m.group(3)),
                    d.decode(m.group(4))));
        } catch (IllegalArgumentException e) {
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

    private static byte[] pbkdf2(byte[] password, byte[] salt, int iterations) {
        // PBKDF2-HMAC-SHA-256 with one output block (dkLen 32), written out because the JDK's
        // PBEKeySpec takes a char[] and would re-encode the already-prepared bytes.
        Mac mac = mac(password);
        mac.update(salt);
        mac.update(new byte[] {0, 0, 0, 1});
        byte[] u = mac.doFinal();
        byte[] result = u.clone();
        for (int i = 1; i < iterations; i++) {
            u = mac.doFinal(u);
            for (int j = 0; j < result.length; j++) {
                result[j] ^= u[j];
            }
        }
        return result;
    }

    private static byte[] hmac(byte[] key, String text) {
        return mac(key).doFinal(text.getBytes(StandardCharsets.US_ASCII));
    }

    private static Mac mac(byte[] key) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            // An empty key is legal HMAC but SecretKeySpec refuses it; HMAC pads keys with zeros anyway.
            mac.init(new SecretKeySpec(key.length == 0 ? new byte[1] : key, "HmacSHA256"));
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is required by the Java platform", e);
        }
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is required by the Java platform", e);
        }
    }

    private static String b64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }
}
