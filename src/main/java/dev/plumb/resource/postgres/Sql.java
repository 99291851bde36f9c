package dev.plumb.resource.postgres;

import java.util.Arrays;
import java.util.Collection;
import java.util.stream.Collectors;

/**
 * Quoting for generated SQL. Every name becomes one double-quoted identifier and every value one
 * string literal, so quotes, spaces, {@code $()}, backslashes and newlines in them are inert.
 * NUL cannot be sent to PostgreSQL at all and is refused.
 */
public final class Sql {
    private Sql() {
    }

    /** {@code "name"} with embedded double quotes doubled; case is kept (names are data). */
    public static String ident(String name) {
        check(name);
        return '"' + name.replace("\"", "\"\"") + '"';
    }

    /** {@code "schema"."name"}. */
    public static String qualified(String schema, String name) {
        return ident(schema) + "." + ident(name);
    }

    /** A role in GRANT or REVOKE: the pseudo-role PUBLIC is a keyword, any other role an identifier. */
    public static String grantee(String role) {
        return GrantSpec.PUBLIC.equals(role) ? "PUBLIC" : ident(role);
    }

    /**
     * A string literal that means the same whatever {@code standard_conforming_strings} is:
     * {@code 'text'}, or {@code E'text'} with backslashes doubled when there is a backslash.
     */
    public static String literal(String value) {
        check(value);
        String quoted = value.replace("'", "''");
        if (value.indexOf('\\') >= 0) {
            return "E'" + quoted.replace("\\", "\\\\") + "'";
        }
        return "'" + quoted + "'";
    }

    /** {@code ARRAY['a', 'b']::text[]}; an empty collection is an empty text array. */
    public static String textArray(Collection<String> values) {
        return values.stream().map(Sql::literal).collect(Collectors.joining(", ", "ARRAY[", "]::text[]"));
    }

    /** A setting name such as {@code work_mem} or {@code myext.option}, each part quoted. */
    public static String settingName(String name) {
        return Arrays.stream(name.split("\\.", -1)).map(Sql::ident).collect(Collectors.joining("."));
    }

    private static void check(String s) {
        if (s.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("NUL cannot be sent to PostgreSQL");
        }
    }
}
