package dev.plumb.model;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Control characters are shown as escapes; everything else as it is. */
class PrintableTest {
    @Test
    void ordinaryTextIsUnchanged() {
        String text = "host1 (root@198.18.0.11:22): café ↻ → 😀 C:\\path \"quoted\" ${x}";
        assertThat(Printable.line(text)).isSameAs(text);
        assertThat(Printable.block(text)).isSameAs(text);
    }

    @Test
    void terminalEscapesAndOtherControlsAreEscaped() {
        assertThat(Printable.line("a\u001b[2J\u001b]0;owned\u0007b")).isEqualTo("a\\u001b[2J\\u001b]0;owned\\u0007b");
        assertThat(Printable.line("x\ry")).isEqualTo("x\\ry");
        assertThat(Printable.line("\u0000\u007f\u0085\u009b31m")).isEqualTo("\\u0000\\u007f\\u0085\\u009b31m");
        assertThat(Printable.line("abc\u202egpj.exe")).isEqualTo("abc\\u202egpj.exe");
        assertThat(Printable.line("a\u2066b\u2069\u2028")).isEqualTo("a\\u2066b\\u2069\\u2028");
        assertThat(Printable.block("a\u001b[31m\rb\u202e")).isEqualTo("a\\u001b[31m\\rb\\u202e");
    }

    @Test
    void aLineEscapesNewlinesAndTabsABlockKeepsThem() {
        assertThat(Printable.line("role\n  - database prod\tx")).isEqualTo("role\\n  - database prod\\tx");
        assertThat(Printable.block("line 1\n\tline 2\n")).isEqualTo("line 1\n\tline 2\n");
        assertThat(Printable.escapedInBlock('\n')).isFalse();
        assertThat(Printable.escapedInBlock('\u001b')).isTrue();
    }

    @Test
    void escapingTwiceChangesNothingMore() {
        String once = Printable.line("a\u001b\nb");
        assertThat(Printable.line(once)).isEqualTo(once);
        assertThat(Printable.block(once)).isEqualTo(once);
    }
}
