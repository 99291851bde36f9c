package dev.plumb.config;

import dev.plumb.model.Location;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One play's ordering information. {@code index} is its 0-based position in the playbook;
 * {@code name} is its {@code name:} or, when absent, its {@code hosts:} pattern. {@code after}
 * names plays that must be applied first (every play with that name); the loader checks that
 * each exists and that there is no cycle.
 */
public record Play(int index, String name, String hosts, List<String> after, Optional<Serial> serial,
                   Location location) {
    public Play {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(hosts, "hosts");
        after = List.copyOf(after);
        Objects.requireNonNull(serial, "serial");
        Objects.requireNonNull(location, "location");
    }
}
