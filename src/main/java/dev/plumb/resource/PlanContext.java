package dev.plumb.resource;

import java.util.List;

import dev.plumb.model.Resource;
import dev.plumb.plan.Change;

/**
 * What a part may know of the rest of the host while it plans: every resource declared for the
 * host (all kinds), and the changes that kinds listed before it in {@link Kinds} planned (a
 * service restarts when a file that notifies it changed).
 *
 * @param drift whether this is a read-only drift report rather than a plan for apply
 */
public record PlanContext(String host, List<Resource> resources, List<Change> earlier, boolean drift) {
    public PlanContext {
        resources = List.copyOf(resources);
        earlier = List.copyOf(earlier);
    }
}
