package dev.plumb.resource;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Objects;
import java.util.regex.Pattern;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import dev.plumb.model.Sensitive;

/**
 * A secret an import replaced by {@code ${secret.NAME}}: the playbook gets
 * {@code secrets: {NAME: {env: VARIABLE}}} with a comment saying {@code what} it is. {@code
 * sameAs} tells two imported secrets with equal values apart from unequal ones (an HMAC under a
 * key that lives only in this process; never written or printed); it is empty when the value
 * cannot be read (a role password is stored only as a verifier).
 */
public record ImportedSecret(String name, String variable, String what, String sameAs) {
    private static final Pattern NAME = Pattern.compile("[a-z_][a-z0-9_]*");
    private static final Pattern VARIABLE = Pattern.compile("[A-Z_][A-Z0-9_]*");
    private static final byte[] KEY = key();

    public ImportedSecret {
        Objects.requireNonNull(what, "what");
        Objects.requireNonNull(sameAs, "sameAs");
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("secret name must be lower case letters, digits and _: " + name);
        }
        if (!VARIABLE.matcher(variable).matches()) {
            throw new IllegalArgumentException("variable must be upper case letters, digits and _: " + variable);
        }
    }

    /** A secret whose live value was read: {@code sameAs} is derived from it. */
    public static ImportedSecret read(String name, String what, Sensitive<String> value) {
        return new ImportedSecret(name, variableOf(name), what, digest(value.reveal()));
    }

    /** A secret whose value cannot be read back (only a verifier is stored). */
    public static ImportedSecret unreadable(String name, String what) {
        return new ImportedSecret(name, variableOf(name), what, "");
    }

    /** The same secret under another name (and the variable that goes with it). */
    public ImportedSecret renamed(String newName) {
        return new ImportedSecret(newName, variableOf(newName), what, sameAs);
    }

    /** The environment variable a secret named {@code name} is read from: its name in upper case. */
    private static String variableOf(String name) {
        return name.toUpperCase(java.util.Locale.ROOT);
    }

    /** {@code raw} as a secret name: lower case, every run of other characters one {@code _}. */
    public static String nameOf(String raw) {
        String n = raw.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9]+", "_").replaceAll("^_+|_+$", "");
        return n.isEmpty() || Character.isDigit(n.charAt(0)) ? "s_" + n : n;
    }

    /** The reference that stands for this secret in a value: {@code ${secret.NAME}}. */
    public String reference() {
        return "${secret." + name + "}";
    }

    private static byte[] key() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return key;
    }

    private static String digest(String value) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(KEY, "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(value.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
        }
    }
}
