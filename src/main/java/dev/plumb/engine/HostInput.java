package dev.plumb.engine;

import java.util.List;
import java.util.Map;

import dev.plumb.model.Frozen;
import dev.plumb.model.Location;
import dev.plumb.model.Resource;
import dev.plumb.model.ResourceAddress;
import dev.plumb.transport.ssh.SshTarget;

/**
 * One host's desired state and how to reach it.
 *
 * @param resources every resource declared for the host, of every kind, in declaration order
 * @param locations where each resource was declared, for messages that point back at the playbook
 */
public record HostInput(String host, SshTarget target, List<Resource> resources,
                        Map<ResourceAddress, Location> locations) {
    public HostInput {
        resources = List.copyOf(resources);
        locations = Frozen.map(locations);
    }

    public boolean isEmpty() {
        return resources.isEmpty();
    }
}
