package dev.plumb.engine;

import java.util.Optional;

import dev.plumb.plan.HostPlan;

/**
 * How one host fared in a run. {@code plan} holds the changes planned (and, for apply, made).
 *
 * @param sshRoundTrips commands run over the host's SSH connection
 * @param sqlRoundTrips sessions opened and statements sent to its PostgreSQL server
 */
public record HostOutcome(String host, Status status, HostPlan plan, Optional<String> error, int sshRoundTrips,
                          int sqlRoundTrips) {

    public enum Status { UNCHANGED, CHANGES, APPLIED, FAILED, SKIPPED }

    static HostOutcome failed(String host, String error) {
        return new HostOutcome(host, Status.FAILED, HostPlan.failed(host, error), Optional.of(error), 0, 0);
    }
}
