/**
 * The run loop, which names no resource kind: for every host, in parallel up to
 * {@code --forks} and in the order the plays' {@code after:}/{@code serial:} allow,
 * {@code HostRunner} opens one SSH session, opens a {@code Part} per kind the host declares
 * ({@code resource.Kinds}), joins their probes into one read round trip ({@code Probes}), lets
 * each part diff, and for an apply runs their steps phase by phase, joining shell steps into
 * round trips ({@code Rounds}), then reads again and fails if anything still differs. A host's
 * failure names the resource and the playbook line that declared it, and never stops the others.
 */
package dev.plumb.engine;

