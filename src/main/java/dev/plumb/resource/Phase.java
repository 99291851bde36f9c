package dev.plumb.resource;

/**
 * When a {@link Step} runs within a host's apply. The engine runs steps phase by phase, in this
 * order, and within a phase in the order the parts gave them (parts in {@link Kinds} order).
 * One kind may put steps into several phases.
 */
public enum Phase {
    /** Before everything else: modules of the early stage (packages the rest may need). */
    EARLY,
    /** Database server objects: roles, databases, grants, pg_hba, settings. */
    SERVER,
    /** Schema migrations, which need the server objects. */
    MIGRATIONS,
    /** Recording what must happen even if the run is cut off (due restarts), before any file write. */
    RECORD,
    /** Files. */
    FILES,
    /** Unit files, then one daemon-reload (units enabled or disabled on its account go just before it). */
    UNITS,
    /** Enabling and disabling units when no unit file changed (systemctl then reloads the manager). */
    ENABLE,
    /** Modules of the late stage (the default): after the files and units they may read. */
    MODULES,
    /** Stopping, starting and restarting services; starts a new round trip after the writes. */
    SERVICES
}
