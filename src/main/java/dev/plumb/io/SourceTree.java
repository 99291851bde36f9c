package dev.plumb.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Where desired-state files (playbook, inventory, source and unit files, migrations) are read
 * from: this machine's file system ({@link #DISK}), or one git commit. Paths are as configuration
 * names them: absolute, or relative to the current directory. Secret files, SSH keys and
 * known_hosts never come from a tree; they are always read from this machine.
 */
public interface SourceTree extends AutoCloseable {
    /** The file system, as it is now. */
    SourceTree DISK = new Disk();

    /** What is at a path. */
    enum Entry { FILE, DIRECTORY, MISSING, OTHER }

    /**
     * The bytes of the regular file at {@code path}, at most {@code maxBytes} of them.
     *
     * @throws LocalFile.Problem why not, in words that follow "WHAT 'PATH' "
     */
    byte[] read(Path path, long maxBytes) throws LocalFile.Problem;

    Entry entry(Path path);

    /** The regular files below directory {@code dir}, recursively, in name order. */
    List<Path> files(Path dir) throws LocalFile.Problem;

    /**
     * A directory on this machine that holds {@code dir}'s files as this tree has them (for tools
     * that read a folder themselves, such as Flyway); valid until {@link #close()}.
     */
    Path onDisk(Path dir) throws LocalFile.Problem;

    /** The commit the files come from (40 hex digits); empty for the file system. */
    Optional<String> commit();

    /** Where files are read from, for messages: {@code main (1a2b3c4)}; empty for the file system. */
    Optional<String> revision();

    /** Releases what the tree holds (a repository, copies made by {@link #onDisk}). */
    @Override
    void close();

    /** The file system: reads follow symbolic links, as any program run by the operator would. */
    final class Disk implements SourceTree {
        private Disk() {
        }

        @Override
        public byte[] read(Path path, long maxBytes) throws LocalFile.Problem {
            return LocalFile.read(path, maxBytes);
        }

        @Override
        public Entry entry(Path path) {
            return Files.isRegularFile(path) ? Entry.FILE : Files.isDirectory(path) ? Entry.DIRECTORY
                    : Files.exists(path) ? Entry.OTHER : Entry.MISSING;
        }

        @Override
        public List<Path> files(Path dir) throws LocalFile.Problem {
            try (Stream<Path> walk = Files.walk(dir)) {
                return walk.filter(Files::isRegularFile).sorted().toList();
            } catch (IOException e) {
                throw LocalFile.problem(e);
            } catch (UncheckedIOException e) {
                throw LocalFile.problem(e.getCause());
            }
        }

        @Override
        public Path onDisk(Path dir) {
            return dir;
        }

        @Override
        public Optional<String> commit() {
            return Optional.empty();
        }

        @Override
        public Optional<String> revision() {
            return Optional.empty();
        }

        @Override
        public void close() {
        }
    }
}
