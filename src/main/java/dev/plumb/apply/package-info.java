/**
 * What keeps applies safe when several run at once: a lock per host, held on the host for the
 * whole run (flock on a file under {@code /var/lib/plumb}), naming its holder so a waiting run
 * can say who has it, where from, and since when.
 */
package dev.plumb.apply;
