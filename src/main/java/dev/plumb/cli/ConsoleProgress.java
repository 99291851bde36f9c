package dev.plumb.cli;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.plumb.engine.Progress;
import dev.plumb.model.Printable;

/**
 * Per-host progress on stderr. On a terminal it redraws one line per host in place (ANSI
 * cursor-up); otherwise it prints one plain, timestamped line per status change, which is what
 * CI logs want. Host names and states are shown as {@link Printable#line} shows them; the
 * display's own escape sequences are written as they are.
 */
final class ConsoleProgress implements Progress {
    private final PrintWriter err;
    private final boolean live;
    private final long start = System.nanoTime();
    private final Map<String, String> status = new LinkedHashMap<>();
    private int drawn;

    ConsoleProgress(PrintWriter err, boolean live, List<String> hosts) {
        this.err = err;
        this.live = live;
        hosts.forEach(h -> status.put(Printable.line(h), "waiting"));
    }

    /** A live display when stderr is a terminal, plain lines otherwise; none when quiet. */
    static Progress create(PrintWriter err, List<String> hosts, boolean quiet) {
        if (quiet) {
            return Progress.NONE;
        }
        boolean tty = System.console() != null && System.getenv("TERM") != null && !"dumb".equals(System.getenv("TERM"));
        return new ConsoleProgress(Output.raw(err), tty, hosts);
    }

    @Override
    public synchronized void update(String host, String state) {
        String h = Printable.line(host);
        String s = Printable.line(state);
        status.put(h, s);
        if (live) {
            redraw();
        } else {
            err.printf("[%5.1fs] %s: %s%n", (System.nanoTime() - start) / 1e9, h, s);
            err.flush();
        }
    }

    @Override
    public synchronized void finish() {
        if (live && drawn > 0) {
            redraw();
        }
    }

    private void redraw() {
        StringBuilder b = new StringBuilder();
        if (drawn > 0) {
            b.append("\033[").append(drawn).append('A');
        }
        int width = status.keySet().stream().mapToInt(String::length).max().orElse(4);
        status.forEach((h, s) -> b.append("\r\033[2K  ").append(String.format("%-" + width + "s", h))
                .append("  ").append(s).append('\n'));
        drawn = status.size();
        err.print(b);
        err.flush();
    }
}
