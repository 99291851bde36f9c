package dev.plumb.resource.postgres;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Validity rules for names given to PostgreSQL. Any non-empty string of at most 63 UTF-8 bytes
 * without NUL is a legal identifier: quotes, spaces, {@code $()} and newlines are data, quoted
 * where SQL is written. Each method returns why a name is invalid, if it is.
 */
public final class Identifiers {
    public static final int MAX_BYTES = 63;

    private static final Set<String> RESERVED_ROLES = Set.of("public", "none", "current_user", "current_role",
            "session_user");
    private static final Pattern SETTING = Pattern.compile("[A-Za-z_][A-Za-z0-9_$]*(\\.[A-Za-z_][A-Za-z0-9_$]*)?");

    private Identifiers() {
    }

    /** {@code what} names the field in the message, e.g. {@code "database name"}. */
    public static Optional<String> check(String what, String name) {
        if (name == null || name.isEmpty()) {
            return Optional.of(what + " cannot be empty");
        }
        if (name.indexOf('\0') >= 0) {
            return Optional.of(what + " cannot contain NUL");
        }
        int bytes = name.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_BYTES) {
            return Optional.of(what + " is " + bytes + " bytes long; PostgreSQL identifiers are at most "
                    + MAX_BYTES + " bytes");
        }
        return Optional.empty();
    }

    /** A role that can be created: an identifier, not reserved, not starting with {@code pg_}. */
    public static Optional<String> checkRole(String name) {
        return check("role name", name).or(() -> {
            String lower = name.toLowerCase(Locale.ROOT);
            if (RESERVED_ROLES.contains(lower) || lower.startsWith("pg_")) {
                return Optional.of("role name '" + name + "' is reserved by PostgreSQL");
            }
            return Optional.empty();
        });
    }

    /** A server or role setting name such as {@code work_mem} or {@code myext.option}. */
    public static Optional<String> checkSetting(String name) {
        return name != null && SETTING.matcher(name).matches() ? Optional.empty()
                : Optional.of("'" + name + "' is not a valid setting name");
    }
}
