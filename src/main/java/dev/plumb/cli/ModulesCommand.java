package dev.plumb.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

import dev.plumb.io.SourceTree;
import dev.plumb.resource.Kind;
import dev.plumb.resource.Kinds;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Lists the modules (user-defined resource kinds) a playbook would see, with their schemas. */
@Command(name = "modules", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "List the modules found, with their key schemas. Contacts no host.",
            "",
            "A module is a resource kind written in YAML, one file per kind: modules/NAME.yml declares",
            "its keys (type, required, default, allowed values, pattern, secret, identity) and shell",
            "snippets that read, create, update and delete one object. A playbook uses it as a key",
            "under a play, like files: or services:, and it plans, applies and drifts like them.",
            "",
            "Modules are found in modules/ beside PLAYBOOK, in modules/ of the directory above it",
            "(a project with playbooks/ and modules/ side by side), and in each --modules DIR;",
            "without PLAYBOOK, in ./modules. Every problem in every module file is reported with",
            "file:line:col. See 'Writing a module' in the README.",
            "Exits 0 when every module file is valid, 1 otherwise.",
        })
final class ModulesCommand implements Callable<Integer> {
    @CommandLine.ParentCommand
    Main main;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "PLAYBOOK",
            description = "Look for modules beside this playbook (default: ./modules).")
    Optional<Path> playbook = Optional.empty();

    @Option(names = "--modules", paramLabel = "DIR", description = "Also load the module files (*.yml) in DIR. Repeatable.")
    List<Path> modules = new ArrayList<>();

    @Override
    public Integer call() {
        PrintWriter out = Output.out(spec);
        PrintWriter err = Output.err(spec);
        Optional<Kinds> kinds = Loading.kinds(playbook, modules, main.kinds(), SourceTree.DISK, err);
        if (kinds.isEmpty()) {
            return ExitCode.ERROR;
        }
        List<String> schemas = kinds.get().all().stream().map(Kind::schema).flatMap(Optional::stream).toList();
        if (schemas.isEmpty()) {
            out.println("No modules found" + playbook.map(p -> " for " + p).orElse(" in ./modules") + ".");
        } else {
            out.println(schemas.size() + " module" + (schemas.size() == 1 ? "" : "s") + ":");
            schemas.forEach(s -> out.print("\n" + s));
        }
        out.flush();
        return ExitCode.OK;
    }
}
