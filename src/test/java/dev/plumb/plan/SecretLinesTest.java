package dev.plumb.plan;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.plumb.model.Redactor;
import dev.plumb.model.Text;

/** The live side of a secret, which may hold its old value, is masked with the desired side's spans. */
class SecretLinesTest {
    static final Redactor R = Redactor.of(List.of("new-pw"));

    static Text url(String pw) {
        return Text.builder().append("URL=\"postgresql://app:").append(Text.secret(pw)).append("@db/app\"").build();
    }

    @Test
    void anOldValueInTheSamePlaceIsMaskedWhereItIs() {
        assertThat(SecretLines.live("URL=\"postgresql://app:old\\$pw@db/app\"", url("new-pw"), R))
                .isEqualTo("URL=\"postgresql://app:" + R.masked("old\\$pw") + "@db/app\"");
        assertThat(SecretLines.live(url("new-pw").reveal(), url("new-pw"), R)).isEqualTo(R.show(url("new-pw")));
    }

    @Test
    void whereThePlainPartsDifferTheLineIsMaskedAfterWhatItShares() {
        assertThat(SecretLines.live("URL=postgresql://app:old-pw@other/app", url("new-pw"), R))
                .isEqualTo("URL=" + R.masked("postgresql://app:old-pw@other/app"));
        assertThat(SecretLines.live("old-pw", Text.secret("new-pw"), R)).isEqualTo(R.masked("old-pw"));
        assertThat(SecretLines.live("old plain", Text.plain("new plain"), R)).isEqualTo("old plain");
    }

    @Test
    void diffsMaskOldSecretsOnShiftedLinesAndKeepOtherLines() {
        Text want = Text.builder().append("# app\nMODE=prod\n").append(url("new-pw")).append("\nPORT=80\n").build();
        String live = "# app\nEXTRA=1\nMODE=prod\nPORT=81\n" + url("old-pw").reveal() + "\n";
        String diff = ContentDiff.unified("/etc/app.env", live, want, R).orElseThrow();
        assertThat(diff).doesNotContain("old-pw").doesNotContain("new-pw")
                .contains("-EXTRA=1", " MODE=prod", "+PORT=80")
                .contains("-URL=\"postgresql://app:" + R.masked("old-pw") + "@db/app\"")
                .contains("+URL=\"postgresql://app:" + R.masked("new-pw") + "@db/app\"");
    }
}
