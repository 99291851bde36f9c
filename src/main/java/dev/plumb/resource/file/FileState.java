package dev.plumb.resource.file;

import java.util.Optional;

/**
 * What a host has at one path.
 *
 * @param content the bytes, when the file is small enough to diff (at most 1 MiB)
 */
public sealed interface FileState {
    /** Nothing at the path. */
    record Absent() implements FileState {}

    /**
     * Something that is not a regular file (directory, symlink, device), or a file reached
     * through a symbolic link plumb does not follow: never overwritten.
     */
    record Other() implements FileState {}

    /** A regular file. {@code mode} is four octal digits, e.g. {@code 0600}. */
    record Regular(String mode, String owner, String group, long size, String sha256, Optional<byte[]> content)
            implements FileState {}
}
