package dev.plumb.resource;

import java.time.Duration;
import java.util.List;

/**
 * One kind's resources on one host, for the length of a run. The engine calls, in order:
 * {@link #probe()} (every part's fragment joins the host's one read round trip),
 * {@link #plan} with the lines this part's fragment printed, then, for an apply, {@link #hold},
 * the steps of the plan in phase order, and {@link #plan} again to verify. {@link #close} ends it.
 */
public interface Part extends AutoCloseable {
    /**
     * A read-only POSIX shell fragment that prints this part's live state on stdout, or the empty
     * string when the kind reads nothing through the host's shell. It runs as root, with other
     * parts' fragments, in one script; it must not exit, change anything, or depend on another
     * fragment.
     */
    default String probe() {
        return "";
    }

    /**
     * How much longer than usual this part's probe may take (a module's reads each have their
     * own timeout); the engine waits that much more for the host's read round trip.
     */
    default Duration probeTime() {
        return Duration.ZERO;
    }

    /**
     * The diff of the specs against the live state: {@code probed} are the lines {@link #probe()}
     * printed (none when it is empty). May read more (a catalog query) but never changes anything.
     */
    Planned plan(List<String> probed, PlanContext context) throws KindException;

    /** Before an apply's first step: takes what must be held until {@link #close} (a server lock). */
    default void hold(String holder, Duration wait) throws KindException {
    }

    /** Round trips this part made on its own connections (SQL sessions and statements). */
    default int roundTrips() {
        return 0;
    }

    @Override
    default void close() {
    }
}
