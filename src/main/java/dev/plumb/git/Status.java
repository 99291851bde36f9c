package dev.plumb.git;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Where the work tree stands: HEAD's commit (none on an unborn branch), its branch (none when
 * detached), and which of the files asked about are not exactly as committed in HEAD.
 *
 * @param head     HEAD's commit id, 40 hex digits; empty on an unborn branch
 * @param branch   the checked-out branch's short name ({@code main}); empty when detached
 * @param detached HEAD names a commit, not a branch
 * @param dirty    the files asked about (or below the directories asked about) that differ, sorted by path
 */
public record Status(Optional<String> head, Optional<String> branch, boolean detached, List<Dirty> dirty) {

    public Status {
        Objects.requireNonNull(head, "head");
        Objects.requireNonNull(branch, "branch");
        dirty = List.copyOf(dirty);
    }

    /** No file asked about differs from HEAD. */
    public boolean clean() {
        return dirty.isEmpty();
    }

    /** A repository-relative path that is not as committed, and why. */
    public record Dirty(String path, Reason reason) {
        public Dirty {
            Objects.requireNonNull(path, "path");
            Objects.requireNonNull(reason, "reason");
        }

        @Override
        public String toString() {
            return path + " (" + reason.toString().toLowerCase() + ")";
        }
    }

    /** Why a path is dirty; when several apply, the first listed here is given. */
    public enum Reason {
        /** Unmerged: a merge or rebase stopped on it. */
        CONFLICTED,
        /** On disk but not tracked (ignored files included: they are not in git either). */
        UNTRACKED,
        /** The index differs from HEAD: added, changed or removed with {@code git add}/{@code git rm}. */
        STAGED,
        /** The file on disk differs from the index, or was deleted. */
        MODIFIED
    }
}
