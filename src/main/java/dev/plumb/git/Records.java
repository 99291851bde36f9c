package dev.plumb.git;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.UnaryOperator;

import org.eclipse.jgit.dircache.DirCache;
import org.eclipse.jgit.dircache.DirCacheBuilder;
import org.eclipse.jgit.dircache.DirCacheEntry;
import org.eclipse.jgit.errors.IncorrectObjectTypeException;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevTree;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.TreeWalk;

/**
 * Append-only record refs: each record is a commit whose parent is the ref's previous commit,
 * written as objects first and then published by one compare-and-swap of the ref.
 */
final class Records {
    /** How many times a record is rebuilt on a newer tip before giving up. */
    static final int ATTEMPTS = 12;

    private Records() {
    }

    static RecordCommit append(Repository repository, String ref, UnaryOperator<Map<String, byte[]>> update,
                               String message, Author author) throws GitException {
        RecordRefs.check(ref);
        String text = message == null ? "" : message.strip();
        try {
            if (repository.getRefDatabase().isNameConflicting(ref)) {
                throw new GitException(GitException.Kind.INVALID, ref + " clashes with an existing ref "
                        + repository.getRefDatabase().getConflictingNames(ref));
            }
            for (int attempt = 1; ; attempt++) {
                Ref current = repository.exactRef(ref);
                ObjectId old = current == null ? null : current.getObjectId();
                try (RevWalk walk = new RevWalk(repository); ObjectInserter inserter = repository.newObjectInserter()) {
                    RevCommit parent = old == null ? null : parent(walk, ref, old);
                    Map<String, byte[]> previous = parent == null ? Map.of() : files(walk.getObjectReader(), parent.getTree(), true);
                    Map<String, byte[]> files = update.apply(previous);
                    if (files == null) {
                        throw new GitException(GitException.Kind.INVALID, "no files given for " + ref);
                    }
                    PersonIdent who = new PersonIdent(author.name(), author.email());
                    CommitBuilder commit = new CommitBuilder();
                    commit.setTreeId(tree(inserter, files));
                    if (old != null) {
                        commit.setParentId(old);
                    }
                    commit.setAuthor(who);
                    commit.setCommitter(who);
                    commit.setMessage(text + "\n");
                    ObjectId id = inserter.insert(commit);
                    inserter.flush();

                    RefUpdate ru = repository.updateRef(ref);
                    ru.setExpectedOldObjectId(old == null ? ObjectId.zeroId() : old);
                    ru.setNewObjectId(id);
                    ru.setRefLogIdent(who);
                    ru.setRefLogMessage("plumb: " + text.lines().findFirst().orElse("record"), false);
                    RefUpdate.Result result = ru.update(walk);
                    switch (result) {
                        case NEW, FAST_FORWARD -> {
                            return toRecord(walk.parseCommit(id), files.keySet().stream().sorted().toList());
                        }
                        case LOCK_FAILURE, REJECTED -> {
                            if (attempt >= ATTEMPTS) {
                                throw new GitException(GitException.Kind.CONFLICT, "could not add a record to " + ref
                                        + ": another writer kept moving it, or holds its lock (" + ATTEMPTS + " attempts); try again");
                            }
                        }
                        default -> throw new GitException(GitException.Kind.IO,
                                "could not update " + ref + ": " + result.toString().toLowerCase().replace('_', ' '));
                    }
                }
                backOff(attempt);
            }
        } catch (IOException e) {
            throw GitException.io("could not add a record to " + ref, e);
        }
    }

    static List<RecordCommit> log(Repository repository, String ref, int limit) throws GitException {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1: " + limit);
        }
        RecordRefs.check(ref);
        List<RecordCommit> out = new ArrayList<>();
        try (RevWalk walk = new RevWalk(repository)) {
            Ref tip = repository.exactRef(ref);
            if (tip == null) {
                return List.of();
            }
            RevCommit c = parent(walk, ref, tip.getObjectId());
            while (true) {
                out.add(toRecord(c, files(walk.getObjectReader(), c.getTree(), false).keySet().stream().sorted().toList()));
                if (out.size() >= limit || c.getParentCount() == 0) {
                    break;
                }
                c = walk.parseCommit(c.getParent(0));
            }
        } catch (IOException e) {
            throw GitException.io("cannot read the records of " + ref, e);
        }
        return List.copyOf(out);
    }

    private static RevCommit parent(RevWalk walk, String ref, ObjectId id) throws IOException, GitException {
        try {
            return walk.parseCommit(id);
        } catch (IncorrectObjectTypeException e) {
            throw new GitException(GitException.Kind.INVALID, ref + " does not point to a commit", e);
        }
    }

    private static RecordCommit toRecord(RevCommit c, List<String> files) {
        PersonIdent a = c.getAuthorIdent();
        String msg = c.getFullMessage();
        return new RecordCommit(c.name(), c.getCommitterIdent().getWhenAsInstant(),
                Author.sanitized(a.getName(), a.getEmailAddress()), msg.stripTrailing(), files);
    }

    /** The tree holding exactly {@code files}, each a regular file. */
    private static ObjectId tree(ObjectInserter inserter, Map<String, byte[]> files) throws IOException, GitException {
        Map<String, byte[]> sorted = new TreeMap<>();
        for (Map.Entry<String, byte[]> f : files.entrySet()) {
            String path;
            try {
                path = GitPath.normalize(f.getKey());
            } catch (GitException e) {
                path = "";
            }
            if (path.isEmpty() || !path.equals(f.getKey())) {
                throw badName(f.getKey(), "use a plain relative path such as web1.json");
            }
            if (f.getValue() == null) {
                throw badName(path, "it has no content");
            }
            sorted.put(path, f.getValue());
        }
        String previous = null;
        for (String path : sorted.keySet()) {
            if (previous != null && path.startsWith(previous + "/")) {
                throw badName(path, previous + " is a file, so it cannot also be a directory");
            }
            previous = path;
        }
        DirCache index = DirCache.newInCore();
        DirCacheBuilder builder = index.builder();
        for (Map.Entry<String, byte[]> f : sorted.entrySet()) {
            DirCacheEntry entry;
            try {
                entry = new DirCacheEntry(f.getKey());
            } catch (IllegalArgumentException e) {
                throw badName(f.getKey(), "git does not allow it");
            }
            entry.setFileMode(FileMode.REGULAR_FILE);
            entry.setLength(f.getValue().length);
            entry.setObjectId(inserter.insert(Constants.OBJ_BLOB, f.getValue()));
            builder.add(entry);
        }
        builder.finish();
        return index.writeTree(inserter);
    }

    /** Path to content (or to an empty array when {@code contents} is false) of every file in {@code tree}. */
    private static Map<String, byte[]> files(ObjectReader reader, RevTree tree, boolean contents) throws IOException {
        Map<String, byte[]> files = new LinkedHashMap<>();
        try (TreeWalk walk = new TreeWalk(reader)) {
            walk.addTree(tree);
            walk.setRecursive(true);
            while (walk.next()) {
                byte[] bytes = contents
                        ? reader.open(walk.getObjectId(0), Constants.OBJ_BLOB).getBytes((int) RevisionTree.MAX_FILE_BYTES)
                        : new byte[0];
                files.put(walk.getPathString(), bytes);
            }
        }
        return files;
    }

    private static GitException badName(String name, String why) {
        return new GitException(GitException.Kind.INVALID, "record file name '" + name + "' is not acceptable: " + why);
    }

    /** Sleeps a random time up to 5 ms doubled per attempt (at most 250 ms), so racing writers spread out. */
    static void backOff(int attempt) throws GitException {
        try {
            Thread.sleep(1 + ThreadLocalRandom.current().nextLong(Math.min(250, 5L << Math.min(attempt, 6))));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new GitException(GitException.Kind.CONFLICT, "interrupted while adding a record", e);
        }
    }
}
