package dev.plumb.imports;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.plumb.config.PlaybookWriter;
import dev.plumb.inventory.Host;
import dev.plumb.inventory.Inventory;
import dev.plumb.model.PlainValues;
import dev.plumb.resource.Imported;
import dev.plumb.resource.ImportedSecret;

/**
 * Per-host imports made into one playbook. For each kind, hosts whose values (and secrets) are
 * equal share them; kinds shared by the same hosts share a play, whose {@code hosts:} is an
 * inventory group with exactly those hosts when there is one, else their names. A secret name
 * that stands for different values on different hosts is split per host ({@code NAME_HOST}).
 * Plays follow the inventory's host order; kinds, the order asked for.
 */
public final class ImportDocument {
    /** The playbook text, the secrets it asks for, and what the operator should know. */
    public record Result(String text, List<PlaybookWriter.Secret> secrets, int plays, List<String> notes) {
        public Result {
            secrets = List.copyOf(secrets);
            notes = List.copyOf(notes);
        }
    }

    private ImportDocument() {
    }

    /**
     * @param imports host → kind key → its import, hosts in any order, keys in the order asked for;
     *                every import free of problems
     */
    public static Result build(Inventory inventory, Map<String, Map<String, Imported>> imports, List<String> header) {
        List<String> hostOrder = inventory.hosts().keySet().stream().filter(imports::containsKey).toList();
        Map<String, Map<String, Imported>> named = Secrets.split(hostOrder, imports);
        List<String> keys = new ArrayList<>();
        named.values().forEach(m -> m.keySet().forEach(k -> {
            if (!keys.contains(k)) {
                keys.add(k);
            }
        }));
        // kind key → its distinct values, each with the hosts that have it
        Map<Set<String>, Map<String, Object>> plays = new LinkedHashMap<>();
        for (String key : keys) {
            Map<Signature, Set<String>> byValue = new LinkedHashMap<>();
            for (String host : hostOrder) {
                Imported i = named.get(host).get(key);
                if (i != null && !isEmpty(i.value())) {
                    byValue.computeIfAbsent(Signature.of(i), s -> new LinkedHashSet<>()).add(host);
                }
            }
            byValue.forEach((sig, hosts) -> plays.computeIfAbsent(hosts, h -> new LinkedHashMap<>())
                    .put(key, sig.value()));
        }
        List<Set<String>> order = new ArrayList<>(plays.keySet());
        order.sort((a, b) -> Integer.compare(hostOrder.indexOf(a.iterator().next()), hostOrder.indexOf(b.iterator().next())));
        List<PlaybookWriter.PlayText> out = new ArrayList<>();
        for (Set<String> hosts : order) {
            out.add(new PlaybookWriter.PlayText(pattern(inventory, hosts), plays.get(hosts)));
        }
        List<PlaybookWriter.Secret> secrets = Secrets.entries(hostOrder, named);
        List<String> notes = new ArrayList<>();
        for (String host : hostOrder) {
            named.get(host).values().forEach(i -> i.notes().forEach(n -> notes.add(host + ": " + n)));
        }
        return new Result(PlaybookWriter.write(header, secrets, out), secrets, out.size(), notes);
    }

    /** An inventory group holding exactly {@code hosts}, else {@code all} when every host, else the names joined by {@code ,}. */
    static String pattern(Inventory inventory, Set<String> hosts) {
        for (String group : inventory.groups().keySet()) {
            if (names(inventory, group).equals(hosts)) {
                return group;
            }
        }
        return hosts.size() > 1 && inventory.hosts().keySet().equals(hosts) ? Inventory.ALL : String.join(",", hosts);
    }

    private static Set<String> names(Inventory inventory, String pattern) {
        Set<String> out = new LinkedHashSet<>();
        inventory.select(pattern).hosts().stream().map(Host::name).forEach(out::add);
        return out;
    }

    private static boolean isEmpty(Object value) {
        return value instanceof Map<?, ?> m && m.isEmpty() || value instanceof List<?> l && l.isEmpty();
    }

    /**
     * What makes two hosts' imports of a kind the same: equal values (integers compared as
     * Longs) and equal secrets.
     */
    private record Signature(Object value, Set<ImportedSecret> secrets) {
        static Signature of(Imported i) {
            return new Signature(PlainValues.normal(i.value()), Set.copyOf(i.secrets()));
        }
    }
}
