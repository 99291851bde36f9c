package dev.plumb.plan;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import dev.plumb.io.LocalFile;
import dev.plumb.model.Keyed;

/**
 * The key behind every fingerprint in a saved plan. {@code PLUMB_PLAN_KEY} (at least 16
 * characters) wins; otherwise {@code $HOME/.config/plumb/plan-key}, created with 32 random
 * bytes (hex) and mode 0600 on first use. The file must be a regular file owned by the user
 * with no access for others, and hold at least 16 characters. The machine that plans and the
 * one that applies must share the key.
 */
public final class PlanKey {
    public static final String ENV = "PLUMB_PLAN_KEY";
    static final int MIN_LENGTH = 16;
    private static final Set<PosixFilePermission> OTHERS = Set.of(PosixFilePermission.GROUP_READ,
            PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.OTHERS_READ,
            PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);

    /** Why there is no usable key: the message names what is wrong, the hint how to fix it. */
    public static final class Unusable extends IOException {
        private static final long serialVersionUID = 1L;
        private final String hint;

        Unusable(String message, String hint) {
            super(message);
            this.hint = hint;
        }

        public String hint() {
            return hint;
        }
    }

    private PlanKey() {}

    /** The key from {@code env} ({@value #ENV}, else the file under its {@code HOME}). */
    public static Keyed load(Map<String, String> env) throws Unusable {
        Optional<String> given = Optional.ofNullable(env.get(ENV)).filter(s -> !s.isBlank());
        if (given.isPresent()) {
            if (given.get().length() < MIN_LENGTH) {
                throw new Unusable(ENV + " must hold at least " + MIN_LENGTH + " characters",
                        "set " + ENV + " to a string of " + MIN_LENGTH + " or more characters");
            }
            return Keyed.of(given.get().getBytes(StandardCharsets.UTF_8));
        }
        Path file = file(env);
        if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
            create(file);
        }
        byte[] key;
        try {
            key = strip(LocalFile.read(file, 4096));
        } catch (LocalFile.Problem e) {
            throw new Unusable("the plan key file " + file + " " + e.getMessage(), "make it a file of your own holding"
                    + " the key, or remove it to have plumb create one, or set " + ENV);
        }
        checkOwnerAndMode(file);
        if (key.length < MIN_LENGTH) {
            throw new Unusable("the plan key file " + file + " holds " + key.length + " characters; a key needs at least "
                    + MIN_LENGTH, "remove it to have plumb create a new key (plans saved under the old one can then no"
                    + " longer be applied), or set " + ENV);
        }
        return Keyed.of(key);
    }

    /** {@code $HOME/.config/plumb/plan-key}; the JVM's idea of the home directory when HOME is unset. */
    public static Path file(Map<String, String> env) {
        String home = Optional.ofNullable(env.get("HOME")).filter(h -> !h.isBlank())
                .orElse(System.getProperty("user.home"));
        return Path.of(home, ".config", "plumb", "plan-key");
    }

    private static void create(Path file) throws Unusable {
        try {
            Files.createDirectories(file.getParent());
            Path tmp = Files.createTempFile(file.getParent(), ".plan-key", ".tmp",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(tmp, HexFormat.of().formatHex(new SecureRandom().generateSeed(32)) + "\n");
            try {
                Files.move(tmp, file);
            } catch (FileAlreadyExistsException e) {
                Files.deleteIfExists(tmp); // another run made it first
            }
        } catch (IOException e) {
            throw new Unusable("cannot create the plan key file " + file + ": " + LocalFile.why(e),
                    "set " + ENV + ", or HOME to a directory you can write");
        }
    }

    /** Only its owner may read or change the key: anyone who can could forge or read saved-plan fingerprints. */
    private static void checkOwnerAndMode(Path file) throws Unusable {
        PosixFileAttributes attributes;
        try {
            attributes = Files.readAttributes(file, PosixFileAttributes.class);
        } catch (UnsupportedOperationException e) {
            return; // no POSIX owners and modes to check
        } catch (IOException e) {
            throw new Unusable("the plan key file " + file + " " + LocalFile.problem(e).getMessage(),
                    "remove it to have plumb create a new one, or set " + ENV);
        }
        String user = System.getProperty("user.name");
        String owner = attributes.owner().getName();
        if (!owner.equals(user)) {
            throw new Unusable("the plan key file " + file + " belongs to " + owner + ", not to you (" + user + ")",
                    "use a plan key of your own: set HOME to your home directory, or set " + ENV);
        }
        if (attributes.permissions().stream().anyMatch(OTHERS::contains)) {
            throw new Unusable("the plan key file " + file + " has mode " + mode(attributes.permissions())
                    + ": others may read or change it", "chmod 600 " + file);
        }
    }

    private static String mode(Set<PosixFilePermission> permissions) {
        int mode = 0;
        for (PosixFilePermission p : permissions) {
            mode |= 1 << (8 - p.ordinal()); // OWNER_READ is the first constant and bit 0400
        }
        return String.format("%04o", mode);
    }

    /** {@code bytes} without the ASCII whitespace around them (the file ends with a newline). */
    private static byte[] strip(byte[] bytes) {
        int from = 0;
        int to = bytes.length;
        while (from < to && Character.isWhitespace(bytes[from])) {
            from++;
        }
        while (to > from && Character.isWhitespace(bytes[to - 1])) {
            to--;
        }
        return Arrays.copyOfRange(bytes, from, to);
    }
}
