package dev.plumb.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Damaged input gives diagnostics, never an exception: the command line must not print a stack trace. */
class RobustnessTest {

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
}
