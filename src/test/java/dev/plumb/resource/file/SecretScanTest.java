package dev.plumb.resource.file;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

/** Which parts of a text an import replaces by secrets. */
class SecretScanTest {
    /** The secret substrings of {@code text}, by their spans. */
    private static List<String> secrets(String text, List<SecretScan.Span> spans) {
        return spans.stream().map(s -> text.substring(s.start(), s.end())).toList();
    }

    private static List<String> content(String text) {
        return secrets(text, SecretScan.content(text));
    }

    @Test
    void envValuesOfSecretKeysAreSecretWhole() {
        for (String key : List.of("DB_PASSWORD", "passwd", "Client_Secret", "API_TOKEN", "SSH_KEY", "keyring")) {
            assertThat(SecretScan.envValue(key, "v a l", false)).as(key).singleElement()
                    .satisfies(s -> assertThat(s.start()).isZero()).satisfies(s -> assertThat(s.end()).isEqualTo(5));
        }
        assertThat(SecretScan.envValue("FLASK_ENV", "production", false)).isEmpty();
        assertThat(SecretScan.envValue("API_TOKEN", "", false)).as("empty is no secret").isEmpty();
        assertThat(SecretScan.envValue("API_TOKEN", "${TOKEN}", false)).as("a reference").isEmpty();
    }

    @Test
    void onlyTheUrlPasswordIsSecretUnlessTheFileIsOwnerOnly() {
        String url = "postgresql://flaskapp:pw@rd@db1:5432/app?x=1";
        assertThat(secrets(url, SecretScan.envValue("DATABASE_URL", url, false))).containsExactly("pw@rd");
        assertThat(SecretScan.envValue("DATABASE_URL", url, false).get(0).label()).isEqualTo("database_url");
        assertThat(SecretScan.envValue("DATABASE_URL", "postgresql://flaskapp@db1/app", false)).isEmpty();
        assertThat(secrets(url, SecretScan.envValue("DATABASE_URL", url, true))).containsExactly(url);
        assertThat(SecretScan.envValue("FLASK_ENV", "production", true)).hasSize(1);
    }

    @Test
    void secretModeIsNoAccessForGroupAndOthers() {
        assertThat(SecretScan.secretMode("0600")).isTrue();
        assertThat(SecretScan.secretMode("0400")).isTrue();
        assertThat(SecretScan.secretMode("0700")).isTrue();
        assertThat(SecretScan.secretMode("0640")).isFalse();
        assertThat(SecretScan.secretMode("0644")).isFalse();
        assertThat(SecretScan.secretMode("4604")).isFalse();
    }

    @Test
    void wholeKeepsTheFinalLineBreaksOut() {
        assertThat(secrets("a\nb\n\n", SecretScan.whole("a\nb\n\n"))).containsExactly("a\nb");
        assertThat(SecretScan.whole("\n")).isEmpty();
        assertThat(SecretScan.whole("")).isEmpty();
    }

    @Test
    void configurationLinesAndUnits() {
        assertThat(content("password = two words  \n")).containsExactly("two words");
        assertThat(content("  db_password: \"quoted # not\" # comment\n")).containsExactly("quoted # not");
        assertThat(content("{\"api_key\": \"k-1\", \"name\": \"n\"}\n")).containsExactly("k-1");
        assertThat(content("export SECRET_KEY='abc def'\n")).containsExactly("abc def");
        assertThat(content("Environment=API_TOKEN=t1 OTHER=x\n")).containsExactly("t1");
        assertThat(content("Environment=\"DB_PASSWORD=p w\" X=1\n")).containsExactly("p w");
        assertThat(content("Environment='DB_PASSWORD=p w\n")).containsExactly("p w");
        assertThat(content("ExecStart=/bin/app --password=pw1 --port=80\n")).containsExactly("pw1");
        assertThat(content("ExecStart=/bin/app --token ${TOKEN}\nToken=$TOKEN\n")).isEmpty();
        assertThat(content("mirror: https://me:urlpw@mirror/x and http://u:v@w/\n")).containsExactly("urlpw", "v");
        assertThat(content("[server]\nport = 8000\nExecStart=/usr/bin/ssh-keygen -A\n")).isEmpty();
        assertThat(content("a\r\npassword=x\r\nb\n")).containsExactly("x");
    }

    @Test
    void labelsNameTheKeyAndCountRepeats() {
        List<SecretScan.Span> spans = SecretScan.content("password=pw-a\n[other]\npassword=pw-b\n"
                + "url = https://u:pw-c@h/\nsee https://u:pw-d@h/\n");
        assertThat(spans).extracting(SecretScan.Span::label).containsExactly("password", "password_2", "url", "url_2");
        assertThat(spans).extracting(SecretScan.Span::what).noneMatch(w -> w.contains("pw-"));
    }
}
