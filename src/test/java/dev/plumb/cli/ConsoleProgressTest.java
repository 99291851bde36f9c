package dev.plumb.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;

import org.junit.jupiter.api.Test;

class ConsoleProgressTest {
    @Test
    void aTerminalGetsOneLinePerHostRedrawnInPlace() {
        StringWriter out = new StringWriter();
        ConsoleProgress p = new ConsoleProgress(new PrintWriter(out), true, List.of("web1", "db"));
        p.update("web1", "connecting");
        p.update("db", "reading facts");
        String s = out.toString();
        assertThat(s).startsWith("\r\033[2K  web1  connecting\n\r\033[2K  db    waiting\n");
        assertThat(s).contains("\033[2A", "  db    reading facts\n");
    }

    @Test
    void hostNamesAndStatesAreShownAsEscapesTheDisplaysOwnSequencesAsThemselves() {
        StringWriter out = new StringWriter();
        PrintWriter printable = Output.printable(new PrintWriter(out));
        ConsoleProgress p = (ConsoleProgress) ConsoleProgress.create(printable, List.of("web\u001b[2J"), false);
        p.update("web\u001b[2J", "failed: \u001b]0;x\u0007");
        assertThat(out.toString()).endsWith("web\\u001b[2J: failed: \\u001b]0;x\\u0007\n");
        StringWriter live = new StringWriter();
        new ConsoleProgress(new PrintWriter(live), true, List.of("a\nb")).update("a\nb", "ok");
        assertThat(live.toString()).isEqualTo("\r\033[2K  a\\nb  ok\n");
    }

    @Test
    void aLogGetsPlainTimestampedLines() {
        StringWriter out = new StringWriter();
        ConsoleProgress p = new ConsoleProgress(new PrintWriter(out), false, List.of("web1"));
        p.update("web1", "applied");
        assertThat(out.toString()).matches("\\[ +\\d+\\.\\ds\\] web1: applied\\n");
    }
}
