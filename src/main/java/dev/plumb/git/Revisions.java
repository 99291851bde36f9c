package dev.plumb.git;

import java.io.IOException;
import java.util.regex.Pattern;

import org.eclipse.jgit.errors.AmbiguousObjectException;
import org.eclipse.jgit.errors.IncorrectObjectTypeException;
import org.eclipse.jgit.errors.MissingObjectException;
import org.eclipse.jgit.errors.RevisionSyntaxException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;

/** Revision strings to commits, with the failures said the way an operator needs to read them. */
final class Revisions {
    private static final Pattern HEX = Pattern.compile("[0-9a-fA-F]{4,40}");

    private Revisions() {
    }

    /**
     * The commit {@code revision} names (a branch, tag, full or abbreviated id, {@code HEAD~2},
     * {@code main^} ...), peeling annotated tags, parsed in {@code walk}.
     */
    static RevCommit commit(Repository repository, RevWalk walk, String revision) throws GitException {
        if (revision == null || revision.isBlank()) {
            throw new GitException(GitException.Kind.INVALID, "no revision given");
        }
        ObjectId id;
        try {
            id = repository.resolve(revision);
        } catch (AmbiguousObjectException e) {
            throw new GitException(GitException.Kind.UNKNOWN_REVISION, "revision '" + revision + "' is ambiguous: "
                    + e.getCandidates().size() + " objects start with it; give more hex digits", e);
        } catch (RevisionSyntaxException e) {
            throw new GitException(GitException.Kind.UNKNOWN_REVISION, "'" + revision + "' is not a valid revision", e);
        } catch (IncorrectObjectTypeException e) {
            throw notACommit(revision, e);
        } catch (MissingObjectException e) {
            throw missing(repository, revision, e);
        } catch (IOException e) {
            throw GitException.io("cannot resolve revision '" + revision + "'", e);
        }
        if (id == null) {
            throw missing(repository, revision, null);
        }
        try {
            return walk.parseCommit(id);
        } catch (IncorrectObjectTypeException e) {
            throw notACommit(revision, e);
        } catch (MissingObjectException e) {
            throw missing(repository, revision, e);
        } catch (IOException e) {
            throw GitException.io("cannot read commit '" + revision + "'", e);
        }
    }

    /** {@code main (1a2b3c4)}, or the abbreviated id alone when the revision is an id. */
    static String describe(String revision, ObjectId commit) {
        String shortId = commit.abbreviate(7).name();
        return commit.name().startsWith(revision.toLowerCase()) ? shortId : revision + " (" + shortId + ")";
    }

    private static GitException notACommit(String revision, Exception cause) {
        return new GitException(GitException.Kind.UNKNOWN_REVISION, "revision '" + revision + "' is not a commit", cause);
    }

    private static GitException missing(Repository repository, String revision, Exception cause) {
        if (isShallow(repository) && (HEX.matcher(revision).matches() || revision.contains("~") || revision.contains("^"))) {
            return new GitException(GitException.Kind.SHALLOW, "revision '" + revision
                    + "' is not in this shallow clone; fetch the rest of the history (git fetch --unshallow)", cause);
        }
        String hint = isUnborn(repository) ? " (the repository has no commits yet)" : "";
        return new GitException(GitException.Kind.UNKNOWN_REVISION, "unknown revision '" + revision + "'" + hint, cause);
    }

    private static boolean isShallow(Repository repository) {
        try {
            return !repository.getObjectDatabase().getShallowCommits().isEmpty();
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean isUnborn(Repository repository) {
        try {
            Ref head = repository.exactRef(Constants.HEAD);
            return head == null || head.getObjectId() == null;
        } catch (IOException e) {
            return false;
        }
    }
}
