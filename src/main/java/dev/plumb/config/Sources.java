package dev.plumb.config;

import dev.plumb.io.LocalFile;
import dev.plumb.io.SourceTree;
import dev.plumb.model.Diagnostic;
import dev.plumb.model.Location;
import dev.plumb.model.SourceFile;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads the files configuration refers to from a {@link SourceTree} (the file system, or a git
 * commit), as UTF-8 text, reporting a file that is missing, not a regular file, too large,
 * unreadable or not UTF-8 as a diagnostic in plain words; remembers the hash of every file read
 * for the plan fingerprint, except secrets ({@link #readSecret}, always from this machine). A
 * desired-state file (playbook, inventory) may hold at most {@link #MAX_DOCUMENT_BYTES}, any
 * other file {@link LocalFile#MAX_BYTES}.
 */
public final class Sources {
    /**
     * The largest playbook or inventory. SnakeYAML's time grows with the square of a scalar's
     * length: a 5 MB value took it half a minute.
     */
    static final long MAX_DOCUMENT_BYTES = 1L << 20;

    private final Problems problems;
    private final SourceTree tree;
    private final Map<Path, SourceFile> files = new LinkedHashMap<>();
    private final Map<Path, Optional<String>> texts = new HashMap<>();

    Sources(Problems problems) {
        this(problems, SourceTree.DISK);
    }

    Sources(Problems problems, SourceTree tree) {
        this.problems = problems;
        this.tree = tree;
    }

    /** Where desired-state files are read from. */
    SourceTree tree() {
        return tree;
    }

    public List<SourceFile> files() {
        return List.copyOf(files.values());
    }

    /**
     * The text of {@code path}, read once per load however often it is asked for. {@code what}
     * describes the file ("source file"); {@code at} is where it is referenced.
     */
    public Optional<String> read(Path path, String what, Optional<Location> at) {
        return read(path, what, at, LocalFile.MAX_BYTES);
    }

    /** The largest module file: a schema and a few shell snippets. */
    static final long MAX_MODULE_BYTES = 256L << 10;

    /** The text of a module file. */
    Optional<String> module(Path path) {
        return read(path, "module file", Optional.empty(), MAX_MODULE_BYTES);
    }

    /** The text of a playbook or inventory, named on the command line. */
    Optional<String> document(Path path, String what) {
        return read(path, what, Optional.empty(), MAX_DOCUMENT_BYTES);
    }

    private Optional<String> read(Path path, String what, Optional<Location> at, long maxBytes) {
        if (!texts.containsKey(path)) {
            texts.put(path, bytes(path, what, at, maxBytes).flatMap(b -> {
                files.putIfAbsent(path, SourceFile.of(path, b));
                return text(path, b, what, at);
            }));
        }
        return texts.get(path);
    }

    /** Records the hash of {@code path} if it is a readable file; says nothing otherwise. */
    public void recordIfPresent(Path path) {
        try {
            files.putIfAbsent(path, SourceFile.of(path, tree.read(path, LocalFile.MAX_BYTES)));
        } catch (LocalFile.Problem e) {
            // Only a fingerprint input: a file that cannot be read here was reported where it was loaded.
        }
    }

    /**
     * Checks that {@code dir} is a directory and records every regular file under it, in name
     * order; reports at {@code at} when it is not. Gives a directory on this machine holding the
     * files as the tree has them ({@code dir} itself on the file system).
     */
    public Optional<Path> directory(Path dir, String what, Location at) {
        SourceTree.Entry entry = tree.entry(dir);
        if (entry != SourceTree.Entry.DIRECTORY) {
            problems.add(at, what + " '" + dir + "' is not a directory" + where(tree), entry != SourceTree.Entry.MISSING
                    ? null : "it does not exist; paths are relative to the file that names them");
            return Optional.empty();
        }
        try {
            for (Path f : tree.files(dir)) {
                files.putIfAbsent(f, SourceFile.of(f, tree.read(f, LocalFile.MAX_BYTES)));
            }
            return Optional.of(tree.onDisk(dir));
        } catch (LocalFile.Problem e) {
            problems.add(at, what + " '" + dir + "' " + e.getMessage(), null);
            return Optional.empty();
        }
    }

    /** {@code " at main (1a2b3c4)"} when files come from a commit; empty otherwise. */
    private static String where(SourceTree from) {
        return from.revision().map(r -> " at " + r).orElse("");
    }

    /**
     * Reads a secret file, always from this machine (a secret is never committed): not
     * fingerprinted, not cached; a problem never quotes the content.
     */
    public Optional<String> readSecret(Path path, String what, Location at) {
        return bytes(SourceTree.DISK, path, what, Optional.of(at), LocalFile.MAX_BYTES)
                .flatMap(b -> text(path, b, what, Optional.of(at)));
    }

    private Optional<byte[]> bytes(Path path, String what, Optional<Location> at, long maxBytes) {
        return bytes(tree, path, what, at, maxBytes);
    }

    private Optional<byte[]> bytes(SourceTree from, Path path, String what, Optional<Location> at, long maxBytes) {
        try {
            return Optional.of(from.read(path, maxBytes));
        } catch (LocalFile.Problem e) {
            String hint = !e.missing() ? null : from.revision().isPresent()
                    ? "--rev reads files from the commit, not the work tree: commit it, or name a path the commit has"
                    : at.isPresent() ? "paths are relative to the file that names them" : "check the path";
            problems.add(new Diagnostic(at, what + " '" + path + "' " + (e.missing() ? "not found" + where(from)
                    : e.getMessage()), Optional.ofNullable(hint)));
            return Optional.empty();
        }
    }

    /**
     * {@code bytes} as UTF-8 (a leading byte order mark dropped). Invalid UTF-8 is reported at
     * {@code at}, or where it is in the file when the file is not referenced from another; the
     * message gives its line and column but never the bytes (the file may be a secret).
     */
    private Optional<String> text(Path path, byte[] bytes, String what, Optional<Location> at) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length); // UTF-8 never decodes to more chars than bytes
        CoderResult result = decoder.decode(in, out, true);
        if (!result.isError()) {
            result = decoder.flush(out);
        }
        if (result.isError()) {
            Location bad = position(path, bytes, in.position());
            problems.add(new Diagnostic(Optional.of(at.orElse(bad)), what + " '" + path + "' is not UTF-8 text"
                    + (at.isPresent() ? " (line " + bad.line() + ", column " + bad.column() + ")" : ""),
                    Optional.of("save it as UTF-8")));
            return Optional.empty();
        }
        String s = out.flip().toString();
        return Optional.of(s.startsWith("\uFEFF") ? s.substring(1) : s);
    }

    /** The line and column (in characters) of byte {@code offset}, all bytes before it being valid UTF-8. */
    private static Location position(Path path, byte[] bytes, int offset) {
        int line = 1;
        int column = 1;
        for (int i = 0; i < offset; i++) {
            if (bytes[i] == '\n') {
                line++;
                column = 1;
            } else if ((bytes[i] & 0xC0) != 0x80) { // not a continuation byte: a new character
                column++;
            }
        }
        return new Location(path, line, column);
    }
}
