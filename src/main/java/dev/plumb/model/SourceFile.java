package dev.plumb.model;

import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A file the desired state was read from (playbook, inventory, a {@code source:} file, a unit
 * file, a migration), with the SHA-256 of its bytes at load time. Plans record these so that a
 * saved plan is applied only while its inputs are unchanged. Secret files are never listed.
 */
public record SourceFile(Path path, String sha256) {

    public static SourceFile of(Path path, byte[] bytes) {
        return new SourceFile(path, sha256(bytes));
    }

    /** Lower-case hex SHA-256. */
    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by the Java platform", e);
        }
    }
}
