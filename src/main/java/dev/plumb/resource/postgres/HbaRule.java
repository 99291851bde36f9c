package dev.plumb.resource.postgres;

import dev.plumb.model.Valid;
import dev.plumb.model.Frozen;
import dev.plumb.model.Presence;
import dev.plumb.model.Text;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One {@code pg_hba.conf} line. Rules keep their declaration order (the server uses the first
 * match). The key is {@code name} when given, else {@code TYPE:DATABASE:USER[:ADDRESS]}.
 * {@code clientAddress} (YAML {@code address}) is a CIDR or {@code all}/{@code samehost}/{@code samenet}, required unless
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

    private static final Pattern IPV4 = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})/(\\d{1,2})");
    private static final Pattern IPV6 = Pattern.compile("([0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*)/(\\d{1,3})");
    private static final Set<String> ADDRESS_KEYWORDS = Set.of("all", "samehost", "samenet");

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

    /** A CIDR ({@code 10.0.0.0/8}, {@code ::1/128}) or {@code all}, {@code samehost}, {@code samenet}. */
    public static Optional<String> checkAddress(String address) {
        if (ADDRESS_KEYWORDS.contains(address)) {
            return Optional.empty();
        }
        String bad = "invalid address '" + address + "': expected a CIDR such as 10.0.0.0/8 or ::1/128";
        Matcher v4 = IPV4.matcher(address);
        if (v4.matches()) {
            for (int i = 1; i <= 4; i++) {
                if (Integer.parseInt(v4.group(i)) > 255) {
                    return Optional.of(bad);
                }
            }
            return Integer.parseInt(v4.group(5)) <= 32 ? Optional.empty() : Optional.of(bad);
        }
        Matcher v6 = IPV6.matcher(address);
        if (v6.matches() && Integer.parseInt(v6.group(2)) <= 128) {
            try {
                InetAddress.getByName(v6.group(1)); // a literal with ':' is parsed, never looked up
                return Optional.empty();
            } catch (UnknownHostException e) {
                return Optional.of(bad);
            }
        }
        return Optional.of(bad);
    }
}
