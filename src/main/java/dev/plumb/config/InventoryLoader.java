package dev.plumb.config;

import dev.plumb.inventory.Host;
import dev.plumb.inventory.Inventory;
import dev.plumb.inventory.SshSettings;
import dev.plumb.model.Redactor;
import dev.plumb.model.Suggest;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Loads an inventory file (format in DESIGN.md §3). Inventory values are literal: no
 * interpolation. Every problem is reported as a diagnostic; nothing is thrown for bad input.
 */
public final class InventoryLoader {
    private static final List<String> TOP = List.of("version", "ssh", "hosts", "groups", "vars", "group_vars");
    private static final List<String> SSH = List.of("user", "identity", "known_hosts", "become");
    private static final List<String> HOST = List.of("address", "ssh_address", "port", "user", "vars");
    private static final String DEFAULT_KNOWN_HOSTS = "known_hosts";

    /**
     * What the playbook loader gets even from a broken inventory, to go on checking the
     * playbook. {@code usable} is false when the file could not be read as a mapping at all,
     * so unknown host names in patterns mean nothing.
     */
    record Partial(Inventory inventory, boolean usable) {
    }

    private InventoryLoader() {
    }

    public static Loaded<Inventory> load(Path file) {
        Problems problems = new Problems();
        Inventory inventory = load(file, new Sources(problems), problems).inventory();
        return Loaded.of(inventory, problems.list(Redactor.NONE));
    }

    static Partial load(Path file, Sources sources, Problems problems) {
        SshSettings defaultSsh = new SshSettings(Optional.empty(), Optional.empty(),
                file.resolveSibling(DEFAULT_KNOWN_HOSTS), SshSettings.Become.NONE);
        Partial unusable = new Partial(new Inventory(file, defaultSsh, Map.of(), Map.of(), Map.of(), Map.of()), false);
        Optional<Doc> doc = Doc.load(file, "inventory", sources, problems);
        if (doc.isEmpty()) {
            return unusable;
        }
        Walker w = new Walker(doc.get(), problems, Optional.empty());
        Optional<Fields> top = w.map(doc.get().root, "inventory", TOP);
        if (top.isEmpty()) {
            return unusable;
        }
        Fields f = top.get();
        f.get("version").ifPresent(w::version);
        SshSettings ssh = f.get("ssh").flatMap(n -> ssh(w, n, defaultSsh)).orElse(defaultSsh);
        Map<String, Host> hosts = f.require("hosts").map(n -> hosts(w, n)).orElse(Map.of());
        Map<String, List<String>> groups = f.get("groups").map(n -> groups(w, n, hosts)).orElse(Map.of());
        Map<String, Object> vars = f.get("vars").flatMap(n -> w.vars(n, "vars")).orElse(Map.of());
        Map<String, Map<String, Object>> groupVars = f.get("group_vars").map(n -> groupVars(w, n, groups))
                .orElse(Map.of());
        return new Partial(new Inventory(file, ssh, hosts, groups, vars, groupVars), true);
    }

    private static Optional<SshSettings> ssh(Walker w, Node node, SshSettings defaults) {
        return w.map(node, "ssh", SSH).map(f -> new SshSettings(
                f.string("user", Walker::nonEmpty),
                f.path("identity"),
                f.path("known_hosts").orElse(defaults.knownHosts()),
                f.choice("become", SshSettings.Become.class).orElse(defaults.become())));
    }

    private static Map<String, Host> hosts(Walker w, Node node) {
        Map<String, Host> out = new LinkedHashMap<>();
        for (Walker.Entry e : w.entries(node, "hosts").orElse(List.of())) {
            Optional<String> name = w.check(e.keyNode(), Optional.of(e.key()), Host::checkName);
            if (name.isEmpty()) {
                continue;
            }
            if (Walker.isNull(e.value())) {
                out.put(name.get(), new Host(name.get(), name.get(), Host.DEFAULT_PORT, Optional.empty(), Map.of()));
                continue;
            }
            w.map(e.value(), "host '" + name.get() + "'", HOST).ifPresent(f -> {
                // A bad field is reported and defaulted: the host stays known while the playbook is checked.
                out.put(name.get(), new Host(name.get(), f.string("address", Walker::nonEmpty).orElse(name.get()),
                        f.string("ssh_address", Walker::nonEmpty),
                        f.valid("port", f.integer("port"), Host::checkPort).orElse(Host.DEFAULT_PORT),
                        f.string("user", Walker::nonEmpty),
                        f.get("vars").flatMap(n -> w.vars(n, "vars")).orElse(Map.of())));
            });
        }
        return out;
    }

    private static Map<String, List<String>> groups(Walker w, Node node, Map<String, Host> hosts) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (Walker.Entry e : w.entries(node, "groups").orElse(List.of())) {
            Optional<String> name = w.check(e.keyNode(), Optional.of(e.key()), Host::checkName);
            if (name.isPresent() && hosts.containsKey(name.get())) {
                w.error(e.keyNode(), "group '" + e.key() + "' has the same name as a host",
                        "rename one of them: patterns could not tell them apart");
                continue;
            }
            List<String> members = new ArrayList<>();
            Set<String> seen = new HashSet<>();
            for (Node item : w.list(e.value(), "group '" + e.key() + "'").orElse(List.of())) {
                w.string(item, "group member").ifPresent(member -> {
                    if (!hosts.containsKey(member)) {
                        w.error(item, "group '" + e.key() + "' lists unknown host '" + member + "'",
                                Suggest.didYouMean(member, hosts.keySet()).orElse("groups list hosts declared under hosts:"));
                    } else if (!seen.add(member)) {
                        w.error(item, "host '" + member + "' is listed twice in group '" + e.key() + "'", null);
                    } else {
                        members.add(member);
                    }
                });
            }
            name.ifPresent(n -> out.put(n, members));
        }
        return out;
    }

    private static Map<String, Map<String, Object>> groupVars(Walker w, Node node, Map<String, List<String>> groups) {
        Map<String, Map<String, Object>> out = new LinkedHashMap<>();
        for (Walker.Entry e : w.entries(node, "group_vars").orElse(List.of())) {
            if (!e.key().equals(Inventory.ALL) && !groups.containsKey(e.key())) {
                w.error(e.keyNode(), "group_vars for unknown group '" + e.key() + "'",
                        Suggest.didYouMean(e.key(), groups.keySet()).orElse("declare the group under groups:"));
                continue;
            }
            w.vars(e.value(), "group_vars." + e.key()).ifPresent(v -> out.put(e.key(), v));
        }
        return out;
    }
}
