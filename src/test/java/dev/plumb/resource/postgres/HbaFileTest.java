package dev.plumb.resource.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import dev.plumb.model.Presence;
import dev.plumb.model.Redactor;
import dev.plumb.model.Text;

class HbaFileTest {
    static HbaRule rule(HbaRule.Type type, String db, String user, String address, String method,
                        Map<String, Text> options) {
        return new HbaRule("h", Optional.empty(), type, db, user, Optional.ofNullable(address), method, options,
                Presence.PRESENT);
    }

    static final HbaRule APP = rule(HbaRule.Type.HOST, "flaskapp_prod", "flaskapp", "127.0.0.1/32", "scram-sha-256",
            Map.of());

    @Test
    void linesQuoteNamesButNotKeywords() {
        assertThat(HbaFile.line(APP, true))
                .isEqualTo("host    flaskapp_prod   flaskapp        127.0.0.1/32            scram-sha-256");
        assertThat(HbaFile.line(rule(HbaRule.Type.LOCAL, "all", "all", null, "peer", Map.of()), true))
                .isEqualTo("local   all             all                                     peer");
        assertThat(HbaFile.line(rule(HbaRule.Type.HOSTSSL, "my db", "o\"brien", "::1/128", "md5", Map.of()), true))
                .isEqualTo("hostssl \"my db\"         \"o\"\"brien\"      ::1/128                 md5");
        assertThat(HbaFile.line(rule(HbaRule.Type.HOST, "replication", "+admins", "all", "cert", Map.of()), true))
                .startsWith("host    replication     +admins         all");
        assertThat(HbaFile.line(rule(HbaRule.Type.HOST, "a,b", "#x", "all", "md5", Map.of()), true))
                .startsWith("host    \"a,b\"           \"#x\"");
    }

    @Test
    void secretOptionsAreShownMaskedWhereverQuotingPutsThem() {
        HbaRule ldap = rule(HbaRule.Type.HOST, "all", "all", "10.0.0.0/8", "ldap", Map.of("ldapbinddn",
                Text.plain("cn=admin, dc=example"), "ldapbindpasswd", Text.secret("pw \"s3cret\"")));
        assertThat(HbaFile.line(ldap, true)).contains("ldapbinddn=\"cn=admin, dc=example\"")
                .contains("ldapbindpasswd=\"pw \"\"s3cret\"\"\"");
        assertThat(HbaFile.line(ldap, false)).isEqualTo("(sensitive)");
        // Only the quoted secret is secret; the quotes around it are not.
        String shown = Redactor.of(List.of()).show(HbaFile.text(ldap));
        assertThat(shown).contains("ldapbinddn=\"cn=admin, dc=example\"")
                .containsPattern("ldapbindpasswd=\"\\(sensitive [0-9a-f]{6}\\)\"( |$)").doesNotContain("s3cret");
    }

    @Test
    void removedLinesShowNoOptionValue() {
        assertThat(HbaFile.maskOptions("host all \"a=b\" all ldap ldapserver=x ldapbindpasswd=\"o\"\"ld pw\" map=m",
                v -> "#")).isEqualTo("host all \"a=b\" all ldap ldapserver=# ldapbindpasswd=# map=#");
    }

    @Test
    void rulesThatCannotBeOneLineAreRefused() {
        assertThat(HbaFile.check(APP)).isEmpty();
        assertThat(HbaFile.check(rule(HbaRule.Type.HOST, "a\nb", "all", "all", "md5", Map.of())))
                .hasValueSatisfying(m -> assertThat(m).contains("line breaks"));
        assertThat(HbaFile.check(rule(HbaRule.Type.HOST, "all", "all", "all", "md5", Map.of("bad name",
                Text.plain("x"))))).isPresent();
    }

    @Test
    void aNewBlockGoesBeforeTheFirstRuleAndTheRestIsUntouched() {
        String file = "# comment\n\n# TYPE DATABASE\nlocal all postgres peer\nhost all all 127.0.0.1/32 md5\n";
        String block = HbaFile.block(List.of(APP));
        assertThat(block).isEqualTo(HbaFile.BEGIN + "\n# rule: host:flaskapp_prod:flaskapp:127.0.0.1/32\n"
                + HbaFile.line(APP, true) + "\n" + HbaFile.END + "\n");
        String spliced = HbaFile.splice(file, block);
        assertThat(spliced).isEqualTo("# comment\n\n# TYPE DATABASE\n" + block
                + "local all postgres peer\nhost all all 127.0.0.1/32 md5\n");
        // idempotent, and replacing keeps the block where it is
        assertThat(HbaFile.splice(spliced, block)).isEqualTo(spliced);
        HbaRule other = rule(HbaRule.Type.HOST, "x", "y", "10.0.0.0/8", "md5", Map.of());
        String replaced = HbaFile.splice(spliced, HbaFile.block(List.of(other)));
        assertThat(replaced).startsWith("# comment\n\n# TYPE DATABASE\n" + HbaFile.BEGIN + "\n# rule: host:x:y:10.0.0.0/8\n")
                .endsWith(HbaFile.END + "\nlocal all postgres peer\nhost all all 127.0.0.1/32 md5\n");
        // no present rule: the block goes away
        assertThat(HbaFile.splice(spliced, HbaFile.block(List.of()))).isEqualTo(file.replace("\n\n", "\n\n"));
        // a file of comments only: appended
        assertThat(HbaFile.splice("# only\n", block)).isEqualTo("# only\n" + block);
        assertThat(HbaFile.splice("", block)).isEqualTo(block);
        // nothing declared present and no block: not even line endings change
        assertThat(HbaFile.splice("local all all peer\r\nno newline", "")).isEqualTo("local all all peer\r\nno newline");
    }

    @Test
    void parsingFindsRulesByKeyHandEditsAndStrayLines() {
        String file = "local all all peer\n" + HbaFile.BEGIN + "\n# rule: k1\nhost a b 1.2.3.4/32 trust\n"
                + "# rule: k2\n# rule: k3\nhost c d all md5\nstray line\n" + HbaFile.END + "\n";
        HbaFile.Found f = (HbaFile.Found) HbaFile.parse(file);
        assertThat(f.rules()).containsExactly(Map.entry("k1", "host a b 1.2.3.4/32 trust"), Map.entry("k2", ""),
                Map.entry("k3", "host c d all md5"));
        assertThat(f.stray()).containsExactly("stray line");
        assertThat(f.firstLine()).isEqualTo(2);
        assertThat(f.lastLine()).isEqualTo(9);
        assertThat(HbaFile.parse("local all all peer\n")).isInstanceOf(HbaFile.NoBlock.class);
        assertThat(HbaFile.parse(HbaFile.END + "\n" + HbaFile.BEGIN + "\n")).isInstanceOf(HbaFile.Broken.class);
        assertThat(HbaFile.parse(HbaFile.BEGIN + "\n")).isInstanceOf(HbaFile.Broken.class);
        assertThat(HbaFile.parse(HbaFile.BEGIN + "\n" + HbaFile.END + "\n" + HbaFile.BEGIN + "\n" + HbaFile.END))
                .isInstanceOf(HbaFile.Broken.class);
    }
}
