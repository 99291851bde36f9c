package dev.plumb.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;

import dev.plumb.git.GitException;
import dev.plumb.git.Repo;
import picocli.CommandLine;

/**
 * The shape of the commands that only read plumb's records in git (history, status): find the
 * repository holding {@link #where()}, run against it, print every problem as one line (exit 1),
 * and always flush what was printed.
 */
abstract class GitCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** A path inside the repository to read. */
    abstract Path where();

    /** Appended to "X is not in a git repository" when there is none. */
    String notARepositoryHint() {
        return "";
    }

    /** Why the options cannot be used, before any repository is looked for. */
    Optional<String> refusal() {
        return Optional.empty();
    }

    /** The command's work on the open repository; returns its exit code. */
    abstract int run(Repo repo, PrintWriter out, PrintWriter err) throws GitException;

    @Override
    public Integer call() {
        PrintWriter out = Output.out(spec);
        PrintWriter err = Output.err(spec);
        try {
            Optional<String> refused = refusal();
            if (refused.isPresent()) {
                err.println("error: " + refused.get());
                return ExitCode.ERROR;
            }
            Path at = where().toAbsolutePath().normalize();
            Optional<Repo> found = Repo.find(at);
            if (found.isEmpty()) {
                err.println("error: " + at + " is not in a git repository" + notARepositoryHint());
                return ExitCode.ERROR;
            }
            try (Repo repo = found.get()) {
                return run(repo, out, err);
            }
        } catch (GitException e) {
            err.println("error: " + e.getMessage());
            return ExitCode.ERROR;
        } finally {
            out.flush();
            err.flush();
        }
    }
}
