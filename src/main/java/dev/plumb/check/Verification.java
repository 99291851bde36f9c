package dev.plumb.check;

import java.util.List;

/** A verify run: every host's results, in inventory order. */
public record Verification(List<HostResult> hosts) {
    public Verification {
        hosts = List.copyOf(hosts);
    }

    public boolean ok() {
        return hosts.stream().allMatch(HostResult::ok);
    }

    public long passed() {
        return hosts.stream().flatMap(h -> h.checks().stream()).filter(CheckResult::ok).count();
    }

    public long failed() {
        return hosts.stream().flatMap(h -> h.checks().stream()).filter(c -> !c.ok()).count();
    }
}
