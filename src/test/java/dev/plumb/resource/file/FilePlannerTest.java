package dev.plumb.resource.file;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import dev.plumb.model.Presence;
import dev.plumb.model.Redactor;
import dev.plumb.model.Text;
import dev.plumb.plan.Change;
import dev.plumb.plan.HostPlan;
import dev.plumb.plan.Plan;
import dev.plumb.plan.TextRenderer;

/** Data-driven: a declared file and what the host has → the exact plan text. */
class FilePlannerTest {
    private static final Redactor NO_SECRETS = Redactor.NONE;

    record Case(String name, FileSpec spec, FileState actual, String expected) {
        @Override
        public String toString() {
            return name;
        }
    }

    static FileSpec file(String content, String owner, String group, String mode) {
        return new FileSpec("h", "/etc/app.conf", Optional.of(new FileContent.Inline(Text.plain(content))), owner,
                group, mode, Presence.PRESENT, List.of());
    }

    static FileState.Regular live(String content, String owner, String group, String mode) {
        byte[] b = content.getBytes(StandardCharsets.UTF_8);
        return new FileState.Regular(mode, owner, group, b.length, FilePlanner.sha256(content), Optional.of(b));
    }

    static Stream<Case> cases() {
        return Stream.of(
                new Case("absent file is created with owner, group, mode and a diff",
                        file("a\nb\n", "root", "root", "0644"), new FileState.Absent(), """
                        h
                          + file /etc/app.conf
                              owner: root
                              group: root
                              mode: 0644
                              --- /etc/app.conf
                              +++ /etc/app.conf
                              @@ -1,0 +1,2 @@
                              +a
                              +b
                        """),
                new Case("identical file is a no-op",
                        file("a\n", "root", "root", "0644"), live("a\n", "root", "root", "0644"), """
                        h: no changes
                        """),
                new Case("mode and owner changes show before → after without a diff",
                        file("a\n", "www-data", "root", "0600"), live("a\n", "root", "root", "0644"), """
                        h
                          ~ file /etc/app.conf
                              owner: root → www-data
                              mode: 0644 → 0600
                        """),
                new Case("content change is a unified diff with context",
                        file("1\n2\n3\n4\n", "root", "root", "0644"), live("1\n2\nX\n4\n", "root", "root", "0644"), """
                        h
                          ~ file /etc/app.conf
                              --- /etc/app.conf
                              +++ /etc/app.conf
                              @@ -1,4 +1,4 @@
                               1
                               2
                              -X
                              +3
                               4
                        """),
                new Case("declared absent and present on the host is a delete",
                        new FileSpec("h", "/etc/app.conf", Optional.empty(), "root", "root", "0644", Presence.ABSENT,
                                List.of()),
                        live("a\n", "root", "root", "0644"), """
                        h
                          - file /etc/app.conf
                        """),
                new Case("declared absent and absent is a no-op",
                        new FileSpec("h", "/etc/app.conf", Optional.empty(), "root", "root", "0644", Presence.ABSENT,
                                List.of()),
                        new FileState.Absent(), """
                        h: no changes
                        """));
    }

    @ParameterizedTest
    @MethodSource("cases")
    void plansExactly(Case c) {
        Optional<Change> change = FilePlanner.diff(c.spec(), c.actual(), NO_SECRETS);
        String text = TextRenderer.render(new Plan(List.of(
                new HostPlan("h", change.stream().toList(), Optional.empty()))));
        assertThat(text.substring(0, text.indexOf("\nPlan: "))).isEqualTo(c.expected());
    }

    @Test
    void secretLinesAreMaskedOnBothSidesAndAChangedSecretStillShows() {
        Map<String, Text> env = new LinkedHashMap<>();
        env.put("URL", Text.secret("postgresql://app:new-Secret@db/app"));
        env.put("MODE", Text.plain("prod"));
        FileSpec spec = new FileSpec("h", "/etc/app.env", Optional.of(new FileContent.Env(env)), "root", "root",
                "0600", Presence.PRESENT, List.of());
        Redactor redactor = Redactor.of(List.of("new-Secret"));
        FileState old = live("URL=postgresql://app:old-Secret@db/app\nMODE=prod\n", "root", "root", "0600");
        String diff = FilePlanner.diff(spec, old, redactor).orElseThrow().diff().orElseThrow();
        assertThat(diff).doesNotContain("new-Secret").doesNotContain("old-Secret")
                .containsPattern("-URL=\\(sensitive [0-9a-f]{6}\\)")
                .containsPattern("\\+URL=\\(sensitive [0-9a-f]{6}\\)")
                .contains(" MODE=prod");
    }

    @Test
    void anEscapedSecretIsMaskedAsWrittenAndSoIsTheOldOne() {
        Map<String, Text> env = new LinkedHashMap<>();
        env.put("DATABASE_URL", Text.builder().append("postgresql://app:").append(Text.secret("S3cr3t$dollar"))
                .append("@db:5432/app").build());
        FileSpec spec = new FileSpec("h", "/etc/app.env", Optional.of(new FileContent.Env(env)), "root", "root",
                "0600", Presence.PRESENT, List.of());
        Redactor redactor = Redactor.NONE; // knows no secret: the spans alone mask
        String written = spec.content().orElseThrow().body().reveal();
        assertThat(written).isEqualTo("DATABASE_URL=\"postgresql://app:S3cr3t\\$dollar@db:5432/app\"\n");
        FileState old = live("DATABASE_URL=\"postgresql://app:0ld\\$`pw`@db:5432/app\"\n", "root", "root", "0600");
        for (FileState actual : List.of(new FileState.Absent(), old)) {
            String diff = FilePlanner.diff(spec, actual, redactor).orElseThrow().diff().orElseThrow();
            assertThat(diff).doesNotContain("S3cr3t").doesNotContain("0ld")
                    .containsPattern("\\+DATABASE_URL=\"postgresql://app:\\(sensitive [0-9a-f]{6}\\)@db:5432/app\"");
        }
    }

    @Test
    void aSensitiveFileWithTheSameContentIsANoOp() {
        Map<String, Text> env = new LinkedHashMap<>();
        env.put("URL", Text.secret("s3cret"));
        FileSpec spec = new FileSpec("h", "/etc/app.env", Optional.of(new FileContent.Env(env)), "root", "root",
                "0600", Presence.PRESENT, List.of());
        String body = spec.content().orElseThrow().body().reveal();
        assertThat(FilePlanner.diff(spec, live(body, "root", "root", "0600"), Redactor.of(List.of("s3cret"))))
                .isEmpty();
    }
}
