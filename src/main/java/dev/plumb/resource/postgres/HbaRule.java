package dev.plumb.resource.postgres;

import dev.plumb.model.Valid;
import dev.plumb.model.Frozen;
import dev.plumb.model.Presence;
import dev.plumb.model.Text;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * One {@code pg_hba.conf} line. Rules keep their declaration order (the server uses the first
 * match). The key is {@code name} when given, else {@code TYPE:DATABASE:USER[:ADDRESS]}.
 * {@code clientAddress} (YAML {@code address}) is any form {@link HbaAddress} reads: a CIDR, an
 * address and a netmask, {@code all}/{@code samehost}/{@code samenet} or a host name; required unless
 * the type is {@code local} (where it is forbidden). Option values may hold secrets (for
 * example {@code ldapbindpasswd}), so they are {@link Text}.
 */
public record HbaRule(String host, Optional<String> name, Type type, String database, String user,
                      Optional<String> clientAddress, String method, Map<String, Text> options, Presence state)
        implements PostgresResource {

    /** The connection types of PostgreSQL 15. */
    public enum Type {
        LOCAL, HOST, HOSTSSL, HOSTNOSSL, HOSTGSSENC, HOSTNOGSSENC;

        public String keyword() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** Authentication methods PostgreSQL 15 accepts in pg_hba.conf. */
    public static final Set<String> METHODS = Set.of("trust", "reject", "scram-sha-256", "md5", "password", "gss",
            "sspi", "ident", "peer", "pam", "ldap", "radius", "cert");

    public HbaRule {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Valid.require(Identifiers.check("hba database", database));
        Valid.require(Identifiers.check("hba user", user));
        Valid.require(checkMethod(method));
        Valid.require(checkClientAddress(type, clientAddress));
        options = Frozen.map(options);
        Objects.requireNonNull(state, "state");
    }

    @Override
    public PostgresKind kind() {
        return PostgresKind.HBA;
    }

    @Override
    public String key() {
        return name.orElseGet(() -> type.keyword() + ":" + database + ":" + user + clientAddress.map(a -> ":" + a).orElse(""));
    }

    /** A local rule has no address; every other type needs one. */
    public static Optional<String> checkClientAddress(Type type, Optional<String> address) {
        if (type == Type.LOCAL) {
            return address.map(a -> "a local rule has no address");
        }
        return address.map(HbaRule::checkAddress).orElse(Optional.of("a " + type.keyword() + " rule needs an address"));
    }

    public static Optional<String> checkMethod(String method) {
        return METHODS.contains(method) ? Optional.empty()
                : Optional.of("unknown authentication method '" + method + "'");
    }

    /** Why {@code address} is none of the forms {@link HbaAddress} reads, if it is not. */
    public static Optional<String> checkAddress(String address) {
        return HbaAddress.check(address).map(HbaAddress.Problem::message);
    }
}
