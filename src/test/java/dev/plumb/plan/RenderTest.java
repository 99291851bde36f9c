package dev.plumb.plan;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import dev.plumb.json.Json;
import dev.plumb.model.ResourceAddress;

class RenderTest {
    private static final Plan PLAN = new Plan(List.of(
            new HostPlan("web1", List.of(
                    Change.of(new ResourceAddress("web1", "file", "/etc/a"), Action.CREATE,
                            List.of(Attr.set("mode", "0600"))).withDiff(Optional.of("+x")),
                    Change.of(new ResourceAddress("web1", "service", "app.service"), Action.RESTART, List.of())
                            .withReason("notified by /etc/a")),
                    Optional.empty()),
            HostPlan.failed("web2", "web2 (root@198.18.0.2:22): connection refused")));

    @Test
    void textIsGroupedByHostWithSymbolsAndASummary() {
        assertThat(TextRenderer.render(PLAN)).isEqualTo("""
                web1
                  + file /etc/a
                      mode: 0600
                      +x
                  ↻ service app.service  (notified by /etc/a)

                web2: error: web2 (root@198.18.0.2:22): connection refused

                Plan: 1 to create, 0 to update, 0 to delete, 1 restart on 2 hosts.
                """);
    }

    @Test
    void controlCharactersInValuesCannotForgeOrHideLines() {
        Plan hostile = new Plan(List.of(
                new HostPlan("web1", List.of(
                        Change.of(new ResourceAddress("web1", "role", "app\n  - database prod"), Action.CREATE,
                                List.of(Attr.of("password", "a\u001b[8m", "b\rc"))).withDiff(Optional.of(
                                "@@ -1 +1 @@\n-x\tone\u001b[2K\n+y\u009b1A")).withReason("notified\nby\u202e")),
                        Optional.of("failed: \u001b]0;title\u0007\n  detail")),
                HostPlan.failed("web2\u001b[31m", "refused")));
        String text = TextRenderer.render(hostile);
        assertThat(text).doesNotContain("\u001b", "\r", "\u009b", "\u202e", "\u0007")
                .contains("  + role app\\n  - database prod  (notified\\nby\\u202e)\n",
                        "      password: a\\u001b[8m → b\\rc\n",
                        "      -x\tone\\u001b[2K\n", "      +y\\u009b1A\n",
                        "  error: failed: \\u001b]0;title\\u0007\n  detail\n",
                        "web2\\u001b[31m: error: refused\n");
        assertThat(text.lines().filter(l -> l.startsWith("  - "))).isEmpty();
    }

    @Test
    void jsonIsStableAndEscaped() {
        String json = JsonRenderer.render(PLAN);
        assertThat(json).isEqualTo(JsonRenderer.render(PLAN));
        assertThat(json).contains("\"format_version\": 1", "\"address\": \"web1/file//etc/a\"",
                "\"action\": \"restart\"", "\"before\": null",
                "\"error\": \"web2 (root@198.18.0.2:22): connection refused\"", "\"create\": 1");
        assertThat(Json.write(Map.of("k", "a\"b\\c\n\u0001"))).isEqualTo("{\n  \"k\": \"a\\\"b\\\\c\\n\\u0001\"\n}\n");
    }
}
