/**
 * The command line and the composition root: picocli commands only. Each command loads the
 * desired state with the kinds of {@code resource.Kinds}, runs the engine, prints plans and
 * summaries through the {@code plan} renderers, and maps the outcome to an exit code (0 nothing
 * to do, 1 error, 2 changes present). No stack trace reaches the operator.
 */
package dev.plumb.cli;

