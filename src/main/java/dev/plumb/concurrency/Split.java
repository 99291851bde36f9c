package dev.plumb.concurrency;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.ToIntFunction;

/**
 * Whether the order the plays ask for survives splitting their hosts among independent runs
 * (shards), which cannot wait for one another. The rule: two plays linked by {@code after:}
 * must have all their hosts (of those selected) in one shard, and so must the hosts of a play
 * with {@code serial:}, whose batches are counted over all its hosts. Pure.
 */
public final class Split {
    private Split() {}

    /**
     * An order that would cross shards.
     *
     * @param plays   the play and, for an {@code after:} link, the play it runs after
     * @param byShard the hosts concerned, by shard number
     */
    public record Crossing(List<String> plays, boolean serial, Map<Integer, List<String>> byShard) {
        public Crossing {
            plays = List.copyOf(plays);
            byShard = Map.copyOf(new TreeMap<>(byShard));
        }

        /** Every host concerned, by shard then inventory order. */
        public List<String> hosts() {
            return new TreeMap<>(byShard).values().stream().flatMap(List::stream).toList();
        }
    }

    /** Every crossing of {@code plays} (over all selected hosts) when each host goes to {@code shardOf}. */
    public static List<Crossing> crossings(List<Schedule.PlayOrder> plays, ToIntFunction<String> shardOf) {
        List<Crossing> out = new ArrayList<>();
        for (Schedule.PlayOrder play : plays) {
            for (String dep : play.after()) {
                for (Schedule.PlayOrder before : plays) {
                    if (before.name().equals(dep) && !play.hosts().isEmpty() && !before.hosts().isEmpty()) {
                        Set<String> hosts = new LinkedHashSet<>(before.hosts());
                        hosts.addAll(play.hosts());
                        spread(hosts, shardOf).ifPresent(m -> out.add(new Crossing(List.of(play.name(), dep), false, m)));
                    }
                }
            }
            if (play.batchSize().isPresent() && play.batchSize().get() < play.hosts().size()) {
                spread(new LinkedHashSet<>(play.hosts()), shardOf)
                        .ifPresent(m -> out.add(new Crossing(List.of(play.name()), true, m)));
            }
        }
        return List.copyOf(out);
    }

    private static Optional<Map<Integer, List<String>>> spread(Set<String> hosts, ToIntFunction<String> shardOf) {
        Map<Integer, List<String>> by = new TreeMap<>();
        hosts.forEach(h -> by.computeIfAbsent(shardOf.applyAsInt(h), k -> new ArrayList<>()).add(h));
        return by.size() > 1 ? Optional.of(by) : Optional.empty();
    }
}
