package dev.plumb.config;

import dev.plumb.model.Diagnostic;
import dev.plumb.model.Location;
import dev.plumb.model.SourceFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Reads the files configuration refers to, as UTF-8 text, reporting a missing or unreadable
 * file as a diagnostic; remembers the hash of every file read for the plan fingerprint, except
 * secrets ({@link #readSecret}).
 */
public final class Sources {
    private final Problems problems;
    private final Map<Path, SourceFile> files = new LinkedHashMap<>();
    private final Map<Path, Optional<String>> texts = new HashMap<>();

    Sources(Problems problems) {
        this.problems = problems;
    }

    public List<SourceFile> files() {
        return List.copyOf(files.values());
    }

    /**
     * The text of {@code path}, read once per load however often it is asked for. {@code what}
     * describes the file ("playbook", "source file"); {@code at} is where it is referenced.
     */
    public Optional<String> read(Path path, String what, Optional<Location> at) {
        if (!texts.containsKey(path)) {
            texts.put(path, bytes(path, what, at).flatMap(b -> {
                files.putIfAbsent(path, SourceFile.of(path, b));
                return text(path, b, what, at);
            }));
        }
        return texts.get(path);
    }

    /** Records the hash of {@code path} if it is a readable file; says nothing otherwise. */
    public void recordIfPresent(Path path) {
        try {
            if (Files.isRegularFile(path)) {
                files.putIfAbsent(path, SourceFile.of(path, Files.readAllBytes(path)));
            }
        } catch (IOException e) {
            // Only a fingerprint input: a file that cannot be read here was reported where it was loaded.
        }
    }

    /**
     * Checks that {@code dir} is a directory and records every regular file under it, in name
     * order; reports at {@code at} when it is not.
     */
    public boolean directory(Path dir, String what, Location at) {
        if (!Files.isDirectory(dir)) {
            problems.add(at, what + " '" + dir + "' is not a directory", Files.exists(dir) ? null
                    : "it does not exist; paths are relative to the file that names them");
            return false;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.filter(Files::isRegularFile).sorted().forEach(this::recordIfPresent);
            return true;
        } catch (IOException | UncheckedIOException e) {
            problems.add(at, "cannot list " + what + " '" + dir + "': " + e.getClass().getSimpleName(), null);
            return false;
        }
    }

    /** Reads a secret file: not fingerprinted, not cached; a problem never quotes the content. */
    public Optional<String> readSecret(Path path, String what, Location at) {
        return bytes(path, what, Optional.of(at)).flatMap(b -> text(path, b, what, Optional.of(at)));
    }

    private Optional<byte[]> bytes(Path path, String what, Optional<Location> at) {
        try {
            return Optional.of(Files.readAllBytes(path));
        } catch (NoSuchFileException e) {
            problems.add(new Diagnostic(at, what + " '" + path + "' not found",
                    Optional.of(at.isPresent() ? "paths are relative to the file that names them" : "check the path")));
        } catch (IOException e) {
            problems.add(new Diagnostic(at, "cannot read " + what + " '" + path + "': " + e.getClass().getSimpleName()
                    + Optional.ofNullable(e.getMessage()).map(m -> " " + m).orElse(""), Optional.empty()));
        }
        return Optional.empty();
    }

    private Optional<String> text(Path path, byte[] bytes, String what, Optional<Location> at) {
        try {
            String s = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
            return Optional.of(s.startsWith("\uFEFF") ? s.substring(1) : s);
        } catch (CharacterCodingException e) {
            problems.add(new Diagnostic(at, what + " '" + path + "' is not UTF-8 text", Optional.empty()));
            return Optional.empty();
        }
    }
}
