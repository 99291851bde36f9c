package dev.plumb.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

import dev.plumb.config.Desired;
import dev.plumb.io.SourceTree;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** Checks a playbook and inventory without contacting any host. */
@Command(name = "validate", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Check a playbook and its inventory without contacting any host.",
            "",
            "Reports every problem in every file in one run, each as file:line:col with a hint:",
            "unknown keys (with 'did you mean'), wrong types, duplicate keys or resources, unknown",
            "hosts, groups or $${...} references, missing secrets, invalid modes and names.",
            "Exits 0 when the files are valid, 1 otherwise.",
        })
final class ValidateCommand implements Callable<Integer> {
    @CommandLine.ParentCommand
    Main main;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    Inputs inputs;

    @Override
    public Integer call() {
        var out = Output.out(spec);
        var err = Output.err(spec);
        var tree = Loading.tree(inputs, err);
        if (tree.isEmpty()) {
            return ExitCode.ERROR;
        }
        try (SourceTree from = tree.get()) {
            return validate(from, out, err);
        }
    }

    private int validate(SourceTree from, PrintWriter out, PrintWriter err) {
        var kinds = Loading.kinds(inputs, main.kinds(), from, err);
        if (kinds.isEmpty()) {
            return ExitCode.ERROR;
        }
        var loaded = Loading.load(inputs, main.env(), kinds.get(), from, true, err);
        if (loaded.isEmpty()) {
            return ExitCode.ERROR;
        }
        Desired d = loaded.get();
        var hosts = Loading.selected(d, inputs, true, err);
        if (hosts.isEmpty()) {
            return ExitCode.ERROR;
        }
        long resources = hosts.get().stream().mapToLong(h -> h.resources().size()).sum();
        out.printf("%s%s is valid: %d play%s, %d host%s, %d resource%s.%n", inputs.playbook,
                from.revision().map(r -> " at " + r).orElse(""), d.plays().size(), d.plays().size() == 1 ? "" : "s",
                hosts.get().size(), hosts.get().size() == 1 ? "" : "s",
                resources, resources == 1 ? "" : "s");
        out.flush();
        return ExitCode.OK;
    }
}
