package dev.plumb.io;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Locale;

/** Bounded reads of local files, and their failures in plain words. */
public final class LocalFile {
    /** The largest file plumb reads unless a caller asks for less: 10 MiB. */
    public static final long MAX_BYTES = 10L << 20;

    /**
     * Why a file could not be read. The message says what is wrong without the path ("is a
     * directory, not a file"), to follow "WHAT 'PATH' "; {@link #missing()} when it does not exist.
     */
    public static final class Problem extends IOException {
        private static final long serialVersionUID = 1L;
        private final boolean missing;

        /** {@code message} follows "WHAT 'PATH' " ("does not exist"); {@code missing}: nothing is there. */
        public Problem(String message, boolean missing) {
            super(message);
            this.missing = missing;
        }

        public boolean missing() {
            return missing;
        }
    }

    private LocalFile() {
    }

    /**
     * The bytes of {@code path} (symbolic links followed). Refuses, without opening it, anything
     * but a regular file, and a file larger than {@code maxBytes}; a file that grows while it is
     * read is refused too.
     */
    public static byte[] read(Path path, long maxBytes) throws Problem {
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(path, BasicFileAttributes.class);
        } catch (IOException e) {
            throw problem(e);
        }
        if (attributes.isDirectory()) {
            throw new Problem("is a directory, not a file", false);
        }
        if (!attributes.isRegularFile()) {
            throw new Problem("is " + special(path) + ", not a regular file", false);
        }
        if (attributes.size() > maxBytes) {
            throw tooLarge(attributes.size(), maxBytes);
        }
        try (InputStream in = Files.newInputStream(path)) {
            byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
            if (bytes.length > maxBytes) {
                throw tooLarge(bytes.length, maxBytes);
            }
            return bytes;
        } catch (Problem e) {
            throw e;
        } catch (IOException e) {
            throw problem(e);
        }
    }

    /**
     * Writes {@code bytes} to {@code file} all at once: into a temporary file beside it, then
     * renamed over it, so a reader sees the old file or the new one, never a part. The temporary
     * file is removed when anything fails.
     */
    public static void writeAtomically(Path file, byte[] bytes) throws IOException {
        Path dir = file.toAbsolutePath().normalize().getParent();
        Path tmp = Files.createTempFile(dir, ".plumb-", ".tmp");
        try {
            Files.write(tmp, bytes);
            Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** {@code e} as a {@link Problem}: what went wrong reading a file, in plain words, without the path. */
    public static Problem problem(IOException e) {
        if (e instanceof Problem p) {
            return p;
        }
        return e instanceof NoSuchFileException ? new Problem("does not exist", true)
                : new Problem("cannot be read: " + why(e), false);
    }

    /** Why a file operation failed, in plain words ("permission denied"), for "cannot ... PATH: WHY". */
    public static String why(IOException e) {
        if (e instanceof NoSuchFileException) {
            return "no such file or directory";
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof NotDirectoryException) {
            return "a part of the path is not a directory";
        }
        if (e instanceof FileAlreadyExistsException) {
            return "it already exists";
        }
        if (e instanceof DirectoryNotEmptyException) {
            return "the directory is not empty";
        }
        if (e instanceof FileSystemException f && f.getReason() != null) {
            return f.getReason().startsWith("Too many levels of symbolic links")
                    ? "its symbolic links form a loop, or nest too deeply" // ELOOP
                    : lowerFirst(f.getReason()); // the system's own words ("read-only file system")
        }
        return e.getMessage() == null ? "input/output error" : lowerFirst(e.getMessage());
    }

    /** {@code bytes} in B, KiB or MiB, for messages. */
    public static String size(long bytes) {
        return bytes >= 1 << 20 && bytes % (1 << 20) == 0 ? bytes / (1 << 20) + " MiB"
                : bytes >= 1 << 20 ? String.format(Locale.ROOT, "%.1f MiB", bytes / (double) (1 << 20))
                : bytes >= 1 << 10 ? bytes / (1 << 10) + " KiB" : bytes + " bytes";
    }

    private static Problem tooLarge(long size, long maxBytes) {
        return new Problem("is larger than " + size(maxBytes) + " (" + size(size) + "), the most plumb reads", false);
    }

    /** What kind of special file {@code path} is, from its mode bits where the system tells them. */
    private static String special(Path path) {
        try {
            int type = (Integer) Files.getAttribute(path, "unix:mode") & 0170000;
            return switch (type) {
                case 0010000 -> "a named pipe (FIFO)";
                case 0020000 -> "a character device";
                case 0060000 -> "a block device";
                case 0140000 -> "a socket";
                default -> "a special file";
            };
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return "a special file";
        }
    }

    private static String lowerFirst(String s) {
        return s.isEmpty() ? s : s.substring(0, 1).toLowerCase(Locale.ROOT) + s.substring(1);
    }
}
