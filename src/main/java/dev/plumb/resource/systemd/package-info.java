/**
 * The {@code services:} kind ({@code ServiceKind}): {@code ServiceSpec} (unit name, the unit
 * file's text when plumb manages it, enabled, running/stopped/absent, the files whose change
 * restarts it) with the systemd rules for unit names; the probe ({@code UnitProbe}: one
 * {@code systemctl show} for every unit) and its live-state value ({@code UnitState}); the pure
 * diff ({@code ServicePlanner}, giving {@code ServiceOps}); and the steps ({@code ServiceSteps}):
 * due restarts recorded, unit files, enablement (before the one daemon-reload when there is one,
 * without a reload of its own), then starts and restarts.
 */
package dev.plumb.resource.systemd;

