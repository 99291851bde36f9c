package dev.plumb.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ModelTest {

    @Test
    void redactorMasksEveryOccurrenceLongestFirst() {
        Redactor r = Redactor.of(List.of("abcdefgh", "abcdefghijkl", ""));
        assertThat(r.redact("x abcdefghijkl y abcdefgh z abcdefghabcdefgh"))
                .isEqualTo("x (sensitive) y (sensitive) z (sensitive)(sensitive)");
        assertThat(r.toString()).isEqualTo("Redactor[2 secrets]");
        assertThat(r.redact(Diagnostic.of("bad abcdefgh", "use abcdefghijkl")).render())
                .isEqualTo("error: bad (sensitive)\n  hint: use (sensitive)");
        assertThat(Redactor.NONE.redact("abcdefgh")).isEqualTo("abcdefgh");
    }

    @Test
    void aShortSecretIsMaskedAsAWholeTokenWithoutGarblingWords() {
        Redactor r = Redactor.of(List.of("db", "x1"));
        assertThat(r.redact("unknown key 'createdb'; password db; postgresql://u:db@h/x1y"))
                .isEqualTo("unknown key 'createdb'; password (sensitive); postgresql://u:(sensitive)@h/x1y");
        assertThat(r.redact("x1")).isEqualTo("(sensitive)");
        assertThat(r.redact("\"x1\"")).isEqualTo("\"(sensitive)\"");
    }

    @Test
    void textMasksOnlySecrets() {
        assertThat(Text.plain("hello").toString()).isEqualTo("hello");
        assertThat(Text.secret("pw").toString()).isEqualTo("(sensitive)");
        assertThat(Text.secret("pw").reveal()).isEqualTo("pw");
        assertThat(Text.of("pw", true)).isEqualTo(Text.secret("pw"));
    }

    @Test
    void redactorMasksTheUsualFormsOfASecret() {
        Redactor r = Redactor.of(List.of("a$b \"c\" 'd' %é", "first line\nsecond line"));
        for (String shown : List.of("a\\$b \\\"c\\\" 'd' %é", "a\\$b\\ \\\"c\\\"\\ \\'d\\'\\ %\\é",
                "a$b \"c\" '\\''d'\\'' %é", "a$b \"c\" ''d'' %é", "a$b \"\"c\"\" 'd' %é", "a$b \\\"c\\\" 'd' %é",
                "a%24b+%22c%22+%27d%27+%25%C3%A9", "a%24b%20%22c%22%20%27d%27%20%25%C3%A9",
                "YSRiICJjIiAnZCcgJcOp", "second line", "first line\\nsecond line")) {
            assertThat(r.redact("<" + shown + ">")).as(shown).isEqualTo("<(sensitive)>");
        }
        // Overlapping secrets are masked as one: no part of either is left.
        assertThat(Redactor.of(List.of("S3cr3t-ab", "ab-more-x")).redact("S3cr3t-ab-more-x!")).isEqualTo("(sensitive)!");
    }

    @Test
    void textKeepsItsSecretSpansThroughBuildingEscapingAndSplitting() {
        Text t = Text.builder().append("K=\"").append(Text.secret("a\"b\nc")).append("\"\nL=").append(Text.plain("x"))
                .build();
        assertThat(t.spans()).containsExactly(new Text.Span(3, 8));
        Text escaped = t.map(s -> s.replace("\"", "\\\""));
        assertThat(escaped.reveal()).isEqualTo("K=\\\"a\\\"b\nc\\\"\nL=x");
        assertThat(escaped.spans()).containsExactly(new Text.Span(4, 10));
        List<Text> lines = t.lines();
        assertThat(lines).extracting(Text::reveal).containsExactly("K=\"a\"b", "c\"", "L=x");
        assertThat(lines).extracting(Text::spans).containsExactly(List.of(new Text.Span(3, 6)),
                List.of(new Text.Span(0, 1)), List.of());
        assertThat(lines.get(2)).isEqualTo(Text.plain("L=x"));
        assertThat(t.toString()).isEqualTo("(sensitive)");
        Redactor r = Redactor.of(List.of());
        assertThat(r.show(lines.get(0))).isEqualTo("K=\"" + r.masked("a\"b"));
    }

    @Test
    void suggestNearestWithinAReasonableDistance() {
        List<String> keys = List.of("path", "owner", "group", "mode", "notify");
        assertThat(Suggest.nearest("ownr", keys)).contains("owner");
        assertThat(Suggest.nearest("Owner", keys)).contains("owner");
        assertThat(Suggest.nearest("nofity", keys)).contains("notify");
        assertThat(Suggest.nearest("colour", keys)).isEmpty();
        assertThat(Suggest.didYouMean("mdoe", keys)).contains("did you mean 'mode'?");
        assertThat(Suggest.distance("abcd", "acbd")).isEqualTo(1);
    }

    @Test
    void nothingIsSuggestedForAHugeWord() {
        // The distance table is the product of the lengths: for two 200 000-character names, 160 GB.
        String huge = "x".repeat(200_000);
        long start = System.nanoTime();
        assertThat(Suggest.nearest(huge, List.of(huge + "y", "path"))).isEmpty();
        assertThat(Suggest.nearest("pathx", List.of(huge, "path"))).contains("path");
        assertThat(System.nanoTime() - start).isLessThan(1_000_000_000L);
    }
}
