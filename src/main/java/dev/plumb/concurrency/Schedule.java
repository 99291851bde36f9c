package dev.plumb.concurrency;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * When each host may be applied: after every host of the plays its plays name in
 * {@code after}, and, for a play with {@code serial}, after the whole previous batch of that
 * play. Pure: derived from the plays alone. A host whose wait ends in a failure is skipped, and
 * the reason says which play or batch it waited for.
 */
public record Schedule(Map<String, List<Wait>> waits) {

    /** Wait for {@code host}; if it did not succeed, skip with {@code why}. */
    public record Wait(String host, String why) {}

    /**
     * One play, as the schedule needs it.
     *
     * @param hosts     the hosts it selects (of those in this run), in inventory order
     * @param batchSize the {@code serial} batch size for its hosts, if it has one
     */
    public record PlayOrder(String name, List<String> after, List<String> hosts, Optional<Integer> batchSize) {}

    public Schedule {
        Map<String, List<Wait>> copy = new LinkedHashMap<>();
        waits.forEach((h, w) -> copy.put(h, List.copyOf(w)));
        waits = copy;
    }

    /** Every host at once. */
    public static Schedule none() {
        return new Schedule(Map.of());
    }

    public List<Wait> waitsOf(String host) {
        return waits.getOrDefault(host, List.of());
    }

    public static Schedule of(List<PlayOrder> plays) {
        Map<String, Set<Wait>> waits = new LinkedHashMap<>();
        for (PlayOrder play : plays) {
            for (String dep : play.after()) {
                for (PlayOrder before : plays) {
                    if (!before.name().equals(dep)) {
                        continue;
                    }
                    for (String h : play.hosts()) {
                        for (String d : before.hosts()) {
                            if (!d.equals(h)) {
                                waits.computeIfAbsent(h, k -> new LinkedHashSet<>()).add(new Wait(d,
                                        "play '" + play.name() + "' runs after play '" + dep + "', which failed on " + d));
                            }
                        }
                    }
                }
            }
            if (play.batchSize().isPresent()) {
                int size = play.batchSize().get();
                List<String> hosts = play.hosts();
                for (int start = size; start < hosts.size(); start += size) {
                    List<String> previous = hosts.subList(start - size, start);
                    int batch = start / size + 1;
                    for (String h : hosts.subList(start, Math.min(hosts.size(), start + size))) {
                        for (String p : previous) {
                            waits.computeIfAbsent(h, k -> new LinkedHashSet<>()).add(new Wait(p,
                                    "batch " + batch + " of play '" + play.name() + "' (serial " + size
                                            + ") stops after a failed batch: " + p + " did not succeed"));
                        }
                    }
                }
            }
        }
        Map<String, List<Wait>> out = new LinkedHashMap<>();
        waits.forEach((h, w) -> out.put(h, new ArrayList<>(w)));
        return new Schedule(out);
    }
}
