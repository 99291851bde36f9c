package dev.plumb.resource.postgres;

import dev.plumb.model.Valid;
import dev.plumb.model.Presence;
import dev.plumb.model.Text;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * A server setting ({@code ALTER SYSTEM SET}); the name is lower case (PostgreSQL setting names
 * are case-insensitive). A present setting has a value; absent means {@code ALTER SYSTEM RESET}.
 * {@code restart} allows restarting the server when the setting needs it; without it, such a
 * change is reported and not applied.
 */
public record SettingSpec(String host, String name, Optional<Text> value, boolean restart, Presence state)
        implements PostgresResource {

    public SettingSpec {
        Objects.requireNonNull(host, "host");
        Valid.require(Identifiers.checkSetting(name));
        name = name.toLowerCase(Locale.ROOT);
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(state, "state");
        if ((state == Presence.PRESENT) != value.isPresent()) {
            throw new IllegalArgumentException("a present setting needs a value and an absent one has none: " + name);
        }
    }

    @Override
    public PostgresKind kind() {
        return PostgresKind.SETTING;
    }

    @Override
    public String key() {
        return name;
    }
}
