package dev.plumb.resource.postgres;

import dev.plumb.model.Valid;
import dev.plumb.model.Presence;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Privileges a role holds on a target; key {@code ROLE@TARGET}. {@code role} is a role name or
 * {@code PUBLIC} (any spelling of "public" means the pseudo-role). {@code privileges} are upper
 * case, valid for the target, without repeats; {@code ALL} stands alone. {@code grantOption}
 * absent leaves the grant option of privileges the role holds as it is (new ones are granted
 * without it); true or false is exact.
 */
public record GrantSpec(String host, String role, List<String> privileges, GrantTarget target,
                        Optional<Boolean> grantOption, Presence state) implements PostgresResource {
    public static final String PUBLIC = "PUBLIC";
    public static final String ALL = "ALL";

    public GrantSpec {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(grantOption, "grantOption");
        role = normalRole(role);
        privileges = privileges.stream().map(GrantSpec::normalPrivilege).toList();
        Valid.require(checkPrivileges(target, privileges));
    }

    /** A grant whose grant option is stated. */
    public GrantSpec(String host, String role, List<String> privileges, GrantTarget target, boolean grantOption,
                     Presence state) {
        this(host, role, privileges, target, Optional.of(grantOption), state);
    }

    @Override
    public PostgresKind kind() {
        return PostgresKind.GRANT;
    }

    @Override
    public String key() {
        return role + "@" + target.key();
    }

    /** {@code public} in any case becomes {@code PUBLIC}; other names are kept as they are. */
    public static String normalRole(String role) {
        Valid.require(Identifiers.check("grant role", role));
        return role.equalsIgnoreCase(PUBLIC) ? PUBLIC : role;
    }

    /** Upper case; {@code ALL PRIVILEGES} is {@code ALL}, {@code TEMP} is {@code TEMPORARY}. */
    public static String normalPrivilege(String privilege) {
        String p = privilege.strip().toUpperCase(Locale.ROOT).replaceAll("\\s+", " ");
        return switch (p) {
            case "ALL PRIVILEGES" -> ALL;
            case "TEMP" -> "TEMPORARY";
            default -> p;
        };
    }

    /** Why {@code privileges} (any case) cannot be granted on {@code target}, if they cannot. */
    public static Optional<String> checkPrivileges(GrantTarget target, List<String> privileges) {
        if (privileges.isEmpty()) {
            return Optional.of("privileges cannot be empty");
        }
        Set<String> seen = new HashSet<>();
        for (String raw : privileges) {
            String p = normalPrivilege(raw);
            if (!seen.add(p)) {
                return Optional.of("privilege " + p + " is listed twice");
            }
            if (!p.equals(ALL) && !target.privileges().contains(p)) {
                return Optional.of("privilege '" + raw + "' cannot be granted on " + target.what()
                        + "; valid: ALL, " + String.join(", ", new TreeSet<>(target.privileges())));
            }
        }
        if (seen.contains(ALL) && seen.size() > 1) {
            return Optional.of("ALL already includes every other privilege; list ALL alone");
        }
        return Optional.empty();
    }
}
