package dev.plumb.cli;

import java.io.PrintWriter;
import java.util.Optional;
import java.util.concurrent.Callable;

import dev.plumb.io.SourceTree;
import dev.plumb.model.Keyed;

import picocli.CommandLine;
import picocli.CommandLine.Mixin;

/**
 * The shape of plan, apply and drift: read the plan key, load and select hosts from PLAYBOOK and
 * INVENTORY (every problem reported, exit 1), then {@link #execute} against them.
 */
abstract class RunCommand implements Callable<Integer> {
    @CommandLine.ParentCommand
    Main main;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    Inputs inputs;

    @Mixin
    RunOptions options;

    @Override
    public Integer call() throws Exception {
        Optional<Keyed> key = Run.key(main, Output.err(spec));
        return key.isEmpty() ? ExitCode.ERROR : call(key.get());
    }

    /** Loads under the plan key {@code key}, then executes. */
    Integer call(Keyed key) throws Exception {
        PrintWriter out = Output.out(spec);
        PrintWriter err = Output.err(spec);
        var tree = Loading.tree(inputs, err);
        if (tree.isEmpty()) {
            return ExitCode.ERROR;
        }
        try (SourceTree from = tree.get()) {
            var prepared = Run.prepare(inputs, options, main, key, from, ordered(), err);
            if (prepared.isEmpty()) {
                return ExitCode.ERROR;
            }
            int code = execute(prepared.get(), out, err);
            out.flush();
            err.flush();
            return code;
        }
    }

    /**
     * Whether the command keeps the order of the plays (after:, serial:), so that --shard must
     * not split it: apply, and plan, whose saved plan apply takes. Drift and verify only read.
     */
    boolean ordered() {
        return true;
    }

    /** Does the command's work; returns its exit code. */
    abstract int execute(Run run, PrintWriter out, PrintWriter err) throws Exception;
}
