package dev.plumb.config;

import dev.plumb.check.Check;
import dev.plumb.inventory.Host;
import dev.plumb.model.Frozen;
import dev.plumb.model.Location;
import dev.plumb.model.Resource;
import dev.plumb.model.ResourceAddress;
import dev.plumb.resource.postgres.PostgresServer;
import dev.plumb.resource.postgres.ServerSpec;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything declared for one host: the plays that select it, in playbook order, with their
 * resources (its PostgreSQL connection among them, as a {@link ServerSpec}); and where each
 * resource was declared (for messages that point back at the playbook); and the checks of
 * {@code plumb verify} the plays declare for it.
 */
public record HostDesired(Host host, List<HostPlay> plays, Map<ResourceAddress, Location> locations,
                          List<Check> checks) {
    public HostDesired {
        Objects.requireNonNull(host, "host");
        plays = List.copyOf(plays);
        locations = Frozen.map(locations);
        checks = List.copyOf(checks);
    }

    public HostDesired(Host host, List<HostPlay> plays, Map<ResourceAddress, Location> locations) {
        this(host, plays, locations, List.of());
    }

    /** The same, with the checks the plays declare for this host ({@code checks:}), defaults filled in. */
    public HostDesired withChecks(List<Check> checks) {
        return new HostDesired(host, plays, locations, checks);
    }

    /** The host's PostgreSQL connection, when a play declares one. */
    public Optional<PostgresServer> postgres() {
        return resources(ServerSpec.class).stream().findFirst().map(ServerSpec::server);
    }

    /** Every resource, play by play, in declaration order. */
    public List<Resource> resources() {
        return plays.stream().flatMap(p -> p.resources().stream()).toList();
    }

    /** The resources of one type, in order; e.g. {@code resources(RoleSpec.class)}. */
    public <T extends Resource> List<T> resources(Class<T> type) {
        return resources().stream().filter(type::isInstance).map(type::cast).toList();
    }
}
