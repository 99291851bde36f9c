package dev.plumb.resource.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;

class SqlTest {
    @Test
    void identifiersAreAlwaysDoubleQuotedWithQuotesDoubled() {
        assertThat(Sql.ident("flaskapp")).isEqualTo("\"flaskapp\"");
        assertThat(Sql.ident("Mixed Case")).isEqualTo("\"Mixed Case\"");
        assertThat(Sql.ident("a\"b")).isEqualTo("\"a\"\"b\"");
        assertThat(Sql.ident("x\"; DROP TABLE t; --")).isEqualTo("\"x\"\"; DROP TABLE t; --\"");
        assertThat(Sql.ident("$(rm -rf /)\n'")).isEqualTo("\"$(rm -rf /)\n'\"");
        assertThat(Sql.qualified("app's", "T 1")).isEqualTo("\"app's\".\"T 1\"");
        assertThat(Sql.settingName("myext.opt")).isEqualTo("\"myext\".\"opt\"");
    }

    @Test
    void literalsAreInertWhateverStandardConformingStringsIs() {
        assertThat(Sql.literal("UTC")).isEqualTo("'UTC'");
        assertThat(Sql.literal("it's")).isEqualTo("'it''s'");
        assertThat(Sql.literal("a\\'b")).isEqualTo("E'a\\\\''b'");
        assertThat(Sql.literal("line1\nline2 $(x) `y` $$z$$")).isEqualTo("'line1\nline2 $(x) `y` $$z$$'");
        assertThat(Sql.literal("")).isEqualTo("''");
        assertThat(Sql.textArray(List.of("a", "b'c"))).isEqualTo("ARRAY['a', 'b''c']::text[]");
        assertThat(Sql.textArray(List.of())).isEqualTo("ARRAY[]::text[]");
    }

    @Test
    void publicIsAKeywordAsGrantee() {
        assertThat(Sql.grantee("PUBLIC")).isEqualTo("PUBLIC");
        assertThat(Sql.grantee("public_role")).isEqualTo("\"public_role\"");
    }

    @Test
    void nulIsRefused() {
        assertThatThrownBy(() -> Sql.ident("a\0b")).hasMessageContaining("NUL");
        assertThatThrownBy(() -> Sql.literal("a\0b")).hasMessageContaining("NUL");
    }
}
