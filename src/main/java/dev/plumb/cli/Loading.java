package dev.plumb.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import dev.plumb.config.Config;
import dev.plumb.concurrency.Schedule;
import dev.plumb.config.Desired;
import dev.plumb.config.HostDesired;
import dev.plumb.config.Loaded;
import dev.plumb.config.Play;
import dev.plumb.engine.HostInput;
import dev.plumb.inventory.Host;
import dev.plumb.inventory.Inventory;
import dev.plumb.inventory.SshSettings;
import dev.plumb.model.Diagnostic;
import dev.plumb.resource.Kinds;
import dev.plumb.transport.ssh.SshTarget;

/** Loads desired state for a command and reports every problem in it. */
final class Loading {
    private Loading() {}

    /**
     * The loaded desired state, or empty after printing every diagnostic to {@code err} (a
     * missing or unreadable playbook or inventory among them).
     */
    static Optional<Desired> load(Inputs in, Map<String, String> env, Kinds kinds, PrintWriter err) {
        if (in.inventory == null) {
            err.println("error: missing -i INVENTORY");
            err.println("  hint: name the inventory, e.g. -i inventory/production.yml");
            err.flush();
            return Optional.empty();
        }
        Loaded<Desired> loaded = Config.load(in.playbook, in.inventory, env, kinds.readers());
        if (!loaded.ok()) {
            report(loaded.diagnostics(), err);
            return Optional.empty();
        }
        return loaded.value();
    }

    static void report(List<Diagnostic> diagnostics, PrintWriter err) {
        diagnostics.forEach(d -> err.println(d.render()));
        err.println(diagnostics.size() + (diagnostics.size() == 1 ? " problem" : " problems") + " found.");
        err.flush();
    }

    /** The hosts the command works on: those the playbook selects, narrowed by --limit. */
    static Optional<List<HostDesired>> selected(Desired desired, Optional<String> limit, PrintWriter err) {
        if (limit.isEmpty()) {
            return Optional.of(desired.hosts());
        }
        Inventory.Selection sel = desired.inventory().select(limit.get());
        if (!sel.problems().isEmpty()) {
            report(sel.problems(), err);
            return Optional.empty();
        }
        Set<String> names = sel.hosts().stream().map(Host::name).collect(Collectors.toSet());
        return Optional.of(desired.hosts().stream().filter(h -> names.contains(h.host().name())).toList());
    }

    static List<HostInput> inputs(Desired desired, List<HostDesired> hosts, RunOptions run, Map<String, String> env) {
        return hosts.stream().map(h -> new HostInput(h.host().name(), target(desired.inventory(), h.host(), run, env),
                h.resources(), h.locations())).toList();
    }

    /** The apply order the plays ask for, over the selected hosts. */
    static Schedule schedule(Desired desired, List<HostDesired> hosts) {
        List<Schedule.PlayOrder> plays = new ArrayList<>();
        for (Play p : desired.plays()) {
            List<String> of = hosts.stream()
                    .filter(h -> h.plays().stream().anyMatch(hp -> hp.play().index() == p.index()))
                    .map(h -> h.host().name()).toList();
            plays.add(new Schedule.PlayOrder(p.name(), p.after(), of, p.serial().map(s -> s.batchSize(of.size()))));
        }
        return Schedule.of(plays);
    }

    static SshTarget target(Inventory inv, Host host, RunOptions run, Map<String, String> env) {
        SshSettings ssh = inv.ssh();
        String user = host.user().or(ssh::user).orElse(System.getProperty("user.name"));
        Optional<Path> agent = Optional.ofNullable(env.get("SSH_AUTH_SOCK")).filter(s -> !s.isBlank()).map(Path::of);
        return new SshTarget(host.name(), host.address(), host.port(), user, ssh.identity(), agent, ssh.knownHosts(),
                run.acceptNewHostKeys, ssh.become() == SshSettings.Become.SUDO,
                Duration.ofSeconds(Math.max(1, run.connectTimeout)));
    }
}
