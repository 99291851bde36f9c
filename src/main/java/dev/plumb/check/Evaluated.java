package dev.plumb.check;

import java.util.Optional;

/**
 * A check as its host's output shows it: passed or not, what was seen, a diagnosis from the host's
 * own facts, and {@code evidence}: error text (a client error, journal lines) in which a database
 * cause may be recognised.
 */
record Evaluated(boolean ok, long millis, String message, Optional<Diagnosis> diagnosis, String evidence) {
    static Evaluated pass(long millis, String message) {
        return new Evaluated(true, millis, message, Optional.empty(), "");
    }

    static Evaluated fail(long millis, String message, Diagnosis diagnosis, String evidence) {
        return new Evaluated(false, millis, message, Optional.of(diagnosis), evidence);
    }
}
