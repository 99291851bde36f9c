/**
 * Desired state of files on hosts: {@code FileSpec} (path, owner, group, mode, presence, the
 * services to restart on change) and its {@code FileContent} (inline text, a source file read at
 * load time, or an environment file rendered for systemd and sh alike). Pure data, no I/O.
 */
package dev.plumb.resource.file;
