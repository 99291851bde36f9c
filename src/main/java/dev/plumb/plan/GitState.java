package dev.plumb.plan;

import java.util.List;
import java.util.Objects;

/**
 * The revision a plan was made from: the commit of the repository holding the playbook, the
 * repository-relative paths of every desired-state file read, and those of them that were dirty
 * (modified, staged or untracked). {@code allowDirty}: the plan was made with --allow-dirty.
 * {@code fromCommit}: the files were read from the commit itself ({@code plan --rev}), not the
 * work tree, so an apply of the saved plan reads them from there too.
 */
public record GitState(String commit, List<String> paths, List<String> dirty, boolean allowDirty,
                       boolean fromCommit) {
    public GitState {
        Objects.requireNonNull(commit, "commit");
        paths = List.copyOf(paths);
        dirty = List.copyOf(dirty);
    }
}
