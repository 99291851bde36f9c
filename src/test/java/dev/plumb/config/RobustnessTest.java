package dev.plumb.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.plumb.cli.Cli;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Damaged input gives diagnostics, never an exception: the command line must not print a stack
 * trace. Hostile input (aliases, huge values, NULs, bytes that are not UTF-8) is answered as
 * quickly, each problem at its file:line:col.
 */
class RobustnessTest {
    private static final Pattern LOCATED = Pattern.compile("\\S.*:\\d+:\\d+: error: .*");
    /** Java in the output; anchored at word starts, so that it stays linear on a 60 000-character word. */
    private static final Pattern JAVA = Pattern.compile("\\b[A-Z][A-Za-z]*(Exception|Error)\\b|\\bat [a-z]+\\.\\w"
            + "|\\bjava\\.|\\borg\\.yaml|bug in plumb");

    @Test
    void mutatedFixturesNeverThrow(@TempDir Path tmp) throws IOException {
        List<Path> fixtures;
        try (Stream<Path> files = Files.walk(Fixtures.ROOT)) {
            fixtures = files.filter(p -> p.toString().endsWith(".yml")).sorted().toList();
        }
        fixtures = new ArrayList<>(fixtures);
        fixtures.add(Path.of("playbooks/flaskapp.yml"));
        Random random = new Random(42);
        int loads = 0;
        for (Path fixture : fixtures) {
            String text = Files.readString(fixture);
            for (int i = 0; i < 15; i++) {
                Path mutated = tmp.resolve(fixture.getFileName());
                Files.writeString(mutated, mutate(text, random));
                assertThatCode(() -> {
                    Loaded<Desired> loaded = Config.load(mutated, Fixtures.LAB_INVENTORY, Fixtures.ENV);
                    assertThat(loaded.value().isPresent()).isEqualTo(loaded.diagnostics().isEmpty());
                    InventoryLoader.load(mutated);
                }).as(fixture + " mutation " + i).doesNotThrowAnyException();
                loads++;
            }
        }
        assertThat(loads).isGreaterThan(400);
    }

    /** Deletes a line, a character run, or swaps two characters; or duplicates a line. */
    private static String mutate(String text, Random random) {
        if (text.isEmpty()) {
            return "x";
        }
        StringBuilder b = new StringBuilder(text);
        int at = random.nextInt(b.length());
        switch (random.nextInt(4)) {
            case 0 -> b.delete(at, Math.min(b.length(), at + 1 + random.nextInt(6)));
            case 1 -> {
                int start = b.lastIndexOf("\n", at - 1) + 1;
                int end = b.indexOf("\n", at) < 0 ? b.length() : b.indexOf("\n", at);
                b.insert(end, "\n" + b.substring(start, end));
            }
            case 2 -> b.insert(at, "\"{}[]:-&*!|>%@`,#\t\\$".charAt(random.nextInt(20)));
            default -> {
                int other = random.nextInt(b.length());
                char c = b.charAt(at);
                b.setCharAt(at, b.charAt(other));
                b.setCharAt(other, c);
            }
        }
        return b.toString();
    }

    /**
     * Mutated copies of every fixture (bytes, lines, aliases, huge values, NULs, tabs, unicode),
     * each loaded by {@link Config#load} and by {@code plumb validate}: exit 0 or 1, no Java in
     * the output, every error at its file:line:col, each input in under 2 seconds, and never an
     * error such as OutOfMemoryError. A fixed seed, so a failure is reproducible.
     */
    @Test
    void hostileMutationsAreLocatedErrorsInBoundedTime(@TempDir Path tmp) throws IOException {
        Path config = copy(Fixtures.ROOT, tmp.resolve("config"));
        copy(Path.of("playbooks"), tmp.resolve("playbooks"));
        List<Path> seeds;
        try (Stream<Path> files = Files.walk(tmp)) {
            seeds = files.filter(p -> p.toString().endsWith(".yml")).sorted().toList();
        }
        // Untimed: the first loads load classes and compile the scanner, on a machine that may be busy.
        Path warmUp = Files.writeString(tmp.resolve("warm-up.yml"), "plays: [{hosts: all, files: [{path: /a, content: "
                + "x".repeat(100_000) + "}]}]\n");
        for (Path p : List.of(tmp.resolve("playbooks/flaskapp.yml"), warmUp)) {
            check(p, config.resolve("lab-inventory.yml"), "warm-up");
        }
        Path good = config.resolve("good");
        Random random = new Random(20240611);
        for (int i = 0; i < 200; i++) {
            Path seed = seeds.get(random.nextInt(seeds.size()));
            byte[] original = Files.readAllBytes(seed);
            StringBuilder how = new StringBuilder();
            byte[] mutated = original;
            for (int k = 1 + random.nextInt(3); k > 0; k--) {
                mutated = Hostile.mutate(mutated, random, how);
            }
            Files.write(seed, mutated);
            boolean inventory = seed.getFileName().toString().endsWith("inventory.yml");
            Path playbook = !inventory ? seed : seed.startsWith(good) ? good.resolve("site.yml")
                    : tmp.resolve("playbooks/flaskapp.yml");
            Path against = inventory ? seed : seed.startsWith(good) ? good.resolve("inventory.yml")
                    : config.resolve("lab-inventory.yml");
            String input = tmp.relativize(seed) + " #" + i + how;
            try {
                assertTimeoutPreemptively(Duration.ofSeconds(2), () -> check(playbook, against, input), input);
            } finally {
                Files.write(seed, original);
            }
        }
    }

    private static void check(Path playbook, Path inventory, String input) {
        Loaded<Desired> loaded = Config.load(playbook, inventory, Fixtures.ENV);
        assertThat(loaded.value().isPresent()).as(input).isEqualTo(loaded.diagnostics().isEmpty());
        assertThat(loaded.diagnostics()).as(input).allMatch(d -> d.location().isPresent());

        Cli.Result r = Cli.run(Fixtures.ENV, "validate", playbook.toString(), "-i", inventory.toString());
        assertThat(r.exit()).as("%s\n%s", input, r).isIn(0, 1);
        assertThat(r.all()).as("%s\n%s", input, r).doesNotContainPattern(JAVA);
        assertThat(r.err().lines()).as("%s\n%s", input, r).allMatch(l -> LOCATED.matcher(l).matches()
                || l.startsWith("  ") || l.matches("\\d+ problems? found\\."));
        assertThat(r.exit() == 0).as("%s\n%s", input, r).isEqualTo(loaded.diagnostics().isEmpty());
    }

    private static Path copy(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path p : files.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
        return to;
    }

    /** Mutations an attacker, or a bad editor, would make. */
    static final class Hostile {
        private static final String[] UNICODE = {"\uFEFF", "\u2028", "\u0085", "\uFFFE", "\uD83D\uDE00", "e\u0301",
            "\u202E", "\u00A0", "\u0000", "\u001B[2J", "\t"};
        private static final byte[][] BAD_UTF8 = {{(byte) 0xFF}, {(byte) 0xC0, (byte) 0x80}, {(byte) 0xED, (byte) 0xA0,
            (byte) 0x80}, {(byte) 0xE2, (byte) 0x82}};

        private Hostile() {
        }

        static byte[] mutate(byte[] bytes, Random random, StringBuilder how) {
            String text = new String(bytes, StandardCharsets.ISO_8859_1); // one char per byte, reversible
            int at = text.isEmpty() ? 0 : random.nextInt(text.length() + 1);
            int lineStart = text.lastIndexOf('\n', Math.max(0, at - 1)) + 1;
            int lineEnd = text.indexOf('\n', at) < 0 ? text.length() : text.indexOf('\n', at);
            int kind = random.nextInt(12);
            how.append(' ').append(kind).append('@').append(at);
            String out = switch (kind) {
                case 0 -> text.substring(0, at) + (char) random.nextInt(256) + text.substring(Math.min(text.length(), at + 1));
                case 1 -> text.substring(0, at) + text.substring(Math.min(text.length(), at + 1 + random.nextInt(8)));
                case 2 -> text.substring(0, lineEnd) + "\n" + text.substring(lineStart, lineEnd) + text.substring(lineEnd);
                case 3 -> text.substring(0, lineStart) + text.substring(Math.min(text.length(), lineEnd + 1));
                case 4 -> text.substring(0, at) + utf8(UNICODE[random.nextInt(UNICODE.length)]) + text.substring(at);
                case 5 -> text.substring(0, at) + new String(BAD_UTF8[random.nextInt(BAD_UTF8.length)],
                        StandardCharsets.ISO_8859_1) + text.substring(at);
                case 6 -> text.substring(0, at) + (random.nextBoolean() ? "\\0" : "\0") + text.substring(at);
                case 7 -> text.substring(0, lineStart) + "\t" + text.substring(lineStart);
                case 8 -> text.substring(0, at) + "x".repeat(1 + random.nextInt(64_000)) + text.substring(at);
                case 9 -> text.substring(0, at) + "${vars.big}".repeat(1 + random.nextInt(2_000)) + text.substring(at);
                case 10 -> aliases(text, at, lineStart, random);
                default -> text.replaceFirst("(?m)^vars:[ \\t]*$", "vars:\n  big: " + "y".repeat(random.nextInt(64_000))
                        + "\n" + HostileInputTest.laughs("  ").replace("lol", "l" + random.nextInt(3)));
            };
            return out.getBytes(StandardCharsets.ISO_8859_1);
        }

        /** An anchor on one value and aliases to it elsewhere, some inside it. */
        private static String aliases(String text, int at, int lineStart, Random random) {
            int colon = text.indexOf(": ", lineStart);
            String anchored = colon < 0 || colon > at ? text : text.substring(0, colon + 2) + "&a " + text.substring(colon + 2);
            int shift = anchored.length() - text.length();
            int where = Math.min(anchored.length(), at + shift + random.nextInt(Math.max(1, text.length() - at)));
            return anchored.substring(0, where) + (random.nextBoolean() ? "*a" : " [*a, *a, *a]") + anchored.substring(where);
        }

        private static String utf8(String s) {
            return new String(s.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
        }
    }
}
