package dev.plumb.resource.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import dev.plumb.model.Sensitive;

/**
 * Verifiers made by a real PostgreSQL 15 server ({@code CREATE ROLE ... PASSWORD 'plaintext'}
 * with password_encryption scram-sha-256), checked against the plaintexts they were made from.
 */
class ScramTest {
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "ascii|change-this-password|SCRAM-SHA-256$4096:MxxCwN59ybQ9p2PTh+StEg==$acEpTKgNOjq1EfawUKEPbLxmFdXM2NsagEg+iNPpZA0=:025GX8tMZ0+3i5z/cJUWg7MgAQUZoAyFDfWFjQfz43c=",
        "latin1 umlauts|p\u00e4ssw\u00f6rd|SCRAM-SHA-256$4096:FKg6jUyFS8DUGNhGOyE9uA==$dUOejzjBMOr+599X1R7v40t2BtVcSA9L8UM7Wih+ZAI=:D198/vq6KWbJfKIvt+PzGJgWNozIBVFr/u01yxjkk94=",
        "fullwidth, NFKC-normalised|\uff21\uff22\uff23\uff11\uff12\uff13|SCRAM-SHA-256$4096:QOdeD+o8J6IvYhvgxqooDQ==$hlE6L93MrAMstttQf6TkSnp4kjWW/7xXrJ+Flikhclw=:o3jOUpLQLA7/1+RQby6TEABoesixxKpYQDUJrlIjYGk=",
        "soft hyphen, mapped to nothing|a\u00adb|SCRAM-SHA-256$4096:4QAkjljTGn4EOAHovazbgQ==$TkLMFNDgzLQbbB99+SNcxUB2GwkwVsnp4wrGab/+7+s=:Fo36bIZjLj9X/42s0E8vDru69twhpsQOsbDJdMnr+j8=",
        "bidi violation, raw|\u05d0a\uff21|SCRAM-SHA-256$4096:RoD869c6Hmc49UdIqGllyw==$wzeNiPEMpB5x0sPtAPWitcDz43REnVWz6u0Vjee7LuY=:FbBXYw6mAEAqwhYWMuBaaPQ4NsQBmypK6ByjlDBDgy4=",
        "non-ASCII space mapped|x\u2003y\uff21|SCRAM-SHA-256$4096:hBM4/nfXHNBgB/SH8y7Ucg==$LKsiCzSdvlAXmC7g0BFkiO3gjccdQDCuOvZUHfHENbo=:X4NJkbn7Ec81PrTpKSg7IgWbEBVwOi6XZW2AEIhpbnk=",
        "RandAL ends with L inside, raw|\u0627\uff21\u0628|SCRAM-SHA-256$4096:z+Cx8Izgo1geJvLq7Mp8ag==$iW3SHZ/tATjJEmy5MBrtFfOSnDz13C5bdcWk/WLroQY=:Q3xAazSGQ2f/DrVvoHaxcmXdkDBk7udXD6eBlLzkb5U=",
    })
    void matchesVerifiersMadeByPostgresql(String what, String password, String stored) {
        Scram.Verifier v = Scram.parse(stored).orElseThrow();
        assertThat(v.iterations()).isEqualTo(4096);
        assertThat(Scram.matches(Sensitive.of(password), v)).as(what).isTrue();
        assertThat(Scram.matches(Sensitive.of(password + "x"), v)).isFalse();
        assertThat(v.text()).isEqualTo(stored);
        assertThat(v.toString()).doesNotContain(stored.substring(30));
    }

    @Test
    void aProhibitedCharacterMeansTheRawPassword() {
        // A trailing control character (BEL): CsvSource would trim it, hence its own test.
        String stored = "SCRAM-SHA-256$4096:qa/lTfcbM1GHK3XiR45tVw==$nfDTf4xljc/O54kwXmSGTHZXwGZtGOzl97IqXJPy/Ks="
                + ":53dhP4wW/T9PHSuD7GRMWR3MsMk2B7/n+QdMEFSe6HY=";
        assertThat(Scram.matches(Sensitive.of("\uff21\uff22\u0007"), Scram.parse(stored).orElseThrow())).isTrue();
        assertThat(Scram.matches(Sensitive.of("AB\u0007"), Scram.parse(stored).orElseThrow())).isFalse();
    }

    @Test
    void newVerifiersAreSaltedAndVerifiable() {
        Sensitive<String> pw = Sensitive.of("s3cret");
        String a = Scram.verifier(pw).reveal();
        String b = Scram.verifier(pw).reveal();
        assertThat(a).startsWith("SCRAM-SHA-256$4096:").isNotEqualTo(b).doesNotContain("s3cret");
        assertThat(Scram.matches(pw, Scram.parse(a).orElseThrow())).isTrue();
        assertThat(Scram.parse(a).orElseThrow().salt()).hasSize(16);
    }

    @Test
    void onlyWellFormedVerifiersParse() {
        assertThat(Scram.parse("md5e471bc56a4fac13896bf32b1c49c5849")).isEmpty();
        assertThat(Scram.parse("SCRAM-SHA-256$4096:bad$x:y")).isEmpty();
        assertThat(Scram.parse("plaintext")).isEmpty();
    }

    @Test
    void md5VerifiersAreRecognised() {
        // made by PostgreSQL 15 with password_encryption md5 for role fx5
        assertThat(PgPlanner.md5Matches(Sensitive.of("change-this-password"), "fx5",
                "md5e471bc56a4fac13896bf32b1c49c5849")).isTrue();
        assertThat(PgPlanner.md5Matches(Sensitive.of("other"), "fx5", "md5e471bc56a4fac13896bf32b1c49c5849"))
                .isFalse();
    }

    @Test
    void rfc7677TestVector() {
        // RFC 7677 section 3: user "user", password "pencil"; the server's StoredKey and ServerKey.
        String stored = "SCRAM-SHA-256$4096:W22ZaJ0SNY7soEsUEjb6gQ==$WG5d8oPm3OtcPnkdi4Uo7BkeZkBFzpcXkuLmtbsT4qY="
                + ":wfPLwcE6nTWhTAmQ7tl2KeoiWGPlZqQxSrmfPwDl2dU=";
        Scram.Verifier v = Scram.parse(stored).orElseThrow();
        assertThat(Scram.compute("pencil", v.salt(), 4096).text()).isEqualTo(stored);
        assertThat(Scram.matches(Sensitive.of("pencil"), v)).isTrue();
        assertThat(Scram.matches(Sensitive.of("Pencil"), v)).isFalse();
    }

    @Test
    void absurdIterationCountsCannotBeVerified() {
        String keys = ":W22ZaJ0SNY7soEsUEjb6gQ==$WG5d8oPm3OtcPnkdi4Uo7BkeZkBFzpcXkuLmtbsT4qY="
                + ":wfPLwcE6nTWhTAmQ7tl2KeoiWGPlZqQxSrmfPwDl2dU=";
        assertThat(Scram.parse("SCRAM-SHA-256$" + Scram.MAX_ITERATIONS + keys)).isPresent();
        assertThat(Scram.parse("SCRAM-SHA-256$" + (Scram.MAX_ITERATIONS + 1) + keys)).isEmpty();
        assertThat(Scram.parse("SCRAM-SHA-256$2147483647" + keys)).isEmpty();
        assertThat(Scram.parse("SCRAM-SHA-256$99999999999" + keys)).isEmpty();
        assertThat(Scram.parse("SCRAM-SHA-256$0" + keys)).isEmpty();
        assertThatIllegalArgumentException().isThrownBy(() -> Scram.compute("pw", new byte[16], Integer.MAX_VALUE));
        assertThatIllegalArgumentException().isThrownBy(() -> Scram.compute("pw", new byte[0], 4096));
    }

    @Test
    void rfc4013Examples() {
        assertThat(Scram.prepare("I\u00adX")).isEqualTo("IX"); // soft hyphen mapped to nothing
        assertThat(Scram.prepare("user")).isEqualTo("user");
        assertThat(Scram.prepare("USER")).isEqualTo("USER");
        assertThat(Scram.prepare("\u00aa")).isEqualTo("a"); // NFKC
        assertThat(Scram.prepare("\u2168")).isEqualTo("IX"); // NFKC
        // RFC 4013 errors: prohibited (BEL) and bidi (RandALCat then a digit). PostgreSQL hashes the raw password.
        assertThat(Scram.prepare("\u0007")).isEqualTo("\u0007");
        assertThat(Scram.prepare("\u0627\u0031")).isEqualTo("\u0627\u0031");
    }

    @Test
    void preparationLeavesAsciiAloneAndMapsAndNormalisesTheRest() {
        assertThat(Scram.prepare("plain ascii \t~")).isEqualTo("plain ascii \t~");
        assertThat(Scram.prepare("\uff21\uff22")).isEqualTo("AB");
        assertThat(Scram.prepare("a\u00adb")).isEqualTo("ab");
        assertThat(Scram.prepare("x\u00a0y")).isEqualTo("x y");
        assertThat(Scram.prepare("\u00ad")).isEqualTo("\u00ad"); // empty after mapping: the raw password
        assertThat(Scram.prepare("")).isEmpty();
        assertThat(Scram.prepare("\uff21\u0007")).isEqualTo("\uff21\u0007");
        assertThat(Scram.prepare("\ud83d\ude00\uff21")).isEqualTo("\ud83d\ude00\uff21"); // unassigned in 3.2
        assertThat(Scram.prepare("\u05d0\u05d1")).isEqualTo("\u05d0\u05d1");
        assertThat(Scram.prepare("\u05d0\uff21")).isEqualTo("\u05d0\uff21"); // bidi violation: raw
    }

    @Test
    void passwordsThatPrepareToNothingAreHashedRaw() {
        // The library refuses these; PostgreSQL hashes them as they are.
        byte[] salt = new byte[16];
        assertThat(Scram.compute("\u00ad", salt, 4096).text()).isNotEqualTo(Scram.compute("", salt, 4096).text());
        Sensitive<String> hyphen = Sensitive.of("\u00ad");
        assertThat(Scram.matches(hyphen, Scram.parse(Scram.verifier(hyphen).reveal()).orElseThrow())).isTrue();
    }
}
