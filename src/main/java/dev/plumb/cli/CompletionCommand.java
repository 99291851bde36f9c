package dev.plumb.cli;

import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Prints a bash completion script for plumb. */
@Command(
        name = "completion",
        mixinStandardHelpOptions = true,
        description = {
            "Print a bash completion script for plumb.",
            "",
            "Load it into the current shell:   source <(plumb completion)",
            "Install it for every shell:       plumb completion > /etc/bash_completion.d/plumb",
        })
final class CompletionCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        CommandLine root = spec.root().commandLine();
        spec.commandLine().getOut().print(AutoComplete.bash("plumb", root));
        spec.commandLine().getOut().flush();
    }
}
