package dev.plumb.cli;

import java.io.FilterWriter;
import java.io.IOException;
import java.io.PrintWriter;

import dev.plumb.model.Printable;

import picocli.CommandLine;

/**
 * The writers commands print with: whatever passes through them is shown as
 * {@link Printable#block} shows it, so no value from an inventory, a playbook, a host or a
 * database reaches the terminal with a control character in it. Help and usage text, plumb's
 * own, is printed by picocli directly.
 */
final class Output {
    private Output() {}

    /** The command's standard output, made printable. */
    static PrintWriter out(CommandLine.Model.CommandSpec spec) {
        return printable(spec.commandLine().getOut());
    }

    /** The command's standard error, made printable. */
    static PrintWriter err(CommandLine.Model.CommandSpec spec) {
        return printable(spec.commandLine().getErr());
    }

    static PrintWriter printable(PrintWriter w) {
        return w instanceof Printing ? w : new Printing(w);
    }

    /** The writer under a printable one: for plumb's own terminal control (the live progress display). */
    static PrintWriter raw(PrintWriter w) {
        return w instanceof Printing p ? p.raw : w;
    }

    private static final class Printing extends PrintWriter {
        final PrintWriter raw;

        Printing(PrintWriter raw) {
            super(new FilterWriter(raw) {
                @Override
                public void write(int c) throws IOException {
                    write(String.valueOf((char) c), 0, 1);
                }

                @Override
                public void write(char[] buf, int off, int len) throws IOException {
                    write(new String(buf, off, len), 0, len);
                }

                @Override
                public void write(String s, int off, int len) throws IOException {
                    StringBuilder b = new StringBuilder(len);
                    for (int i = off; i < off + len; i++) {
                        Printable.appendBlock(s.charAt(i), b);
                    }
                    out.write(b.toString());
                }
            });
            this.raw = raw;
        }
    }
}
