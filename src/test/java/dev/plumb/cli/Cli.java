package dev.plumb.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;

import dev.plumb.engine.Engine;
import dev.plumb.resource.Kinds;

/** Runs plumb's command line in-process, as an operator would, and captures what it prints. */
public final class Cli {
    /** Exit code and the text printed on stdout and stderr. */
    public record Result(int exit, String out, String err) {
        public String all() {
            return out + err;
        }

        /** The lines of a plan or drift that start a change ({@code + ...}, {@code ~}, {@code -}, {@code ↻}). */
        public List<String> changeLines() {
            return out.lines().filter(l -> l.matches("  [+~\\-↻] .*")).toList();
        }

        @Override
        public String toString() {
            return "exit " + exit + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }

    private Cli() {}

    public static Result run(String... args) {
        return run(Map.of(), args);
    }

    /** Runs with {@code env} as the environment secrets are read from. */
    public static Result run(Map<String, String> env, String... args) {
        return run(env, Engine.Hooks.NONE, args);
    }

    /** Runs with engine hooks, for tests that inject faults mid-run. */
    public static Result run(Map<String, String> env, Engine.Hooks hooks, String... args) {
        return run(env, hooks, Kinds.builtIn(), args);
    }

    /** Runs with the resource kinds {@code kinds} (a kind that lives only in the tests). */
    public static Result run(Map<String, String> env, Engine.Hooks hooks, Kinds kinds, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        var cl = Main.commandLine(env, hooks, kinds);
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute(args);
        return new Result(code, out.toString(), err.toString());
    }
}
