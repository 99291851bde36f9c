package dev.plumb.check;

import java.util.List;
import java.util.Optional;

/** Every check of one host, in declaration order; {@code error} when the host could not be checked. */
public record HostResult(String host, List<CheckResult> checks, Optional<String> error) {
    public HostResult {
        checks = List.copyOf(checks);
    }

    public boolean ok() {
        return error.isEmpty() && checks.stream().allMatch(CheckResult::ok);
    }
}
