package dev.plumb.model;

import java.nio.file.Path;

/** A position in a source file; line and column are 1-based. */
public record Location(Path file, int line, int column) {
    @Override
    public String toString() {
        return file + ":" + line + ":" + column;
    }
}
