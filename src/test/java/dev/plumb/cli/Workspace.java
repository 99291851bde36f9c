package dev.plumb.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import dev.plumb.engine.Engine;
import dev.plumb.resource.Kinds;
import dev.plumb.lab.Lab;
import dev.plumb.lab.LabHost;

/**
 * A scratch directory holding an inventory of lab hosts and playbooks written by a test, with
 * shortcuts to run plumb against them. Commands run quietly (no progress display).
 */
public final class Workspace {
    private final Lab lab;
    private final Path dir;
    private final Map<String, String> env = new HashMap<>();
    private Path inventory;
    private Path playbook;
    private Engine.Hooks hooks = Engine.Hooks.NONE;
    private Kinds kinds = Kinds.builtIn();

    public Workspace(Lab lab, Path dir) {
        this.lab = lab;
        this.dir = dir;
        this.playbook = dir.resolve("playbook.yml");
        inventory(List.of(lab.hosts().toArray(LabHost[]::new)), "root", "none", lab.knownHosts());
    }

    public Path dir() {
        return dir;
    }

    public Path inventoryFile() {
        return inventory;
    }

    /** Engine hooks for the following commands (fault injection). */
    public Workspace hooks(Engine.Hooks h) {
        hooks = h;
        return this;
    }

    /** The resource kinds for the following commands. */
    public Workspace kinds(Kinds k) {
        kinds = k;
        return this;
    }

    public Workspace env(String name, String value) {
        env.put(name, value);
        return this;
    }

    /**
     * Rewrites the inventory: these hosts, this login user and become mode, this known_hosts; every
     * host is in group {@code web}.
     */
    public Workspace inventory(List<LabHost> hosts, String user, String become, Path knownHosts) {
        return inventory(hosts, user, become, knownHosts, Map.of("web", hosts));
    }

    /** Rewrites the inventory as {@link #inventory(List, String, String, Path)}, with these groups. */
    public Workspace inventory(List<LabHost> hosts, String user, String become, Path knownHosts,
                               Map<String, List<LabHost>> groups) {
        String hostLines = hosts.stream()
                .map(h -> "  " + h.name() + ": " + h.inventoryEntry())
                .collect(Collectors.joining("\n"));
        String groupLines = groups.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .map(g -> "  " + g.getKey() + ": [" + g.getValue().stream().map(LabHost::name)
                        .collect(Collectors.joining(", ")) + "]")
                .collect(Collectors.joining("\n"));
        String yaml = """
                ssh:
                  user: %s
                  identity: %s
                  known_hosts: %s
                  become: %s
                hosts:
                %s
                groups:
                %s
                """.formatted(user, lab.privateKey(), knownHosts, become, hostLines, groupLines);
        inventory = write("inventory.yml", yaml);
        return this;
    }

    /** Writes {@code text} to a file under the workspace, creating parents. */
    public Path write(String name, String text) {
        try {
            Path p = dir.resolve(name);
            Files.createDirectories(p.getParent());
            Files.writeString(p, text);
            return p;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Copies the directory tree {@code source} to {@code name} under the workspace. */
    public Path copy(Path source, String name) {
        Path target = dir.resolve(name);
        try (Stream<Path> files = Files.walk(source)) {
            for (Path p : files.toList()) {
                Path to = target.resolve(source.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(p, to);
                }
            }
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes the playbook {@code playbook.yml} and runs the following commands with it. */
    public Path playbook(String yaml) {
        playbook = write("playbook.yml", yaml);
        return playbook;
    }

    /** Runs the following commands with this playbook instead (one of the project's, say). */
    public Workspace usePlaybook(Path file) {
        playbook = file;
        return this;
    }

    public Cli.Result plumb(String command, String... more) {
        String[] args = new String[more.length + 5];
        args[0] = command;
        args[1] = playbook.toString();
        args[2] = "-i";
        args[3] = inventory.toString();
        args[4] = "-q";
        System.arraycopy(more, 0, args, 5, more.length);
        return Cli.run(env, hooks, kinds, args);
    }

    /** Applies and asserts success, then asserts the next plan is empty. */
    public Cli.Result converge(String... more) {
        Cli.Result apply = plumb("apply", more);
        assertThat(apply.exit()).as("apply: %s", apply).isZero();
        Cli.Result plan = plumb("plan", more);
        assertThat(plan.exit()).as("plan after apply must be empty: %s", plan).isZero();
        assertThat(plan.out()).contains("Plan: 0 to create, 0 to update, 0 to delete, 0 restarts");
        return apply;
    }
}
