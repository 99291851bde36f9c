package dev.plumb.engine;

import java.util.Optional;

import dev.plumb.plan.HostPlan;

/**
 * How one host fared in a run. {@code plan} holds the changes planned (and, for apply, made).
 *
 * @param sshRoundTrips commands run over the host's SSH connection
 * @param sqlRoundTrips sessions opened and statements sent to its PostgreSQL server
 * @param startMillis   when work on the host began, from the start of the run
 * @param endMillis     when it ended, from the start of the run
 */
public record HostOutcome(String host, Status status, HostPlan plan, Optional<String> error, int sshRoundTrips,
                          int sqlRoundTrips, long startMillis, long endMillis) {

    public enum Status { UNCHANGED, CHANGES, APPLIED, FAILED, SKIPPED }

    HostOutcome(String host, Status status, HostPlan plan, Optional<String> error, int sshRoundTrips,
                int sqlRoundTrips) {
        this(host, status, plan, error, sshRoundTrips, sqlRoundTrips, 0, 0);
    }

    static HostOutcome failed(String host, String error) {
        return new HostOutcome(host, Status.FAILED, HostPlan.failed(host, error), Optional.of(error), 0, 0);
    }

    static HostOutcome skipped(String host, String why) {
        return new HostOutcome(host, Status.SKIPPED, new HostPlan(host, java.util.List.of(), Optional.empty()),
                Optional.of(why), 0, 0);
    }

    HostOutcome timed(long start, long end) {
        return new HostOutcome(host, status, plan, error, sshRoundTrips, sqlRoundTrips, start, end);
    }

    /** Whether hosts waiting for this one may go on. */
    public boolean succeeded() {
        return status == Status.APPLIED || status == Status.UNCHANGED;
    }
}
