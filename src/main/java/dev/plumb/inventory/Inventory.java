package dev.plumb.inventory;

import dev.plumb.model.Diagnostic;
import dev.plumb.model.Frozen;
import dev.plumb.model.Suggest;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The hosts plumb manages, in file order, with their groups and variables. Every host is also
 * in the implicit group {@code all}. Groups list host names that exist in {@code hosts}; no
 * host shares a name with a group (the loader reports both as errors).
 */
public record Inventory(Path source, SshSettings ssh, Map<String, Host> hosts, Map<String, List<String>> groups,
                        Map<String, Object> vars, Map<String, Map<String, Object>> groupVars) {

    public static final String ALL = "all";

    /** The hosts a pattern selects, in inventory order, and what was wrong with the pattern. */
    public record Selection(List<Host> hosts, List<Diagnostic> problems) {
        public Selection {
            hosts = List.copyOf(hosts);
            problems = List.copyOf(problems);
        }
    }

    public Inventory {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(ssh, "ssh");
        hosts = Frozen.map(hosts);
        Map<String, List<String>> g = new LinkedHashMap<>();
        groups.forEach((k, v) -> g.put(k, List.copyOf(v)));
        groups = Frozen.map(g);
        vars = Frozen.map(vars);
        Map<String, Map<String, Object>> gv = new LinkedHashMap<>();
        groupVars.forEach((k, v) -> gv.put(k, Frozen.map(v)));
        groupVars = Frozen.map(gv);
    }

    public Optional<Host> host(String name) {
        return Optional.ofNullable(hosts.get(name));
    }

    /** The groups {@code host} is a member of, in file order, without {@code all}. */
    public List<String> groupsOf(String host) {
        return groups.entrySet().stream().filter(e -> e.getValue().contains(host)).map(Map.Entry::getKey).toList();
    }

    /**
     * The variables visible to {@code host}, lowest precedence first: inventory {@code vars},
     * {@code group_vars.all}, the vars of each of its groups in file order (a later group wins),
     * then the host's own vars. A key set at a higher level replaces the whole value below it
     * (no deep merge). Play vars go on top of this; the playbook loader adds them.
     */
    public Map<String, Object> varsFor(Host host) {
        Map<String, Object> out = new LinkedHashMap<>(vars);
        Stream.concat(Stream.of(ALL), groupsOf(host.name()).stream())
                .map(groupVars::get)
                .filter(Objects::nonNull)
                .forEach(out::putAll);
        out.putAll(host.vars());
        return Frozen.map(out);
    }

    /** Parses and evaluates {@code pattern}; a syntax error is reported as a problem. */
    public Selection select(String pattern) {
        try {
            return select(HostPattern.parse(pattern));
        } catch (IllegalArgumentException e) {
            return new Selection(List.of(), List.of(Diagnostic.of(e.getMessage(),
                    "write a host, a group, or names joined by ':' such as web:!web2 or web:&eu")));
        }
    }

    /** Evaluates {@code pattern} (see {@link HostPattern} for the rules). */
    public Selection select(HostPattern pattern) {
        List<Diagnostic> problems = new ArrayList<>();
        Set<String> chosen = new LinkedHashSet<>();
        List<HostPattern.Term> unions = pattern.terms().stream().filter(t -> t.op() == HostPattern.Op.UNION).toList();
        if (unions.isEmpty()) {
            chosen.addAll(hosts.keySet());
        }
        unions.forEach(t -> chosen.addAll(resolve(t, problems)));
        for (HostPattern.Term t : pattern.terms()) {
            if (t.op() == HostPattern.Op.INTERSECT) {
                chosen.retainAll(resolve(t, problems));
            }
        }
        for (HostPattern.Term t : pattern.terms()) {
            if (t.op() == HostPattern.Op.EXCLUDE) {
                chosen.removeAll(resolve(t, problems));
            }
        }
        return new Selection(hosts.values().stream().filter(h -> chosen.contains(h.name())).toList(), problems);
    }

    private Set<String> resolve(HostPattern.Term term, List<Diagnostic> problems) {
        String name = term.name();
        if (name.equals(ALL) || name.equals("*")) {
            return hosts.keySet();
        }
        Set<String> out = new LinkedHashSet<>();
        if (term.isGlob()) {
            hosts.keySet().stream().filter(term::matches).forEach(out::add);
            groups.forEach((g, members) -> {
                if (term.matches(g)) {
                    out.addAll(members);
                }
            });
            if (out.isEmpty() && hosts.keySet().stream().noneMatch(term::matches)
                    && groups.keySet().stream().noneMatch(term::matches)) {
                problems.add(Diagnostic.of("'" + name + "' matches no host or group in the inventory", null));
            }
            return out;
        }
        if (groups.containsKey(name)) {
            out.addAll(groups.get(name));
        } else if (hosts.containsKey(name)) {
            out.add(name);
        } else {
            List<String> known = new ArrayList<>(groups.keySet());
            known.addAll(hosts.keySet());
            problems.add(Diagnostic.of("unknown host or group '" + name + "'",
                    Suggest.didYouMean(name, known).orElse("known groups: " + String.join(", ", groups.keySet()))));
        }
        return out;
    }
}
