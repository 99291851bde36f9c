package dev.plumb.model;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HMAC-SHA256 under one key: fingerprints of values that may be secret, or derived from secrets,
 * that can be compared without being revealed. Without the key a fingerprint says nothing about
 * a low-entropy secret, unlike a plain hash.
 */
public final class Keyed {
    private final byte[] key;

    private Keyed(byte[] key) {
        this.key = key.clone();
    }

    public static Keyed of(byte[] key) {
        if (key.length < 16) {
            throw new IllegalArgumentException("an HMAC key needs at least 16 bytes");
        }
        return new Keyed(key);
    }

    /** A key that lives only as long as this process. */
    public static Keyed random() {
        return new Keyed(new SecureRandom().generateSeed(32));
    }

    /** Lower-case hex HMAC-SHA256 of {@code text} (UTF-8). */
    public String hmac(String text) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Never shows the key. */
    @Override
    public String toString() {
        return "Keyed[HMAC-SHA256]";
    }
}
