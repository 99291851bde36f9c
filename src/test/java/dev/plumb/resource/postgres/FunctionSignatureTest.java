package dev.plumb.resource.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

/** What a grant may name as a function: only what the server parses without a syntax error. */
class FunctionSignatureTest {
    static FunctionSignature ok(String text) {
        FunctionSignature.Result r = FunctionSignature.parse(text);
        assertThat(r.problem()).as(text).isEmpty();
        return r.signature().orElseThrow();
    }

    static String bad(String text) {
        return FunctionSignature.parse(text).problem().orElseThrow();
    }

    @Test
    void namesAndTypesAsPostgresqlReadsThem() {
        assertThat(ok("Add(int, INT)")).isEqualTo(new FunctionSignature("add", List.of("int", "INT")));
        assertThat(ok("now()")).isEqualTo(new FunctionSignature("now", List.of()));
        assertThat(ok("\"We(ird\"\"\"(\"My, Type\"[], numeric(10, 2))"))
                .isEqualTo(new FunctionSignature("We(ird\"", List.of("\"My, Type\"[]", "numeric(10, 2)")));
        assertThat(ok("f(timestamp(3) WITH TIME ZONE, double precision, character varying(5), bit varying,"
                + " national char varying, s.t, \"S\".\"T\"[][], int[3])").args()).hasSize(8);
    }

    @Test
    void whatWouldBeASyntaxErrorIsRefused() {
        assertThat(bad("add")).contains("needs its argument types");
        assertThat(bad("add(int")).contains("needs its argument types");
        assertThat(bad("a b(int)")).contains("is not a function name");
        assertThat(bad("f(int int)")).contains("'int int' is not an argument type");
        assertThat(bad("f(x integer)")).contains("'x integer' is not an argument type");
        assertThat(bad("f(variadic int[])")).contains("is not an argument type");
        assertThat(bad("f(int,)")).contains("'' is not an argument type");
        assertThat(bad("f(int); DROP TABLE x; --)")).contains("is not an argument type");
    }
}
