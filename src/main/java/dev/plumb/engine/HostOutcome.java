package dev.plumb.engine;

import java.util.Optional;

import dev.plumb.plan.HostPlan;

/** How one host fared in a run. {@code plan} holds the changes planned (and, for apply, made). */
public record HostOutcome(String host, Status status, HostPlan plan, Optional<String> error, int roundTrips) {

    public enum Status { UNCHANGED, CHANGES, APPLIED, FAILED }

    static HostOutcome failed(String host, String error, int roundTrips) {
        return new HostOutcome(host, Status.FAILED, HostPlan.failed(host, error), Optional.of(error), roundTrips);
    }
}
