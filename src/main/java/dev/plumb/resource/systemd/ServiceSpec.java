package dev.plumb.resource.systemd;

import dev.plumb.model.Valid;
import dev.plumb.model.Resource;
import dev.plumb.model.ResourceAddress;
import dev.plumb.model.Text;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A systemd service on a host: {@code HOST/service/NAME}, where NAME is the full unit name
 * ({@code myapp.service}). {@code unit} is the unit file's text when plumb manages it (from
 * {@code unit:} or {@code unit_file:}); absent, plumb only manages the state of a unit that the
 * host already has. {@code enabled} absent means "leave as is". {@code restartOn} lists
 * absolute paths of managed files whose change restarts the service.
 */
public record ServiceSpec(String host, String name, Optional<Text> unit, Optional<Boolean> enabled,
                          ServicePresence state, List<String> restartOn) implements Resource {

    public static final String KIND = "service";
    public static final String SUFFIX = ".service";

    private static final Pattern UNIT_CHARS = Pattern.compile("[A-Za-z0-9:_.\\\\@\\-]+");
    private static final Set<String> OTHER_TYPES = Set.of(".socket", ".timer", ".target", ".mount", ".automount",
            ".path", ".slice", ".scope", ".swap", ".device");

    public ServiceSpec {
        Objects.requireNonNull(host, "host");
        Valid.require(checkName(name));
        if (!name.endsWith(SUFFIX)) {
            throw new IllegalArgumentException("unit name must be normalised with unitName(): " + name);
        }
        Objects.requireNonNull(unit, "unit");
        Objects.requireNonNull(enabled, "enabled");
        Objects.requireNonNull(state, "state");
        restartOn = List.copyOf(restartOn);
    }

    @Override
    public ResourceAddress address() {
        return new ResourceAddress(host, KIND, name);
    }

    /** The full unit name: {@code myapp} is {@code myapp.service}. Call after {@link #checkName}. */
    public static String unitName(String name) {
        return name.endsWith(SUFFIX) ? name : name + SUFFIX;
    }

    /**
     * Why {@code name} is not a service unit name, if it is not. systemd allows ASCII letters,
     * digits and {@code : _ . \ - @}, at most 255 characters with the suffix; an {@code @} must
     * be followed by an instance (a template itself cannot run).
     */
    public static Optional<String> checkName(String name) {
        if (name == null || name.isEmpty()) {
            return Optional.of("service name cannot be empty");
        }
        for (String other : OTHER_TYPES) {
            if (name.endsWith(other)) {
                return Optional.of("'" + name + "' is not a service: only " + SUFFIX + " units are managed");
            }
        }
        String full = unitName(name);
        String prefix = full.substring(0, full.length() - SUFFIX.length());
        if (full.length() > 255 || prefix.isEmpty() || !UNIT_CHARS.matcher(prefix).matches()) {
            return Optional.of("'" + name + "' is not a valid unit name"
                    + " (ASCII letters, digits, ':', '_', '.', '\\', '-', '@'; at most 255 characters)");
        }
        int at = prefix.indexOf('@');
        if (at == 0 || (at > 0 && (at == prefix.length() - 1 || prefix.indexOf('@', at + 1) >= 0))) {
            return Optional.of("'" + name + "' is not a valid unit name: '@' must join a name and an instance"
                    + " such as getty@tty1");
        }
        return Optional.empty();
    }
}
