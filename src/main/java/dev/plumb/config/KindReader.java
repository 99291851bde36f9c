package dev.plumb.config;

import org.yaml.snakeyaml.nodes.Node;

/**
 * Reads the value of one kind's key in one play, for one host, into specs: every problem is
 * reported through {@code w} at its position and reading goes on; every spec goes to
 * {@code sink.add} with the location that declared it. Registered by the kind
 * ({@code dev.plumb.resource.Kind#reader}); the loader calls it for each selected host, and once
 * with {@link Sink#DISCARD} for a play that selects none.
 */
@FunctionalInterface
public interface KindReader {
    void read(Walker w, Node block, Sources sources, Sink sink);
}
