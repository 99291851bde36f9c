/**
 * Git as the source of truth: the only package that imports JGit. It never runs a git binary,
 * a hook, an external {@code ssh} or a checkout, so git need not be installed (a clean filter a
 * repository configures for a file does run during {@code status}, as with git itself).
 * {@link dev.plumb.git.Repo} finds or opens a repository, with a work tree or bare;
 * {@link dev.plumb.git.RevisionTree} reads the files of a commit by repository-relative path;
 * {@link dev.plumb.git.Status} says which desired-state files differ from HEAD; append-only
 * record refs under {@code refs/plumb/} ({@link dev.plumb.git.RecordRefs}) keep what apply and
 * drift did, as commits added by compare-and-swap and pushed without force;
 * {@link dev.plumb.git.FileStat} and {@code commitsBetween} say what changed since a record.
 * JGit exceptions never leave the package: callers see {@link dev.plumb.git.GitException},
 * whose message is one line.
 */
package dev.plumb.git;
