/**
 * The command line: picocli commands only. Each command parses its options, calls the engine,
 * prints through {@link dev.plumb.cli.Out}, and maps the outcome to an exit code (0 nothing to
 * do, 1 error, 2 changes present). No stack trace reaches the operator.
 */
package dev.plumb.cli;
