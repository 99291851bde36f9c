package dev.plumb.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ModelTest {

    @Test
    void redactorMasksEveryOccurrenceLongestFirst() {
        Redactor r = Redactor.of(List.of("abc", "abcdef", ""));
        assertThat(r.redact("x abcdef y abc z abcabc")).isEqualTo("x (sensitive) y (sensitive) z (sensitive)(sensitive)");
        assertThat(r.toString()).isEqualTo("Redactor[2 secrets]");
        assertThat(r.redact(Diagnostic.of("bad abc", "use abcdef")).render())
                .isEqualTo("error: bad (sensitive)\n  hint: use (sensitive)");
        assertThat(Redactor.NONE.redact("abc")).isEqualTo("abc");
    }

    @Test
    void textMasksOnlySecrets() {
        assertThat(Text.plain("hello").toString()).isEqualTo("hello");
        assertThat(Text.secret("pw").toString()).isEqualTo("(sensitive)");
        assertThat(Text.secret("pw").reveal()).isEqualTo("pw");
        assertThat(Text.of("pw", true)).isEqualTo(Text.secret("pw"));
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
