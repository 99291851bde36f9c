package dev.plumb.resource.systemd;

/** The {@code state:} of a service: running, stopped, or absent (stopped, disabled, unit removed). */
public enum ServicePresence {
    RUNNING, STOPPED, ABSENT
}
