/**
 * The {@code files:} kind ({@code FileKind}): {@code FileSpec} (path, owner, group, mode,
 * presence, the services to restart on change) and its {@code FileContent} (inline text, a
 * source file read at load time, or an environment file rendered for systemd and sh alike); the
 * probe ({@code FileProbe}, a read-only shell fragment) and its live-state value
 * ({@code FileState}); the pure diff ({@code FilePlanner}); and write and remove steps through
 * the shared shell library.
 */
package dev.plumb.resource.file;

