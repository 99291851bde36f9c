package dev.plumb.git;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import org.eclipse.jgit.dircache.DirCache;
import org.eclipse.jgit.dircache.DirCacheBuilder;
import org.eclipse.jgit.dircache.DirCacheEntry;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.NullProgressMonitor;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevSort;
import org.eclipse.jgit.revwalk.RevTree;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.transport.FetchResult;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.treewalk.TreeWalk;

/**
 * Publishes a record ref to a remote that other runs (the shards of a CI matrix, each in its own
 * clone) append to at the same time. A push that loses the race (the remote moved on, or another
 * push held its lock) fetches the remote's records, replays ours on top of them (each record
 * commit's own file changes, with its author, time and message), moves our ref there by
 * compare-and-swap and pushes again, a bounded number of times with random back-off. So no
 * record is lost and none is forced over.
 */
final class RecordSync {
    /** How many pushes are tried before giving up. */
    static final int ATTEMPTS = 10;

    private RecordSync() {
    }

    /** As {@link Pusher#push}, but winning the race against other writers of the remote's ref. */
    static boolean push(Repository repository, String remote, String ref) throws GitException {
        for (int attempt = 1; ; attempt++) {
            Pusher.Pushed pushed = Pusher.attempt(repository, remote, ref);
            switch (pushed) {
                case DONE -> {
                    return true;
                }
                case UP_TO_DATE -> {
                    return false;
                }
                case BEHIND, LOCKED -> {
                    if (attempt >= ATTEMPTS) {
                        throw new GitException(GitException.Kind.CONFLICT, Pusher.masked(remote) + " rejected " + ref
                                + ": other runs kept adding records to it (" + ATTEMPTS + " attempts); try again");
                    }
                }
            }
            Records.backOff(attempt);
            Optional<ObjectId> theirs = fetch(repository, remote, ref);
            if (theirs.isPresent()) {
                replay(repository, ref, theirs.get());
            }
        }
    }

    /** The remote's tip of {@code ref}, its objects fetched (no local ref is written); empty if it has none. */
    private static Optional<ObjectId> fetch(Repository repository, String remote, String ref) throws GitException {
        return Pusher.open(repository, remote, ref, "fetch", transport -> {
            FetchResult result = transport.fetch(NullProgressMonitor.INSTANCE, List.of(new RefSpec(ref)));
            Ref tip = result.getAdvertisedRef(ref);
            return Optional.ofNullable(tip).map(Ref::getObjectId);
        });
    }

    /**
     * Rebuilds our records that {@code theirs} lacks on top of it, and moves {@code ref} there if
     * no local writer moved it meanwhile (else the next push finds out and this runs again).
     */
    static void replay(Repository repository, String ref, ObjectId theirs) throws GitException {
        try (RevWalk walk = new RevWalk(repository); ObjectInserter inserter = repository.newObjectInserter()) {
            Ref current = repository.exactRef(ref);
            if (current == null) {
                return;
            }
            ObjectId ours = current.getObjectId();
            RevCommit base = walk.parseCommit(theirs);
            walk.sort(RevSort.TOPO);
            walk.sort(RevSort.REVERSE, true);
            walk.markStart(walk.parseCommit(ours));
            walk.markUninteresting(base);
            List<RevCommit> mine = new ArrayList<>();
            walk.forEach(mine::add);
            if (mine.isEmpty()) {
                return; // theirs already holds ours: the remote merely moved on
            }
            ObjectReader reader = walk.getObjectReader();
            ObjectId tip = base;
            Map<String, ObjectId> files = blobs(reader, base.getTree());
            for (RevCommit c : mine) {
                Map<String, ObjectId> before = c.getParentCount() == 0 ? Map.of()
                        : blobs(reader, walk.parseCommit(c.getParent(0)).getTree());
                Map<String, ObjectId> after = blobs(reader, c.getTree());
                before.keySet().stream().filter(p -> !after.containsKey(p)).forEach(files::remove);
                after.forEach((p, id) -> {
                    if (!id.equals(before.get(p))) {
                        files.put(p, id);
                    }
                });
                CommitBuilder commit = new CommitBuilder();
                commit.setTreeId(tree(inserter, files));
                commit.setParentId(tip);
                commit.setAuthor(c.getAuthorIdent());
                commit.setCommitter(c.getCommitterIdent());
                commit.setMessage(c.getFullMessage());
                tip = inserter.insert(commit);
            }
            inserter.flush();
            RefUpdate ru = repository.updateRef(ref);
            ru.setExpectedOldObjectId(ours);
            ru.setNewObjectId(tip);
            ru.setForceUpdate(true); // ours, rebuilt on theirs: every record of both is kept
            ru.setRefLogMessage("plumb: records rebuilt on the remote's", false);
            ru.update(walk);
        } catch (IOException e) {
            throw GitException.io("could not rebuild the records of " + ref + " on the remote's", e);
        }
    }

    private static Map<String, ObjectId> blobs(ObjectReader reader, RevTree tree) throws IOException {
        Map<String, ObjectId> out = new TreeMap<>();
        try (TreeWalk walk = new TreeWalk(reader)) {
            walk.addTree(tree);
            walk.setRecursive(true);
            while (walk.next()) {
                out.put(walk.getPathString(), walk.getObjectId(0));
            }
        }
        return out;
    }

    private static ObjectId tree(ObjectInserter inserter, Map<String, ObjectId> files) throws IOException {
        DirCache index = DirCache.newInCore();
        DirCacheBuilder builder = index.builder();
        new TreeMap<>(files).forEach((path, id) -> {
            DirCacheEntry entry = new DirCacheEntry(path);
            entry.setFileMode(FileMode.REGULAR_FILE);
            entry.setObjectId(id);
            builder.add(entry);
        });
        builder.finish();
        return index.writeTree(inserter);
    }
}
