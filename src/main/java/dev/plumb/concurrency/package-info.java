/**
 * What keeps runs safe when several go at once, and in order: a lock per host, held on the host
 * for the whole apply (flock on a file under {@code /var/lib/plumb}), naming its holder so a
 * waiting run can say who has it, where from, and since when; and the {@code Schedule} of an
 * apply ({@code after:} and {@code serial:}), which hosts wait for which.
 */
package dev.plumb.concurrency;
