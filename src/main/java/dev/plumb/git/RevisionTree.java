package dev.plumb.git;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import dev.plumb.io.LocalFile;
import org.eclipse.jgit.errors.MissingObjectException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.treewalk.TreeWalk;

/**
 * The files of one commit, read straight from the object database: no checkout, and the work
 * tree, index and HEAD are never touched. Paths are repository-relative ({@code a/b.yml}; a
 * leading {@code ./} is allowed). Bytes are as committed: no smudge filters, no line-ending
 * conversion, no LFS. Valid while its {@link Repo} is open; safe to share between threads.
 */
public final class RevisionTree {
    /** The largest file {@link #read} returns: 10 MiB. */
    public static final long MAX_FILE_BYTES = 10L * 1024 * 1024;

    private final Repository repository;
    private final String revision;
    private final ObjectId commit;
    private final ObjectId tree;
    private final Instant time;

    RevisionTree(Repository repository, String revision, RevCommit commit) {
        this.repository = repository;
        this.revision = revision;
        this.commit = commit.copy();
        this.tree = commit.getTree().copy();
        this.time = commit.getCommitterIdent().getWhenAsInstant();
    }

    /** The revision as it was given. */
    public String revision() {
        return revision;
    }

    /** The commit's full id, 40 hex digits. */
    public String commitId() {
        return commit.name();
    }

    /** When the commit was made (its committer time). */
    public Instant time() {
        return time;
    }

    /**
     * The bytes of the regular (or executable) file at {@code path}.
     *
     * @throws GitException MISSING when nothing is there; NOT_A_FILE for a directory, symbolic link
     *                      or submodule; TOO_LARGE above {@link #MAX_FILE_BYTES}; INVALID for an
     *                      absolute path or one with {@code ..}
     */
    public byte[] read(String path) throws GitException {
        return read(path, MAX_FILE_BYTES);
    }

    /** As {@link #read(String)}, refusing a file above {@code maxBytes} (at most {@link #MAX_FILE_BYTES}). */
    public byte[] read(String path, long maxBytes) throws GitException {
        long limit = Math.min(maxBytes, MAX_FILE_BYTES);
        String p = GitPath.normalize(path);
        if (p.isEmpty()) {
            throw notAFile("", "a directory");
        }
        try (ObjectReader reader = repository.newObjectReader(); TreeWalk walk = TreeWalk.forPath(reader, p, tree)) {
            if (walk == null) {
                throw missing(p);
            }
            FileMode mode = walk.getFileMode(0);
            if (mode == FileMode.TREE) {
                throw notAFile(p, "a directory");
            } else if (mode == FileMode.SYMLINK) {
                throw notAFile(p, "a symbolic link; plumb reads only regular files");
            } else if (mode == FileMode.GITLINK) {
                throw notAFile(p, "a submodule; plumb reads only regular files");
            }
            ObjectId id = walk.getObjectId(0);
            long size = reader.getObjectSize(id, Constants.OBJ_BLOB);
            if (size > limit) {
                throw new GitException(GitException.Kind.TOO_LARGE, p + " at " + this + " is " + size
                        + " bytes, over the " + LocalFile.size(limit) + " limit");
            }
            return reader.open(id, Constants.OBJ_BLOB).getBytes((int) limit);
        } catch (MissingObjectException e) {
            throw GitException.io("cannot read " + p + " at " + this + ": object " + e.getObjectId().name()
                    + " is missing from the repository", e);
        } catch (IOException e) {
            throw GitException.io("cannot read " + p + " at " + this, e);
        }
    }

    /** What can be at a path of a commit. */
    public enum Entry { FILE, DIRECTORY, SYMLINK, SUBMODULE, MISSING }

    /** Whether anything (file, directory, link, submodule) is at {@code path}; the root always is. */
    public boolean exists(String path) throws GitException {
        return entry(path) != Entry.MISSING;
    }

    /** What is at {@code path}; the root is a directory. Executable files are files. */
    public Entry entry(String path) throws GitException {
        String p = GitPath.normalize(path);
        if (p.isEmpty()) {
            return Entry.DIRECTORY;
        }
        try (ObjectReader reader = repository.newObjectReader(); TreeWalk walk = TreeWalk.forPath(reader, p, tree)) {
            if (walk == null) {
                return Entry.MISSING;
            }
            FileMode mode = walk.getFileMode(0);
            return mode == FileMode.TREE ? Entry.DIRECTORY : mode == FileMode.SYMLINK ? Entry.SYMLINK
                    : mode == FileMode.GITLINK ? Entry.SUBMODULE : Entry.FILE;
        } catch (IOException e) {
            throw GitException.io("cannot read " + p + " at " + this, e);
        }
    }

    /**
     * Every entry below directory {@code dir} ({@code ""}: the whole tree), recursively, as
     * repository-relative paths in sorted order; directories themselves are not listed. Symbolic
     * links and submodules are listed too (so none is silently skipped), and {@link #read} refuses them.
     *
     * @throws GitException MISSING when {@code dir} does not exist; NOT_A_FILE when it is not a directory
     */
    public List<String> list(String dir) throws GitException {
        String d = GitPath.normalize(dir);
        List<String> paths = new ArrayList<>();
        try (ObjectReader reader = repository.newObjectReader(); TreeWalk walk = new TreeWalk(reader)) {
            if (d.isEmpty()) {
                walk.addTree(tree);
            } else {
                try (TreeWalk at = TreeWalk.forPath(reader, d, tree)) {
                    if (at == null) {
                        throw missing(d);
                    }
                    if (at.getFileMode(0) != FileMode.TREE) {
                        throw notAFile(d, "not a directory");
                    }
                    walk.addTree(at.getObjectId(0));
                }
            }
            walk.setRecursive(true);
            String prefix = d.isEmpty() ? "" : d + "/";
            while (walk.next()) {
                paths.add(prefix + walk.getPathString());
            }
        } catch (IOException e) {
            throw GitException.io("cannot list " + (d.isEmpty() ? "the tree" : d) + " at " + this, e);
        }
        paths.sort(null);
        return List.copyOf(paths);
    }

    /** {@code main (1a2b3c4)}: the revision as given, with the commit's abbreviated id. */
    @Override
    public String toString() {
        return Revisions.describe(revision, commit);
    }

    private GitException missing(String path) {
        return new GitException(GitException.Kind.MISSING, path + " is missing at " + this);
    }

    private GitException notAFile(String path, String is) {
        return new GitException(GitException.Kind.NOT_A_FILE,
                (path.isEmpty() ? "the repository root" : path) + " at " + this + " is " + is);
    }
}
