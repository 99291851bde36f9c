package dev.plumb.check;

import java.util.Objects;
import java.util.Optional;

/**
 * One check on one host: passed or not, how long it took on the host, what was seen
 * ({@code message}), and for a failure its diagnosis. Secrets are masked.
 */
public record CheckResult(String kind, String target, boolean ok, long millis, String message,
                          Optional<Diagnosis> diagnosis) {
    public CheckResult {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(diagnosis, "diagnosis");
    }
}
