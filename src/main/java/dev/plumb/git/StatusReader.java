package dev.plumb.git;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

import org.eclipse.jgit.dircache.DirCache;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.IndexDiff;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.FileTreeIterator;
import org.eclipse.jgit.treewalk.filter.PathFilterGroup;

/** HEAD and the dirtiness of some paths, computed as {@code git status} does, reading only. */
final class StatusReader {
    private StatusReader() {
    }

    /** {@code paths} are repository-relative; empty asks about HEAD alone; {@code workTree} may be null (bare). */
    static Status read(Repository repository, Path workTree, Collection<String> paths) throws GitException {
        try {
            Ref head = repository.exactRef(Constants.HEAD);
            boolean detached = head != null && !head.isSymbolic();
            Optional<String> branch = head != null && head.isSymbolic()
                    ? Optional.of(Repository.shortenRefName(head.getTarget().getName()))
                    : Optional.empty();
            ObjectId headId = head == null ? null : head.getObjectId();
            if (paths.isEmpty()) {
                return new Status(Optional.ofNullable(headId).map(ObjectId::name), branch, detached, List.of());
            }
            ObjectId headTree = null;
            if (headId != null) {
                try (RevWalk walk = new RevWalk(repository)) {
                    headTree = walk.parseCommit(headId).getTree().copy();
                }
            }
            IndexDiff diff = new IndexDiff(repository, headTree, new FileTreeIterator(repository));
            if (!paths.contains("")) {
                diff.setFilter(PathFilterGroup.createFromStrings(paths));
            }
            diff.diff();
            Map<String, Status.Reason> dirty = new TreeMap<>();
            mark(dirty, diff.getModified(), Status.Reason.MODIFIED);
            mark(dirty, diff.getMissing(), Status.Reason.MODIFIED);
            mark(dirty, diff.getAdded(), Status.Reason.STAGED);
            mark(dirty, diff.getChanged(), Status.Reason.STAGED);
            mark(dirty, diff.getRemoved(), Status.Reason.STAGED);
            mark(dirty, diff.getUntracked(), Status.Reason.UNTRACKED);
            mark(dirty, ignored(diff.getIgnoredNotInIndex(), paths, workTree, repository.readDirCache()),
                    Status.Reason.UNTRACKED);
            mark(dirty, diff.getConflicting(), Status.Reason.CONFLICTED);
            List<Status.Dirty> out = new ArrayList<>();
            dirty.forEach((path, reason) -> {
                if (paths.stream().anyMatch(p -> GitPath.within(path, p))) {
                    out.add(new Status.Dirty(path, reason));
                }
            });
            return new Status(Optional.ofNullable(headId).map(ObjectId::name), branch, detached, out);
        } catch (IOException e) {
            throw GitException.io("cannot read the status of the work tree", e);
        }
    }

    /** Ignored paths below the paths asked about, and the paths asked about that lie in ignored directories. */
    private static List<String> ignored(Set<String> ignored, Collection<String> paths, Path workTree, DirCache index) {
        List<String> out = new ArrayList<>();
        for (String i : ignored) {
            for (String p : paths) {
                if (GitPath.within(i, p)) {
                    out.add(i);
                } else if (GitPath.within(p, i) && Files.exists(workTree.resolve(p))
                        && index.findEntry(p) < 0 && index.getEntriesWithin(p).length == 0) {
                    out.add(p);
                }
            }
        }
        return out;
    }

    /** Later marks win, so callers mark in ascending precedence. */
    private static void mark(Map<String, Status.Reason> dirty, Collection<String> paths, Status.Reason reason) {
        for (String p : paths) {
            dirty.put(p, reason);
        }
    }
}
