package dev.plumb.git;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.plumb.io.LocalFile;
import dev.plumb.io.SourceTree;

/**
 * Desired-state files as one commit has them, for {@code plumb plan --rev}: a path the
 * configuration names (absolute, or relative to the current directory) stands for the same path
 * of the commit, relative to the work tree (or to a bare repository's directory). Only regular
 * files are read; a symbolic link or submodule is refused, never followed. Owns its repository:
 * {@link #close()} closes it and removes the private copies {@link #onDisk} made.
 */
public final class RevisionFiles implements SourceTree {
    /** At most this many files are copied to disk for one tree. */
    static final int MAX_COPIED_FILES = 10_000;

    private final Repo repo;
    private final RevisionTree tree;
    private final Map<String, Path> copies = new HashMap<>();
    private Path copyRoot;

    private RevisionFiles(Repo repo, RevisionTree tree) {
        this.repo = repo;
        this.tree = tree;
    }

    /**
     * The files of {@code revision} in {@code repo}, which the result then owns (closed with it,
     * or here when the revision names no commit).
     */
    public static RevisionFiles open(Repo repo, String revision) throws GitException {
        try {
            return new RevisionFiles(repo, repo.at(revision));
        } catch (GitException e) {
            repo.close();
            throw e;
        }
    }

    @Override
    public byte[] read(Path path, long maxBytes) throws LocalFile.Problem {
        String p = path(path);
        switch (at(p)) {
            case MISSING -> throw new LocalFile.Problem("does not exist at " + tree, true);
            case DIRECTORY -> throw new LocalFile.Problem("is a directory, not a file, at " + tree, false);
            case SYMLINK -> throw notRegular("a symbolic link");
            case SUBMODULE -> throw notRegular("a submodule");
            case FILE -> { }
        }
        try {
            return tree.read(p, maxBytes);
        } catch (GitException e) {
            throw new LocalFile.Problem(e.kind() == GitException.Kind.TOO_LARGE
                    ? "is larger than " + LocalFile.size(Math.min(maxBytes, RevisionTree.MAX_FILE_BYTES)) + " at " + tree
                    : "cannot be read at " + tree + ": " + e.getMessage(), false);
        }
    }

    @Override
    public Entry entry(Path path) {
        try {
            return switch (at(path(path))) {
                case FILE -> Entry.FILE;
                case DIRECTORY -> Entry.DIRECTORY;
                case MISSING -> Entry.MISSING;
                case SYMLINK, SUBMODULE -> Entry.OTHER;
            };
        } catch (LocalFile.Problem e) {
            return Entry.OTHER;
        }
    }

    @Override
    public List<Path> files(Path dir) throws LocalFile.Problem {
        String d = path(dir);
        RevisionTree.Entry entry = at(d);
        if (entry != RevisionTree.Entry.DIRECTORY) {
            throw entry == RevisionTree.Entry.MISSING ? new LocalFile.Problem("does not exist at " + tree, true)
                    : new LocalFile.Problem("is not a directory at " + tree, false);
        }
        List<Path> out = new ArrayList<>();
        try {
            for (String p : tree.list(d)) {
                String below = d.isEmpty() ? p : p.substring(d.length() + 1);
                RevisionTree.Entry kind = tree.entry(p);
                if (kind != RevisionTree.Entry.FILE) {
                    throw new LocalFile.Problem("holds " + below + ", " + (kind == RevisionTree.Entry.SYMLINK
                            ? "a symbolic link" : "a submodule") + ", at " + tree + "; plumb reads only regular files",
                            false);
                }
                out.add(dir.resolve(below));
            }
        } catch (GitException e) {
            throw new LocalFile.Problem("cannot be listed at " + tree + ": " + e.getMessage(), false);
        }
        return List.copyOf(out);
    }

    /**
     * A private copy (a directory only this user can read, below the system's temporary
     * directory) of {@code dir}'s regular files at this commit.
     */
    @Override
    public synchronized Path onDisk(Path dir) throws LocalFile.Problem {
        String d = path(dir);
        Path done = copies.get(d);
        if (done != null) {
            return done;
        }
        List<Path> files = files(dir);
        if (files.size() > MAX_COPIED_FILES) {
            throw new LocalFile.Problem("holds more than " + MAX_COPIED_FILES + " files at " + tree, false);
        }
        try {
            if (copyRoot == null) {
                copyRoot = Files.createTempDirectory("plumb-rev-",
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            }
            Path target = d.isEmpty() ? copyRoot : copyRoot.resolve(d);
            for (Path f : files) {
                Path to = target.resolve(dir.relativize(f).toString());
                Files.createDirectories(to.getParent());
                Files.write(to, read(f, LocalFile.MAX_BYTES), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            }
            Files.createDirectories(target);
            copies.put(d, target);
            return target;
        } catch (LocalFile.Problem e) {
            throw e;
        } catch (IOException e) {
            throw new LocalFile.Problem("cannot be copied out of " + tree + ": " + LocalFile.why(e), false);
        }
    }

    @Override
    public Optional<String> commit() {
        return Optional.of(tree.commitId());
    }

    @Override
    public Optional<String> revision() {
        return Optional.of(tree.toString());
    }

    /** The repository's path for {@code path}, as {@link Repo#relativePath} gives it. */
    public String repositoryPath(Path path) throws GitException {
        return repo.relativePath(path);
    }

    @Override
    public synchronized void close() {
        repo.close();
        if (copyRoot != null) {
            removeTree(copyRoot);
            copyRoot = null;
            copies.clear();
        }
    }

    @Override
    public String toString() {
        return tree.toString();
    }

    private String path(Path path) throws LocalFile.Problem {
        try {
            return repo.relativePath(path);
        } catch (GitException e) {
            throw new LocalFile.Problem("is outside the repository " + repo.root() + ", so " + tree
                    + " has no such file", false);
        }
    }

    private RevisionTree.Entry at(String path) throws LocalFile.Problem {
        try {
            return tree.entry(path);
        } catch (GitException e) {
            throw new LocalFile.Problem("cannot be read at " + tree + ": " + e.getMessage(), false);
        }
    }

    private LocalFile.Problem notRegular(String what) {
        return new LocalFile.Problem("is " + what + " at " + tree + "; plumb reads only regular files", false);
    }

    /** Removes the copies; nothing in them is followed (they hold only files and directories plumb made). */
    private static void removeTree(Path root) {
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                    Files.deleteIfExists(dir);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            // Best effort: a private temporary directory left behind holds only committed files.
        }
    }
}
