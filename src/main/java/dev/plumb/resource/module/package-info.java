/**
 * User-defined resource kinds, declared in {@code modules/*.yml} with no Java: a
 * {@code ModuleDef} (key schema, read/create/update/delete snippets, compare rules, restarts,
 * needed commands) becomes one more {@link dev.plumb.resource.Kind} ({@code ModuleKind}). Its
 * reads join the host's one probe round trip; its snippets run as root under
 * {@link dev.plumb.shell.ShellLib#PRELUDE}, each bounded by a timeout, with parameters as
 * {@code PLUMB_<KEY>} environment variables and secrets on stdin ({@code ModuleScripts}), so
 * no value is ever spliced into a script. The diff is pure ({@code ModuleDiff}).
 */
package dev.plumb.resource.module;
