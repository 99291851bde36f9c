package dev.plumb.config;

import dev.plumb.model.Resource;
import java.util.List;
import java.util.Objects;

/** The resources one play declares for one host, in declaration order. */
public record HostPlay(Play play, List<Resource> resources) {
    public HostPlay {
        Objects.requireNonNull(play, "play");
        resources = List.copyOf(resources);
    }
}
