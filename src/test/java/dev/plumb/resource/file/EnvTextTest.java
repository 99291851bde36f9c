package dev.plumb.resource.file;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import dev.plumb.model.Text;

/** An env file is recognised only when env: renders it back byte for byte. */
class EnvTextTest {
    @Test
    void theRenderingOfAnEnvMappingIsRecognisedInOrder() {
        Map<String, Text> vars = new LinkedHashMap<>();
        vars.put("Z_FIRST", Text.plain("bare-value_1.2:3,/x@y%z+w="));
        vars.put("QUOTED", Text.plain("two words \"q\" \\ `cmd` $HOME ${X}"));
        vars.put("EMPTY", Text.plain(""));
        vars.put("URL", Text.plain("postgresql://u:p@h:5432/db"));
        String body = new FileContent.Env(vars).body().reveal();

        Map<String, String> parsed = EnvText.parse(body).orElseThrow();
        assertThat(parsed.keySet()).containsExactly("Z_FIRST", "QUOTED", "EMPTY", "URL");
        assertThat(parsed).containsEntry("QUOTED", "two words \"q\" \\ `cmd` $HOME ${X}").containsEntry("EMPTY", "");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "",                          // empty: content "" is shorter and exact
        "A=1",                       // no final newline
        "A=1\n\n",                   // a blank line
        "# comment\nA=1\n",          // a comment
        "export A=1\n",              // export
        "A=1\nA=2\n",                // a duplicate key
        "A='single'\n",              // quoting env: would not write
        "A=\"bare\"\n",              // quotes env: would leave out
        "A=\n",                      // env: writes an empty value as ""
        "A=two words\n",             // unquoted blank
        "A=\"x\\y\"\n",              // an escape env: would not write
        "A=\"x$y\"\n",               // an unescaped $
        "1A=x\n",                    // not a shell name
        "A=x\r\n",                   // CRLF
        "A = x\n",                   // blanks around '='
    })
    void anythingElseIsContent(String text) {
        assertThat(EnvText.parse(text)).as("%s", text).isEmpty();
    }
}
