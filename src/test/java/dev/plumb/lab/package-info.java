/**
 * The lab for tests that need real hosts: {@link dev.plumb.lab.LabHosts} on a test class boots
 * (or reuses) systemd-nspawn hosts through {@code bin/lab}, and a {@link dev.plumb.lab.Lab}
 * parameter gives the hosts, the SSH key, known_hosts and inventory, plus helpers to run
 * commands on the hosts and to inject faults (a link down, a paused container). See
 * {@code bin/lab} for the names it uses, per lab instance ({@code PLUMB_LAB_INSTANCE}), and
 * DESIGN.md §5.
 */
package dev.plumb.lab;
