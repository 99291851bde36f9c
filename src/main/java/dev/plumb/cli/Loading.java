package dev.plumb.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import dev.plumb.config.Config;
import dev.plumb.concurrency.Schedule;
import dev.plumb.concurrency.Split;
import dev.plumb.config.Desired;
import dev.plumb.config.HostDesired;
import dev.plumb.config.Loaded;
import dev.plumb.config.Play;
import dev.plumb.engine.HostInput;
import dev.plumb.git.GitException;
import dev.plumb.git.Repo;
import dev.plumb.git.RevisionFiles;
import dev.plumb.inventory.Host;
import dev.plumb.inventory.Inventory;
import dev.plumb.inventory.Shard;
import dev.plumb.inventory.SshSettings;
import dev.plumb.io.SourceTree;
import dev.plumb.model.Diagnostic;
import dev.plumb.model.Printable;
import dev.plumb.resource.Kinds;
import dev.plumb.transport.ssh.SshTarget;

/** Loads desired state for a command and reports every problem in it. */
final class Loading {
    private Loading() {}

    /**
     * Where the inputs are read from: the file system, or with {@code --rev} that commit of the
     * repository holding the playbook (the caller closes it). Empty after the problem was printed.
     */
    static Optional<SourceTree> tree(Inputs in, PrintWriter err) {
        if (in.rev.isEmpty()) {
            return Optional.of(SourceTree.DISK);
        }
        String rev = in.rev.get();
        try {
            Optional<Repo> repo = Repo.find(in.playbook);
            if (repo.isEmpty()) {
                err.println("error: --rev " + Printable.line(rev) + ": " + in.playbook + " is not in a git repository");
                err.println("  hint: run plumb inside the repository (a work tree or a bare one) that holds the playbook");
                err.flush();
                return Optional.empty();
            }
            return Optional.of(RevisionFiles.open(repo.get(), rev));
        } catch (GitException e) {
            err.println("error: --rev " + Printable.line(rev) + ": " + e.getMessage());
            err.flush();
            return Optional.empty();
        }
    }

    /**
     * {@code builtIn} and the modules found for {@code playbook}: in {@code modules/} beside it,
     * in {@code modules/} of the directory above it, and in each of {@code extra} (which must
     * exist), read from {@code tree}. Empty after every problem in them was printed.
     */
    static Optional<Kinds> kinds(Optional<Path> playbook, List<Path> extra, Kinds builtIn, SourceTree tree,
                                 PrintWriter err) {
        List<Path> dirs = new ArrayList<>();
        playbook.map(p -> p.toAbsolutePath().normalize().getParent()).ifPresent(dir -> {
            dirs.add(dir.resolve("modules"));
            Optional.ofNullable(dir.getParent()).map(d -> d.resolve("modules")).ifPresent(dirs::add);
        });
        if (playbook.isEmpty()) {
            dirs.add(Path.of("modules").toAbsolutePath());
        }
        Loaded<Kinds> loaded = Config.modules(builtIn, dirs, extra.stream().map(p -> p.toAbsolutePath().normalize())
                .toList(), tree);
        if (!loaded.ok()) {
            report(loaded.diagnostics(), err);
            return Optional.empty();
        }
        return loaded.value();
    }

    /** {@link #kinds(Optional, List, Kinds, SourceTree, PrintWriter)} for a command's inputs. */
    static Optional<Kinds> kinds(Inputs in, Kinds builtIn, SourceTree tree, PrintWriter err) {
        return kinds(Optional.ofNullable(in.playbook), in.modules, builtIn, tree, err);
    }

    /**
     * The desired state read from {@code tree}, or empty after printing every diagnostic to
     * {@code err} (a missing or unreadable playbook or inventory among them).
     */
    static Optional<Desired> load(Inputs in, Map<String, String> env, Kinds kinds, SourceTree tree, PrintWriter err) {
        return load(in, env, kinds, tree, false, err);
    }

    /** As {@link #load(Inputs, Map, Kinds, SourceTree, PrintWriter)}; with {@code warn}, warnings are told too. */
    static Optional<Desired> load(Inputs in, Map<String, String> env, Kinds kinds, SourceTree tree, boolean warn,
                                  PrintWriter err) {
        if (in.inventory == null) {
            err.println("error: missing -i INVENTORY");
            err.println("  hint: name the inventory, e.g. -i inventory/production.yml");
            err.flush();
            return Optional.empty();
        }
        Loaded<Desired> loaded = Config.load(in.playbook, in.inventory, env, kinds.readers(), tree);
        if (!loaded.ok()) {
            tree.revision().ifPresent(r -> err.println("note: the files were read from " + r + ", not the work tree"));
            report(loaded.diagnostics(), err);
            return Optional.empty();
        }
        if (warn) {
            loaded.warnings().forEach(d -> err.println(d.render()));
            err.flush();
        }
        return loaded.value();
    }

    static void report(List<Diagnostic> diagnostics, PrintWriter err) {
        diagnostics.forEach(d -> err.println(d.render()));
        err.println(diagnostics.size() + (diagnostics.size() == 1 ? " problem" : " problems") + " found.");
        err.flush();
    }

    /**
     * The hosts the command works on: those the playbook selects, narrowed by --limit, then to
     * --shard's part of them. Empty after the problem was printed, among them, when the command
     * is {@code ordered}, an order of the plays (after:, serial:) that the shards would cross.
     */
    static Optional<List<HostDesired>> selected(Desired desired, Inputs in, boolean ordered, PrintWriter err) {
        Optional<List<HostDesired>> limited = limited(desired, in.limit, err);
        if (limited.isEmpty() || in.shard.count() == 1) {
            return limited;
        }
        Shard shard = in.shard;
        List<Split.Crossing> crossings = !ordered ? List.of()
                : Split.crossings(playOrders(desired, limited.get()), h -> Shard.of(h, shard.count()));
        if (!crossings.isEmpty()) {
            crossings.forEach(c -> err.println("error: --shard " + shard + ": " + crossing(c, shard.count())));
            Set<String> hosts = new LinkedHashSet<>();
            crossings.forEach(c -> hosts.addAll(c.hosts()));
            String names = Printable.line(String.join(":", hosts));
            String others = Printable.line(hosts.stream().map(h -> "!" + h).collect(Collectors.joining(":")));
            err.println("  hint: shards run independently and cannot wait for one another: apply these hosts in"
                    + " one run without --shard (--limit '" + names + "'), and shard the others (--limit '"
                    + in.limit.map(l -> Printable.line(l) + ":").orElse("") + others + "' --shard " + shard + ")");
            err.flush();
            return Optional.empty();
        }
        return Optional.of(shard.select(limited.get(), h -> h.host().name()));
    }

    private static String crossing(Split.Crossing c, int count) {
        String where = c.byShard().entrySet().stream().sorted(Map.Entry.comparingByKey())
                .map(e -> "shard " + e.getKey() + "/" + count + ": " + String.join(", ", e.getValue()))
                .collect(Collectors.joining("; "));
        String what = c.serial()
                ? "play '" + c.plays().get(0) + "' has serial:, whose batches span all its hosts"
                : "play '" + c.plays().get(0) + "' runs after play '" + c.plays().get(1) + "'";
        return Printable.line(what + ", but their hosts fall in different shards (" + where + ")");
    }

    /** The hosts the playbook selects, narrowed by --limit. */
    static Optional<List<HostDesired>> limited(Desired desired, Optional<String> limit, PrintWriter err) {
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
        return Schedule.of(playOrders(desired, hosts));
    }

    /** Each play with the hosts it selects among {@code hosts}. */
    private static List<Schedule.PlayOrder> playOrders(Desired desired, List<HostDesired> hosts) {
        List<Schedule.PlayOrder> plays = new ArrayList<>();
        for (Play p : desired.plays()) {
            List<String> of = hosts.stream()
                    .filter(h -> h.plays().stream().anyMatch(hp -> hp.play().index() == p.index()))
                    .map(h -> h.host().name()).toList();
            plays.add(new Schedule.PlayOrder(p.name(), p.after(), of, p.serial().map(s -> s.batchSize(of.size()))));
        }
        return plays;
    }

    static SshTarget target(Inventory inv, Host host, ConnectOptions run, Map<String, String> env) {
        SshSettings ssh = inv.ssh();
        String user = host.user().or(ssh::user).orElse(System.getProperty("user.name"));
        Optional<Path> agent = Optional.ofNullable(env.get("SSH_AUTH_SOCK")).filter(s -> !s.isBlank()).map(Path::of);
        return new SshTarget(host.name(), host.sshHost(), host.port(), user, ssh.identity(), agent, ssh.knownHosts(),
                run.acceptNewHostKeys, ssh.become() == SshSettings.Become.SUDO,
                Duration.ofSeconds(Math.max(1, run.connectTimeout)));
    }
}
