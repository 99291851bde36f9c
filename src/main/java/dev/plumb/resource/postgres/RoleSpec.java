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
import java.util.stream.Stream;

/**
 * A role. Every key follows the absent-key rule: an empty {@code Optional} is a key the
 * playbook left out, and the role keeps what it has (a new role gets PostgreSQL's
 * {@code CREATE ROLE} defaults: no login, inherit, unlimited connections, no expiry, no
 * settings, no memberships); a present value is the whole truth for that key, so
 * {@code settings: {}} and {@code member_of: []} mean none. The password, when absent, is left
 * as it is; {@code noPassword} ({@code password: null}) means the role has none
 * ({@code PASSWORD NULL}). {@code settings} are {@code ALTER ROLE ... SET};
 * {@code databaseSettings} are {@code ALTER ROLE ... IN DATABASE db SET}, keyed by database (when
 * present, exact in every database). {@code connectionLimit} -1 means no limit; {@code validUntil}
 * {@code infinity} means no expiry. {@code reassignOwnedTo}, for an absent role only: the role
 * that takes over what it owns in every database before it is dropped (its privileges are
 * revoked); without it, a role that owns objects or holds privileges is not dropped (a plan error).
 */
public record RoleSpec(String host, String name, Optional<Boolean> login, Optional<Boolean> superuser,
                       Optional<Boolean> createdb, Optional<Boolean> createrole, Optional<Boolean> inherit,
                       Optional<Boolean> replication, Optional<Boolean> bypassrls, Optional<Integer> connectionLimit,
                       Optional<String> validUntil, Optional<Sensitive<String>> password,
                       Optional<Map<String, String>> settings, Optional<Map<String, Map<String, String>>> databaseSettings,
                       Optional<List<Member>> memberOf, Presence state, Optional<String> reassignOwnedTo,
                       boolean noPassword) implements PostgresResource {

    /**
     * A {@code member_of} entry: the group and its membership options. An empty option is left
     * as it is (a new membership gets PostgreSQL's default). {@code inherit} and {@code set} exist
     * per membership from PostgreSQL 16.
     */
    public record Member(String role, Optional<Boolean> admin, Optional<Boolean> inherit, Optional<Boolean> set) {
        public Member {
            Valid.require(Identifiers.check("role name", role)); // pg_* groups are fine
            Objects.requireNonNull(admin, "admin");
            Objects.requireNonNull(inherit, "inherit");
            Objects.requireNonNull(set, "set");
        }

        /** The plain form {@code member_of: [ROLE]}: a membership without ADMIN OPTION, its other options left as they are. */
        public static Member plain(String role) {
            return new Member(role, Optional.of(false), Optional.empty(), Optional.empty());
        }

        /** Whether this is what {@link #plain} gives (written back as a plain string). */
        public boolean isPlain() {
            return equals(plain(role));
        }
    }

    public RoleSpec {
        Objects.requireNonNull(host, "host");
        Valid.require(Identifiers.checkRole(name));
        Stream.of(login, superuser, createdb, createrole, inherit, replication, bypassrls, connectionLimit, validUntil,
                password, settings, databaseSettings, memberOf, reassignOwnedTo).forEach(o -> Objects.requireNonNull(o));
        Objects.requireNonNull(state, "state");
        if (connectionLimit.filter(n -> n < -1).isPresent()) {
            throw new IllegalArgumentException("connection limit must be -1 (none) or more");
        }
        settings = settings.map(Frozen::map);
        databaseSettings = databaseSettings.map(d -> {
            Map<String, Map<String, String>> copy = new LinkedHashMap<>();
            d.forEach((db, s) -> copy.put(db, Frozen.map(s)));
            return Frozen.map(copy);
        });
        memberOf = memberOf.map(List::copyOf);
        if (memberOf.isPresent() && memberOf.get().stream().map(Member::role).distinct().count()
                != memberOf.get().size()) {
            throw new IllegalArgumentException("member_of names a role more than once");
        }
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

    /**
     * A role that states every key (absent {@code validUntil}: no expiry), as code builds one;
     * its password is left as it is when none is given, unless {@code noPassword}.
     */
    public RoleSpec(String host, String name, boolean login, boolean superuser, boolean createdb, boolean createrole,
                    boolean inherit, boolean replication, boolean bypassrls, int connectionLimit,
                    Optional<String> validUntil, Optional<Sensitive<String>> password, Map<String, String> settings,
                    Map<String, Map<String, String>> databaseSettings, List<String> memberOf, Presence state,
                    Optional<String> reassignOwnedTo, boolean noPassword) {
        this(host, name, Optional.of(login), Optional.of(superuser), Optional.of(createdb), Optional.of(createrole),
                Optional.of(inherit), Optional.of(replication), Optional.of(bypassrls), Optional.of(connectionLimit),
                Optional.of(validUntil.orElse("infinity")), password, Optional.of(settings),
                Optional.of(databaseSettings), Optional.of(memberOf.stream().map(Member::plain).toList()), state,
                reassignOwnedTo, noPassword);
    }

    /** A role that states every key, whose password is left as it is when none is declared. */
    public RoleSpec(String host, String name, boolean login, boolean superuser, boolean createdb, boolean createrole,
                    boolean inherit, boolean replication, boolean bypassrls, int connectionLimit,
                    Optional<String> validUntil, Optional<Sensitive<String>> password, Map<String, String> settings,
                    Map<String, Map<String, String>> databaseSettings, List<String> memberOf, Presence state,
                    Optional<String> reassignOwnedTo) {
        this(host, name, login, superuser, createdb, createrole, inherit, replication, bypassrls, connectionLimit,
                validUntil, password, settings, databaseSettings, memberOf, state, reassignOwnedTo, false);
    }

    /** A role that states every key, without {@code reassign_owned_to}. */
    public RoleSpec(String host, String name, boolean login, boolean superuser, boolean createdb, boolean createrole,
                    boolean inherit, boolean replication, boolean bypassrls, int connectionLimit,
                    Optional<String> validUntil, Optional<Sensitive<String>> password, Map<String, String> settings,
                    Map<String, Map<String, String>> databaseSettings, List<String> memberOf, Presence state) {
        this(host, name, login, superuser, createdb, createrole, inherit, replication, bypassrls, connectionLimit,
                validUntil, password, settings, databaseSettings, memberOf, state, Optional.empty(), false);
    }

    /** A role that states only its name and state: every other key is left as it is. */
    public static RoleSpec bare(String host, String name, Presence state) {
        return new RoleSpec(host, name, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), state, Optional.empty(), false);
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
