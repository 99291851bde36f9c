/**
 * {@code plumb verify}: checks that prove a deployment works end to end (a login over the real
 * network path, the running service's environment, migrations, an HTTP route, listening ports, a
 * healthy unit), run read-only on each host in one round trip, and a diagnosis of every failure
 * (a likely cause and a next step, from what plumb can read itself). The engine and the command
 * line call {@link dev.plumb.check.Verifier}; the checks are read from the playbook by
 * {@code dev.plumb.config}.
 */
package dev.plumb.check;
