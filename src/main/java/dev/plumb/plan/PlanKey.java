package dev.plumb.plan;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;

import dev.plumb.model.Keyed;

/**
 * The key behind every fingerprint in a saved plan. {@code PLUMB_PLAN_KEY} (at least 16
 * characters) wins; otherwise {@code ~/.config/plumb/plan-key}, created with 32 random bytes
 * and mode 0600 on first use. The machine that plans and the one that applies must share it.
 */
public final class PlanKey {
    public static final String ENV = "PLUMB_PLAN_KEY";

    private PlanKey() {}

    public static Keyed load(Map<String, String> env) throws IOException {
        Optional<String> given = Optional.ofNullable(env.get(ENV)).filter(s -> !s.isBlank());
        if (given.isPresent()) {
            if (given.get().length() < 16) {
                throw new IOException(ENV + " must hold at least 16 characters");
            }
            return Keyed.of(given.get().getBytes(StandardCharsets.UTF_8));
        }
        Path file = Path.of(System.getProperty("user.home"), ".config", "plumb", "plan-key");
        if (!Files.exists(file)) {
            Files.createDirectories(file.getParent());
            Path tmp = Files.createTempFile(file.getParent(), ".plan-key", ".tmp",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(tmp, HexFormat.of().formatHex(new SecureRandom().generateSeed(32)) + "\n");
            try {
                Files.move(tmp, file);
            } catch (java.nio.file.FileAlreadyExistsException e) {
                Files.deleteIfExists(tmp); // another run made it first
            }
        }
        return Keyed.of(Files.readString(file).strip().getBytes(StandardCharsets.UTF_8));
    }
}
