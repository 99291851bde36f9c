package dev.plumb.inventory;

import dev.plumb.model.Valid;
import dev.plumb.model.Frozen;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One inventory host: its name (used in patterns, addresses and {@code ${hosts.NAME.address}}),
 * its address (what other hosts and the playbook use: {@code ${hosts.NAME.address}}), where
 * plumb's SSH connects when that is elsewhere ({@code ssh_address}: a NAT, a jump port, a
 * container's published port; the SSH port is {@code port} either way), an optional login user
 * overriding the inventory's, and its own vars. Var values are Strings, ordered Maps of String
 * to value, or Lists of values.
 */
public record Host(String name, String address, Optional<String> sshAddress, int port, Optional<String> user,
                   Map<String, Object> vars) {
    public static final int DEFAULT_PORT = 22;

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.\\-]*");

    public Host {
        Valid.require(checkName(name));
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(sshAddress, "sshAddress");
        Valid.require(checkPort(port));
        Objects.requireNonNull(user, "user");
        vars = Frozen.map(vars);
    }

    /** A host that SSH reaches at its own address. */
    public Host(String name, String address, int port, Optional<String> user, Map<String, Object> vars) {
        this(name, address, Optional.empty(), port, user, vars);
    }

    /** Where plumb's SSH connects: {@code ssh_address}, else the address. */
    public String sshHost() {
        return sshAddress.orElse(address);
    }

    /**
     * Why {@code name} cannot name a host or group, if it cannot: names are letters, digits,
     * {@code _ . -}, so that patterns ({@code : , ! & *}) and addresses ({@code /}) stay
     * unambiguous; {@code all} is the implicit group of every host.
     */
    public static Optional<String> checkName(String name) {
        if (name == null || name.isEmpty()) {
            return Optional.of("a host or group name cannot be empty");
        }
        if ("all".equals(name)) {
            return Optional.of("'all' is reserved for the group of every host");
        }
        if (!NAME.matcher(name).matches()) {
            return Optional.of("'" + name + "' is not a valid host or group name"
                    + " (use letters, digits, '_', '.' and '-')");
        }
        return Optional.empty();
    }

    public static Optional<String> checkPort(int port) {
        return port >= 1 && port <= 65535 ? Optional.empty()
                : Optional.of("port " + port + " is out of range 1-65535");
    }
}
