package dev.plumb.cli;

import static dev.plumb.model.Printable.line;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

import dev.plumb.config.InventoryLoader;
import dev.plumb.config.Loaded;
import dev.plumb.inventory.Host;
import dev.plumb.inventory.Inventory;
import dev.plumb.inventory.Shard;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Lists the hosts an inventory resolves to. */
@Command(name = "hosts", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "List the hosts of an inventory with their address, groups and resolved vars.",
            "",
            "Use --limit to see which hosts a pattern selects before running a plan with it:",
            "  plumb hosts -i inventory/production.yml --limit 'web:!web2'",
            "and --shard to see which hosts a shard of a CI matrix runs:",
            "  plumb hosts -i inventory/production.yml --shard 2/4",
        })
final class HostsCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = {"-i", "--inventory"}, required = true, paramLabel = "INVENTORY",
            description = "Inventory file.")
    Path inventory;

    @Option(names = "--limit", paramLabel = "PATTERN", description = "Only hosts matching this pattern.")
    Optional<String> limit = Optional.empty();

    @Option(names = "--shard", paramLabel = "I/N", converter = ShardOption.class,
            description = "Only the hosts of shard I of N (1/4 to 4/4), as plan, apply, drift and verify split them.")
    Shard shard = Shard.all();

    @Override
    public Integer call() {
        var out = Output.out(spec);
        var err = Output.err(spec);
        if (!Files.isRegularFile(inventory)) {
            err.println("error: " + inventory + ": no such file");
            err.flush();
            return ExitCode.ERROR;
        }
        Loaded<Inventory> loaded = InventoryLoader.load(inventory);
        if (!loaded.ok()) {
            Loading.report(loaded.diagnostics(), err);
            return ExitCode.ERROR;
        }
        Inventory inv = loaded.value().orElseThrow();
        Inventory.Selection sel = inv.select(limit.orElse(Inventory.ALL));
        if (!sel.problems().isEmpty()) {
            Loading.report(sel.problems(), err);
            return ExitCode.ERROR;
        }
        List<Host> hosts = shard.select(sel.hosts(), Host::name);
        for (Host h : hosts) {
            String user = h.user().or(() -> inv.ssh().user()).orElse("(current user)");
            out.printf("%s  %s@%s:%d%n", line(h.name()), line(user), line(h.sshHost()), h.port());
            out.printf("    groups: %s%n", line(String.join(", ", inv.groupsOf(h.name()))));
            Map<String, Object> vars = inv.varsFor(h);
            vars.forEach((k, v) -> out.printf("    %s: %s%n", line(k), line(String.valueOf(v))));
        }
        out.printf("%d host%s%s.%n", hosts.size(), hosts.size() == 1 ? "" : "s",
                shard.count() == 1 ? "" : " in shard " + shard + " (of " + sel.hosts().size() + ")");
        out.flush();
        return ExitCode.OK;
    }
}
