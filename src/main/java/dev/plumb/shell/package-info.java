/**
 * The remote side's shell, as pure text: {@link dev.plumb.shell.Shell#quote} makes any string one
 * inert word, and {@link dev.plumb.shell.ShellLib} is the one library of functions every
 * generated root script shares (a walk to a path that follows no link others could change,
 * atomic write of a base64 payload from stdin, removal, unit restart).
 * Nothing here runs anything; transports carry the scripts.
 */
package dev.plumb.shell;
