package dev.plumb.git;

import java.util.Objects;

/**
 * One path changed between two commits, as {@code git diff --stat} counts it (renames are a
 * deletion and an addition).
 *
 * @param path    repository-relative path
 * @param change  added, modified (content or mode) or deleted
 * @param added   lines added; 0 for a binary file
 * @param removed lines removed; 0 for a binary file
 * @param binary  git would show {@code Bin} rather than line counts
 */
public record FileStat(String path, Change change, int added, int removed, boolean binary) {

    public FileStat {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(change, "change");
    }

    /** What happened to the path. */
    public enum Change { ADDED, MODIFIED, DELETED }

    /** {@code path | +3 -1}, or {@code path | Bin} for a binary file. */
    @Override
    public String toString() {
        return path + " | " + (binary ? "Bin" : "+" + added + " -" + removed);
    }
}
