package dev.plumb.engine;

/** Receives per-host status while a run is in flight. Implementations must be thread-safe. */
public interface Progress {
    Progress NONE = (host, status) -> { };

    /** {@code host} moved to {@code status} ("connecting", "reading facts", "applying", "done"...). */
    void update(String host, String status);

    /** The run is over; a live display should draw its final state. */
    default void finish() { }
}
