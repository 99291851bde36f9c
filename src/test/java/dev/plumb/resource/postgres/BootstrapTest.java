package dev.plumb.resource.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import dev.plumb.model.Sensitive;

class BootstrapTest {
    private static String sqlOf(String script) {
        Matcher m = Pattern.compile("<<'PLUMB_SQL' [^\n]*\n(.*)\nPLUMB_SQL\n", Pattern.DOTALL).matcher(script);
        assertThat(m.find()).as(script).isTrue();
        return new String(Base64.getMimeDecoder().decode(m.group(1)), StandardCharsets.UTF_8);
    }

    @Test
    void theAdminPasswordTravelsAsAClientComputedVerifierOnStdin() {
        String script = Bootstrap.script("postgres", Sensitive.of("adm'in $(pw)"));
        assertThat(script).doesNotContain("adm'in").doesNotContain("SCRAM-SHA-256")
                .contains("runuser -u postgres -- ").contains("su postgres -s /bin/sh -c")
                .contains("psql -X -q -A -t -v ON_ERROR_STOP=1");
        String sql = sqlOf(script);
        assertThat(sql).doesNotContain("adm'in");
        Matcher v = Pattern.compile("ALTER ROLE \"postgres\" WITH LOGIN PASSWORD '(SCRAM-SHA-256\\$[^']+)';\n$")
                .matcher(sql);
        assertThat(v.find()).as(sql).isTrue();
        assertThat(Scram.matches(Sensitive.of("adm'in $(pw)"), Scram.parse(v.group(1)).orElseThrow())).isTrue();
    }

    @Test
    void aMissingAdminRoleIsCreatedAsSuperuserWithItsNameQuoted() {
        String sql = sqlOf(Bootstrap.script("adm$plumb$\"x", Sensitive.of("pw")));
        assertThat(sql).startsWith("DO $plumb0$BEGIN IF NOT EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname ="
                + " 'adm$plumb$\"x') THEN EXECUTE format('CREATE ROLE %I SUPERUSER LOGIN', 'adm$plumb$\"x');"
                + " END IF; END$plumb0$;\n");
        assertThat(sql).contains("ALTER ROLE \"adm$plumb$\"\"x\" WITH LOGIN PASSWORD 'SCRAM-SHA-256$");
    }

    @Test
    void theDatabaseNameNeverReachesTheCommandLine() {
        String script = Bootstrap.psql("db\"; rm -rf / #", "SELECT 1");
        assertThat(script).doesNotContain("rm -rf").contains("plumb_db=$(printf '%s' '"
                + Base64.getEncoder().encodeToString("db\"; rm -rf / #".getBytes(StandardCharsets.UTF_8)) + "'");
        assertThat(sqlOf(script)).isEqualTo("SELECT 1");
    }
}
