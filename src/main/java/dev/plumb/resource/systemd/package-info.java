/**
 * Desired state of systemd services: {@code ServiceSpec} (unit name, the unit file's text when
 * plumb manages it, enabled, running/stopped/absent, and the files whose change restarts it),
 * with the systemd rules for unit names. Pure data, no I/O.
 */
package dev.plumb.resource.systemd;
