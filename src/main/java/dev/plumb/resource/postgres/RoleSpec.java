package dev.plumb.resource.postgres;

import dev.plumb.model.Valid;
import dev.plumb.model.Frozen;
import dev.plumb.model.Presence;
import dev.plumb.model.Sensitive;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A role. Attributes not given take PostgreSQL's defaults for {@code CREATE ROLE} (no login,
 * inherit, unlimited connections), so the declaration describes the whole role. The password,
 * when absent, is left as it is; {@code noPassword} ({@code password: null}) means the role has
 * none ({@code PASSWORD NULL}). {@code settings} are {@code ALTER ROLE ... SET};
 * {@code databaseSettings} are {@code ALTER ROLE ... IN DATABASE db SET}, keyed by database.
 * {@code connectionLimit} -1 means no limit. {@code reassignOwnedTo}, for an absent role only: the
 * role that takes over what it owns in every database before it is dropped (its privileges are
 * revoked); without it, a role that owns objects or holds privileges is not dropped (a plan error).
 */
public record RoleSpec(String host, String name, boolean login, boolean superuser, boolean createdb,
                       boolean createrole, boolean inherit, boolean replication, boolean bypassrls,
                       int connectionLimit, Optional<String> validUntil, Optional<Sensitive<String>> password,
                       Map<String, String> settings, Map<String, Map<String, String>> databaseSettings,
                       List<String> memberOf, Presence state, Optional<String> reassignOwnedTo, boolean noPassword)
        implements PostgresResource {

    public RoleSpec {
        Objects.requireNonNull(host, "host");
        Valid.require(Identifiers.checkRole(name));
        if (connectionLimit < -1) {
            throw new IllegalArgumentException("connection limit must be -1 (none) or more");
        }
        Objects.requireNonNull(validUntil, "validUntil");
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(state, "state");
        settings = Frozen.map(settings);
        Map<String, Map<String, String>> copy = new LinkedHashMap<>();
        databaseSettings.forEach((db, s) -> copy.put(db, Frozen.map(s)));
        databaseSettings = Frozen.map(copy);
        memberOf = List.copyOf(memberOf);
        Objects.requireNonNull(reassignOwnedTo, "reassignOwnedTo");
        if (reassignOwnedTo.isPresent() && state != Presence.ABSENT) {
            throw new IllegalArgumentException("reassign_owned_to applies only to a role with state: absent");
        }
        reassignOwnedTo.ifPresent(t -> Valid.require(Identifiers.checkRole(t)));
        if (reassignOwnedTo.equals(Optional.of(name))) {
            throw new IllegalArgumentException("reassign_owned_to names the role itself");
        }
        if (noPassword && password.isPresent()) {
            throw new IllegalArgumentException("a role has a password or none, not both");
        }
    }

    /** A role whose password is left as it is when none is declared. */
    public RoleSpec(String host, String name, boolean login, boolean superuser, boolean createdb, boolean createrole,
                    boolean inherit, boolean replication, boolean bypassrls, int connectionLimit,
                    Optional<String> validUntil, Optional<Sensitive<String>> password, Map<String, String> settings,
                    Map<String, Map<String, String>> databaseSettings, List<String> memberOf, Presence state,
                    Optional<String> reassignOwnedTo) {
        this(host, name, login, superuser, createdb, createrole, inherit, replication, bypassrls, connectionLimit,
                validUntil, password, settings, databaseSettings, memberOf, state, reassignOwnedTo, false);
    }

    /** A role without {@code reassign_owned_to}. */
    public RoleSpec(String host, String name, boolean login, boolean superuser, boolean createdb, boolean createrole,
                    boolean inherit, boolean replication, boolean bypassrls, int connectionLimit,
                    Optional<String> validUntil, Optional<Sensitive<String>> password, Map<String, String> settings,
                    Map<String, Map<String, String>> databaseSettings, List<String> memberOf, Presence state) {
        this(host, name, login, superuser, createdb, createrole, inherit, replication, bypassrls, connectionLimit,
                validUntil, password, settings, databaseSettings, memberOf, state, Optional.empty(), false);
    }

    @Override
    public PostgresKind kind() {
        return PostgresKind.ROLE;
    }

    @Override
    public String key() {
        return name;
    }
}
