package dev.plumb.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** checks: in a play: every mistake at its file:line:col with a hint, in one run; defaults that cannot be found are errors. */
class CheckReaderTest {
    @TempDir
    Path tmp;

    private List<String> problems(String playbook) throws Exception {
        Path inv = Files.copy(Path.of("src/test/resources/config/lab-inventory.yml"), tmp.resolve("inventory.yml"));
        Path pb = Files.writeString(tmp.resolve("playbook.yml"), playbook);
        Loaded<Desired> loaded = Config.load(pb, inv, Map.of());
        return loaded.diagnostics().stream().map(d -> d.render()).toList();
    }

    @Test
    void typosAndBadValuesAreReportedWhereTheyAre() throws Exception {
        List<String> p = problems("""
                plays:
                  - hosts: web
                    checks:
                      - {kind: htp, url: "http://127.0.0.1/"}
                      - {kind: http, url: "http://127.0.0.1/", stauts: 200}
                      - {kind: listening, port: 8000, only: true}
                      - {kind: http, url: "http://127.0.0.1/", json_value: x}
                      - {url: "http://127.0.0.1/"}
                """);
        String at = tmp.resolve("playbook.yml") + ":";
        assertThat(p).anySatisfy(s -> assertThat(s).startsWith(at + "4:16:").contains("unknown check kind 'htp'",
                        "did you mean 'http'"))
                .anySatisfy(s -> assertThat(s).startsWith(at + "5:48:").contains("stauts", "did you mean 'status'"))
                .anySatisfy(s -> assertThat(s).startsWith(at + "6:9:").contains("only: true needs addresses"))
                .anySatisfy(s -> assertThat(s).startsWith(at + "7:9:").contains("json_value needs json_field"))
                .anySatisfy(s -> assertThat(s).startsWith(at + "8:9:").contains("a check needs a kind"));
        assertThat(String.join("\n", p)).doesNotContain("Exception");
    }

    @Test
    void aDefaultThePlayCannotGiveIsAnError() throws Exception {
        List<String> p = problems("""
                plays:
                  - hosts: web
                    checks:
                      - {kind: postgres_login}
                      - {kind: unit_healthy}
                      - {kind: migrations_applied}
                """);
        assertThat(String.join("\n", p)).contains("no DATABASE_URL in this play's env files to log in with",
                "this play does not declare exactly one service", "this play declares no migrations");
    }
}
