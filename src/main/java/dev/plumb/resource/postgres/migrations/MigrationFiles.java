package dev.plumb.resource.postgres.migrations;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitOption;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.callback.Event;

/**
 * The migrations in a folder and its subfolders, named the way Flyway names them, read without a
 * database: {@code V<version>__<description>.sql} and {@code R__<description>.sql} ({@code .sql} in
 * any case). Other files are ignored. A {@code .sql} file Flyway would reject, a version used
 * twice, and Flyway callbacks ({@code afterMigrate.sql}: plumb runs migrations only) are errors.
 */
final class MigrationFiles {
    private static final Pattern VERSION = Pattern.compile("\\d+([._]\\d+)*");
    private static final String SEPARATOR = "__";
    private static final String SUFFIX = ".sql";

    private MigrationFiles() {}

    /** Versioned migrations by version, then repeatable ones by description. */
    static List<Migration> scan(Path dir) throws MigrationException {
        if (!Files.isDirectory(dir)) {
            throw new MigrationException("migrations folder " + dir + " does not exist or is not a directory");
        }
        List<Path> files;
        try (Stream<Path> walk = Files.walk(dir, FileVisitOption.FOLLOW_LINKS)) {
            files = walk.filter(Files::isRegularFile)
                    .filter(p -> p.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(SUFFIX))
                    .sorted()
                    .toList();
        } catch (IOException | UncheckedIOException e) {
            throw new MigrationException("cannot read migrations folder " + dir + ": " + e.getMessage());
        }
        List<String> errors = new ArrayList<>();
        List<Migration> versioned = new ArrayList<>();
        List<Migration> repeatable = new ArrayList<>();
        Map<MigrationVersion, String> versions = new HashMap<>();
        Map<String, String> descriptions = new HashMap<>();
        for (Path file : files) {
            String script = dir.relativize(file).toString().replace(file.getFileSystem().getSeparator(), "/");
            parse(file.getFileName().toString(), script).ifPresentOrElse(m -> {
                String other = m.version().isPresent()
                        ? versions.putIfAbsent(MigrationVersion.fromVersion(m.version().get()), script)
                        : descriptions.putIfAbsent(m.description(), script);
                if (other != null) {
                    errors.add(script + " has the same " + (m.version().isPresent() ? "version" : "description")
                            + " as " + other);
                } else {
                    (m.version().isPresent() ? versioned : repeatable).add(m);
                }
            }, () -> errors.add(problem(file.getFileName().toString(), script)));
        }
        if (!errors.isEmpty()) {
            throw new MigrationException("migrations folder " + dir + ": " + String.join("; ", errors));
        }
        versioned.sort(Comparator.comparing(m -> MigrationVersion.fromVersion(m.version().orElseThrow())));
        repeatable.sort(Comparator.comparing(Migration::description));
        List<Migration> all = new ArrayList<>(versioned);
        all.addAll(repeatable);
        return List.copyOf(all);
    }

    /** The migration a file name stands for, if Flyway would run it. */
    static Optional<Migration> parse(String fileName, String script) {
        String base = fileName.substring(0, fileName.length() - SUFFIX.length());
        int sep = base.indexOf(SEPARATOR);
        if (sep < 0) {
            return Optional.empty();
        }
        String description = base.substring(sep + SEPARATOR.length()).replace('_', ' ');
        if (base.startsWith("R") && sep == 1) {
            return Optional.of(Migration.repeatable(description, script));
        }
        String version = base.substring(1, sep);
        if (base.startsWith("V") && VERSION.matcher(version).matches()) {
            return Optional.of(Migration.versioned(version.replace('_', '.'), description, script));
        }
        return Optional.empty();
    }

    private static String problem(String fileName, String script) {
        String base = fileName.substring(0, fileName.length() - SUFFIX.length());
        for (Event event : Event.values()) {
            if (base.equals(event.getId()) || base.startsWith(event.getId() + SEPARATOR)) {
                return script + " is a Flyway callback; plumb runs migrations only: move it out of the folder";
            }
        }
        if (base.startsWith("U") || base.startsWith("B")) {
            return script + ": undo (U) and baseline (B) migrations are not supported";
        }
        return script + " is not a migration name: expected V<version>__<description>.sql such as"
                + " V3__add_tags.sql, or R__<description>.sql";
    }
}
