/**
 * Local files the operator names (desired state, the files it refers to, the plan key, saved
 * plans): read only when they are regular files no larger than a limit, so that a device, a
 * named pipe or a huge file cannot hang plumb or exhaust its memory, and every failure is said
 * in plain words rather than as a Java exception.
 */
package dev.plumb.io;
