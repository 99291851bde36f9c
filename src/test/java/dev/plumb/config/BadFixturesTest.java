package dev.plumb.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.plumb.model.Diagnostic;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every file under {@code config/bad/} states the diagnostics it must produce, in order, as
 * comment lines at its end: {@code # expect: LINE:COL message fragment [| hint fragment]}.
 * A file named {@code *.inventory.yml} is loaded as an inventory, any other as a playbook
 * against the lab inventory. Nothing else may be reported, and the value must be absent.
 */
class BadFixturesTest {
    private static final Path DIR = Fixtures.ROOT.resolve("bad");
    private static final Pattern EXPECT = Pattern.compile("# expect: (\\d+):(\\d+) (.*?)(?: \\| (.*))?");

    record Expected(int line, int column, String message, Optional<String> hint) {
        boolean matches(Diagnostic d) {
            return d.location().isPresent() && d.location().get().line() == line && d.location().get().column() == column
                    && d.message().contains(message) && hint.map(h -> d.hint().orElse("").contains(h)).orElse(true);
        }
    }

    static Stream<Path> fixtures() throws IOException {
        try (Stream<Path> files = Files.list(DIR)) {
            return files.filter(p -> p.toString().endsWith(".yml")).sorted().toList().stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void reportsExactlyTheExpectedDiagnostics(Path fixture) throws IOException {
        List<Expected> expected = new ArrayList<>();
        for (String line : Files.readAllLines(fixture)) {
            Matcher m = EXPECT.matcher(line.strip());
            if (m.matches()) {
                expected.add(new Expected(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), m.group(3),
                        Optional.ofNullable(m.group(4))));
            }
        }
        Loaded<?> loaded = fixture.getFileName().toString().endsWith(".inventory.yml") ? InventoryLoader.load(fixture)
                : Config.load(fixture, Fixtures.LAB_INVENTORY, Fixtures.ENV);
        List<Diagnostic> actual = loaded.diagnostics();
        String shown = actual.stream().map(d -> d.location().map(l -> l.line() + ":" + l.column()).orElse("-") + " "
                + d.message() + d.hint().map(h -> " | " + h).orElse("")).collect(Collectors.joining("\n"));

        assertThat(expected).as("fixture states its expectations; actual:\n" + shown).isNotEmpty();
        assertThat(loaded.value()).isEmpty();
        assertThat(actual).as(shown).hasSize(expected.size());
        for (int i = 0; i < expected.size(); i++) {
            assertThat(expected.get(i).matches(actual.get(i))).as("diagnostic " + (i + 1) + " is " + expected.get(i)
                    + "\nactual:\n" + shown).isTrue();
            assertThat(actual.get(i).location().orElseThrow().file()).isEqualTo(fixture);
        }
    }
}
