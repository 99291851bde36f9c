package dev.plumb.git;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

import org.eclipse.jgit.errors.RepositoryNotFoundException;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.RepositoryCache;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.util.FS;

/**
 * One git repository, with a work tree or bare. Reading never checks out and never changes the
 * work tree, the index or HEAD; the only writes are record refs under {@code refs/plumb/} and
 * the objects they need. The {@code GIT_DIR}-style environment variables are not consulted.
 * Safe to share between threads; close it when done.
 */
public final class Repo implements AutoCloseable {
    static {
        NoGitBinary.install();
    }

    private final Repository repository;
    private final Optional<Path> workTree;

    private Repo(Repository repository) throws IOException {
        this.repository = repository;
        this.workTree = repository.isBare() ? Optional.empty()
                : Optional.of(repository.getWorkTree().toPath().toRealPath());
    }

    /**
     * The repository that holds {@code anyFile} (which need not exist), found as git finds it: the
     * nearest enclosing directory with a {@code .git} directory or {@code .git} file (a linked
     * work tree or submodule), or that is itself a bare repository, up to the file-system root.
     * In a bare repository, {@code anyFile} names a path of its commits (see {@link #relativePath}).
     */
    public static Optional<Repo> find(Path anyFile) throws GitException {
        Path start = existingAncestor(anyFile.toAbsolutePath().normalize());
        if (start == null) {
            return Optional.empty();
        }
        for (Path dir = start; dir != null; dir = dir.getParent()) {
            Path dotGit = dir.resolve(".git");
            boolean repoDir = Files.isDirectory(dotGit) && isRepository(dotGit);
            if (repoDir || Files.isRegularFile(dotGit)) {
                return Optional.of(build(new FileRepositoryBuilder().setWorkTree(dir.toFile()), dir));
            }
            if (!".git".equals(String.valueOf(dir.getFileName())) && isRepository(dir)) {
                return Optional.of(build(new FileRepositoryBuilder().setGitDir(dir.toFile()).setBare(), dir));
            }
        }
        return Optional.empty();
    }

    private static boolean isRepository(Path dir) {
        return RepositoryCache.FileKey.isGitRepository(dir.toFile(), FS.DETECTED);
    }

    /** The repository at {@code gitDirOrWorkTree}: a work tree, its {@code .git}, or a bare repository. */
    public static Repo open(Path gitDirOrWorkTree) throws GitException {
        Path path = gitDirOrWorkTree.toAbsolutePath().normalize();
        if (Files.exists(path.resolve(".git"))) {
            return build(new FileRepositoryBuilder().setWorkTree(path.toFile()), path);
        }
        if (Files.isDirectory(path) && RepositoryCache.FileKey.isGitRepository(path.toFile(), FS.DETECTED)) {
            return build(new FileRepositoryBuilder().setGitDir(path.toFile()), path);
        }
        throw notARepository(path, null);
    }

    /** The work tree's real path; empty for a bare repository. */
    public Optional<Path> workTree() {
        return workTree;
    }

    /** The git directory ({@code .git}, a linked work tree's own one, or the bare repository). */
    public Path gitDir() {
        return repository.getDirectory().toPath();
    }

    public boolean isBare() {
        return workTree.isEmpty();
    }

    /** The directory repository paths are relative to: the work tree, or a bare repository's own directory. */
    public Path root() {
        return workTree.orElseGet(() -> {
            try {
                return gitDir().toRealPath();
            } catch (IOException e) {
                return gitDir().toAbsolutePath().normalize();
            }
        });
    }

    /**
     * {@code file} as a repository-relative path ({@code playbooks/app.yml}; {@code ""} for the
     * work tree itself). Symbolic links in its directories are resolved, not in its last name. In
     * a bare repository, paths below its directory stand for the paths of its commits
     * ({@code /srv/infra.git/playbooks/app.yml} is {@code playbooks/app.yml}).
     *
     * @throws GitException INVALID when it is outside the work tree (or the bare repository)
     */
    public String relativePath(Path file) throws GitException {
        Path root = root();
        Path abs = file.toAbsolutePath().normalize();
        Path whole = existingAncestor(abs);
        if (abs.equals(root) || root.equals(whole)) {
            return "";
        }
        Path parent = abs.getParent() == null ? null : existingAncestor(abs.getParent());
        Path real = parent == null ? abs : parent.resolve(abs.getFileName());
        if (!real.startsWith(root)) {
            throw new GitException(GitException.Kind.INVALID, file + " is outside the "
                    + (isBare() ? "bare repository " : "work tree ") + root);
        }
        List<String> parts = new ArrayList<>();
        root.relativize(real).forEach(p -> parts.add(p.toString()));
        return String.join("/", parts);
    }

    /**
     * The files of the commit {@code revision} names: a branch, tag, full or abbreviated id,
     * {@code HEAD~2}, {@code main^}.
     *
     * @throws GitException UNKNOWN_REVISION (unknown, ambiguous, malformed, not a commit) or
     *                      SHALLOW (beyond a shallow clone's history)
     */
    public RevisionTree at(String revision) throws GitException {
        try (RevWalk walk = new RevWalk(repository)) {
            return new RevisionTree(repository, revision, Revisions.commit(repository, walk, revision));
        }
    }

    /**
     * HEAD, its branch, and which of {@code files} (and of the files below those that are
     * directories) differ from HEAD: modified, staged, untracked or ignored, conflicted. A file
     * that exists nowhere (not in HEAD, the index or on disk) is not dirty. Reads only: the index
     * is not refreshed. Clean filters configured for a file run, as with {@code git status}.
     *
     * @param files paths on disk, absolute or relative to the current directory; may be empty
     * @throws GitException INVALID for a file outside the work tree; NOT_A_REPOSITORY when bare and files is not empty
     */
    public Status status(Collection<Path> files) throws GitException {
        if (isBare() && !files.isEmpty()) {
            throw bare("has no work tree, so no file in it can be dirty");
        }
        List<String> paths = new ArrayList<>();
        for (Path f : files) {
            paths.add(relativePath(f));
        }
        return StatusReader.read(repository, workTree.orElse(null), paths);
    }

    /**
     * Adds a commit to the record ref {@code ref} (under {@code refs/plumb/}, see {@link RecordRefs})
     * whose tree holds exactly {@code files} (repository-relative path to content, such as
     * {@code web1.json}) and whose parent is the ref's previous commit, if any. The ref moves by
     * compare-and-swap: when another writer moved it meanwhile, the commit is rebuilt on the new
     * tip, a few times, before CONFLICT. The ref is never left half-written; the work tree, index
     * and HEAD are not touched; bare repositories work.
     *
     * @throws GitException INVALID for a bad ref or file name; CONFLICT when other writers kept winning
     */
    public RecordCommit appendRecord(String ref, Map<String, byte[]> files, String message, Author author)
            throws GitException {
        Map<String, byte[]> copy = Map.copyOf(files);
        return Records.append(repository, ref, previous -> copy, message, author);
    }

    /**
     * As {@link #appendRecord(String, Map, String, Author)}, with the files computed from the
     * previous record's files (empty for the first record) by {@code update}, which is called
     * again for each retry: to replace some hosts' files and keep the others without losing a
     * concurrent writer's.
     */
    public RecordCommit appendRecord(String ref, UnaryOperator<Map<String, byte[]>> update, String message,
                                     Author author) throws GitException {
        return Records.append(repository, ref, update, message, author);
    }

    /** The names of the refs under {@code prefix} (such as {@link RecordRefs#APPLIED}), sorted. */
    public List<String> refs(String prefix) throws GitException {
        try {
            return repository.getRefDatabase().getRefsByPrefix(prefix).stream().map(r -> r.getName()).sorted().toList();
        } catch (IOException e) {
            throw GitException.io("listing " + prefix, e);
        }
    }

    /** The newest {@code limit} (at least 1) records of {@code ref}, newest first; empty when it does not exist. */
    public List<RecordCommit> log(String ref, int limit) throws GitException {
        return Records.log(repository, ref, limit);
    }

    /**
     * The paths that differ between two commits, among {@code paths} (repository-relative files
     * or directories; all when empty), with the lines added and removed, sorted by path.
     */
    public List<FileStat> diffStat(String fromCommit, String toCommit, Collection<String> paths) throws GitException {
        return Changes.diffStat(repository, fromCommit, toCommit, paths);
    }

    /** How many commits {@code to} is ahead of {@code from} on its first-parent history (0 when none). */
    public int commitsBetween(String from, String to) throws GitException {
        return Changes.commitsBetween(repository, from, to);
    }

    /**
     * Pushes the record ref {@code ref} to the same name at {@code remote} (a configured remote's
     * name, or a URL or path), never forcing.
     *
     * @return true when the remote ref moved, false when it already had this commit
     * @throws GitException PUSH when the remote rejects it (it has records this one lacks) or cannot be reached
     */
    public boolean push(String remote, String ref) throws GitException {
        return Pusher.push(repository, remote, ref);
    }

    /**
     * Pushes record ref {@code ref} as {@link #push} does, but when other runs added records to
     * the remote's ref meanwhile, rebuilds this repository's records that it lacks on top of
     * them and pushes again (a bounded number of times): none of either side's records is lost.
     */
    public boolean pushRecords(String remote, String ref) throws GitException {
        return RecordSync.push(repository, remote, ref);
    }

    /**
     * Who to write records as: {@code GIT_AUTHOR_NAME}/{@code GIT_AUTHOR_EMAIL}, else
     * {@code user.name}/{@code user.email} from the repository's config, the user's
     * ({@code ~/.gitconfig}, {@code $XDG_CONFIG_HOME/git/config}) or the system's; else
     * {@code $USER} and {@code $USER@hostname}.
     */
    public Author author() {
        return Author.of(repository.getConfig());
    }

    @Override
    public void close() {
        repository.close();
    }

    @Override
    public String toString() {
        return workTree.map(Path::toString).orElse(gitDir().toString());
    }

    private static Repo build(FileRepositoryBuilder builder, Path where) throws GitException {
        try {
            return new Repo(builder.setMustExist(true).build());
        } catch (RepositoryNotFoundException | IllegalArgumentException e) {
            throw notARepository(where, e);
        } catch (IOException e) {
            throw GitException.io("cannot open the git repository at " + where, e);
        }
    }

    private static GitException notARepository(Path where, Exception cause) {
        return new GitException(GitException.Kind.NOT_A_REPOSITORY, where + " is not a git repository", cause);
    }

    private GitException bare(String what) {
        return new GitException(GitException.Kind.NOT_A_REPOSITORY, "the bare repository " + gitDir() + " " + what);
    }

    /** The real path of {@code path} or of its nearest existing ancestor, with the rest appended. */
    private static Path existingAncestor(Path path) {
        Path rest = null;
        for (Path p = path; p != null; p = p.getParent()) {
            if (Files.exists(p)) {
                try {
                    Path real = p.toRealPath();
                    return rest == null ? real : real.resolve(rest);
                } catch (IOException e) {
                    return null;
                }
            }
            Path name = p.getFileName();
            rest = rest == null ? name : name.resolve(rest);
        }
        return null;
    }
}
