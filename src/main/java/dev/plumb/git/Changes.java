package dev.plumb.git;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

import org.eclipse.jgit.diff.DiffEntry;
import org.eclipse.jgit.diff.DiffFormatter;
import org.eclipse.jgit.diff.Edit;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.patch.FileHeader;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.filter.PathFilterGroup;
import org.eclipse.jgit.util.io.DisabledOutputStream;

/** What changed between two commits: per-path line counts, and how far one is ahead of the other. */
final class Changes {
    private Changes() {
    }

    static List<FileStat> diffStat(Repository repository, String from, String to, Collection<String> paths)
            throws GitException {
        List<String> filter = new ArrayList<>();
        for (String p : paths) {
            String n = GitPath.normalize(p);
            if (n.isEmpty()) {
                filter.clear();
                break;
            }
            filter.add(n);
        }
        List<FileStat> stats = new ArrayList<>();
        try (RevWalk walk = new RevWalk(repository);
             DiffFormatter diff = new DiffFormatter(DisabledOutputStream.INSTANCE)) {
            RevCommit a = Revisions.commit(repository, walk, from);
            RevCommit b = Revisions.commit(repository, walk, to);
            diff.setRepository(repository);
            diff.setDetectRenames(false);
            if (!filter.isEmpty()) {
                diff.setPathFilter(PathFilterGroup.createFromStrings(filter));
            }
            for (DiffEntry e : diff.scan(a.getTree(), b.getTree())) {
                FileHeader header = diff.toFileHeader(e);
                boolean binary = header.getPatchType() != FileHeader.PatchType.UNIFIED;
                int added = 0;
                int removed = 0;
                for (Edit edit : header.toEditList()) {
                    added += edit.getLengthB();
                    removed += edit.getLengthA();
                }
                FileStat.Change change = switch (e.getChangeType()) {
                    case ADD -> FileStat.Change.ADDED;
                    case DELETE -> FileStat.Change.DELETED;
                    default -> FileStat.Change.MODIFIED;
                };
                String path = change == FileStat.Change.DELETED ? e.getOldPath() : e.getNewPath();
                stats.add(new FileStat(path, change, binary ? 0 : added, binary ? 0 : removed, binary));
            }
        } catch (IOException e) {
            throw GitException.io("cannot compare " + from + " with " + to, e);
        }
        stats.sort(Comparator.comparing(FileStat::path));
        return List.copyOf(stats);
    }

    /** Commits on {@code to}'s first-parent history that {@code from} does not contain. */
    static int commitsBetween(Repository repository, String from, String to) throws GitException {
        try (RevWalk walk = new RevWalk(repository)) {
            RevCommit a = Revisions.commit(repository, walk, from);
            RevCommit b = Revisions.commit(repository, walk, to);
            walk.setFirstParent(true);
            walk.markStart(b);
            walk.markUninteresting(a);
            int n = 0;
            while (walk.next() != null) {
                n++;
            }
            return n;
        } catch (IOException e) {
            throw GitException.io("cannot count the commits from " + from + " to " + to, e);
        }
    }
}
