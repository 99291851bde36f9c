package dev.plumb.git;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One commit of a record ref. Read a file's bytes with
 * {@code repo.at(record.commit()).read(file)}.
 *
 * @param commit  the commit's full id
 * @param time    when it was written (committer time)
 * @param author  who wrote it
 * @param message its message, without the trailing newline
 * @param files   the repository-relative paths of its files, sorted
 */
public record RecordCommit(String commit, Instant time, Author author, String message, List<String> files) {

    public RecordCommit {
        Objects.requireNonNull(commit, "commit");
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(author, "author");
        Objects.requireNonNull(message, "message");
        files = List.copyOf(files);
    }
}
