package dev.plumb.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

class ShardTest {
    private static List<String> names(int n) {
        return IntStream.range(0, n).mapToObj(i -> "host-" + i + ".example.org").toList();
    }

    private static Map<String, Integer> assign(List<String> hosts, int count) {
        Map<String, Integer> m = new HashMap<>();
        hosts.forEach(h -> m.put(h, Shard.of(h, count)));
        return m;
    }

    @Test
    void shardsAreDisjointCoverEveryHostAndAreEachAboutOneNth() {
        List<String> hosts = names(1000);
        for (int n : new int[] {1, 2, 3, 4, 7}) {
            Set<String> seen = new HashSet<>();
            for (int i = 1; i <= n; i++) {
                List<String> part = new Shard(i, n).select(hosts, h -> h);
                for (String h : part) {
                    assertThat(seen.add(h)).as("%s in two shards of %d", h, n).isTrue();
                }
                assertThat(part.size()).as("shard %d/%d", i, n).isBetween(1000 / n * 8 / 10, 1000 / n * 12 / 10);
            }
            assertThat(seen).containsExactlyInAnyOrderElementsOf(hosts);
        }
    }

    @Test
    void addingOrRemovingAHostMovesNoOtherHost() {
        List<String> hosts = new ArrayList<>(names(1000));
        for (int n : new int[] {2, 4, 5}) {
            Map<String, Integer> before = assign(hosts, n);
            List<String> more = new ArrayList<>(hosts);
            more.add("new-host.example.org");
            Map<String, Integer> after = assign(more, n);
            hosts.forEach(h -> assertThat(after.get(h)).as(h).isEqualTo(before.get(h)));
            List<String> fewer = new ArrayList<>(hosts);
            fewer.remove("host-17.example.org");
            Map<String, Integer> less = assign(fewer, n);
            fewer.forEach(h -> assertThat(less.get(h)).as(h).isEqualTo(before.get(h)));
        }
    }

    @Test
    void addingAShardMovesAboutOneNthOfTheHostsAllToTheNewShard() {
        List<String> hosts = names(1000);
        Map<String, Integer> four = assign(hosts, 4);
        Map<String, Integer> five = assign(hosts, 5);
        List<String> moved = hosts.stream().filter(h -> !four.get(h).equals(five.get(h))).toList();
        assertThat(moved).allSatisfy(h -> assertThat(five.get(h)).isEqualTo(5));
        assertThat(moved.size()).isBetween(150, 250);
    }

    @Test
    void theAssignmentIsFixedAcrossVersionsAndMachines() {
        // Pinned: shards chosen by one plumb must be those another plumb chooses for the same names.
        assertThat(List.of("web1", "web2", "db1", "db2", "cache1").stream().map(h -> Shard.of(h, 3)).toList())
                .isEqualTo(List.of(2, 3, 1, 2, 1));
    }

    @Test
    void parsesIOverNStrictly() {
        assertThat(Shard.parse("2/4")).isEqualTo(new Shard.Parsed.Ok(new Shard(2, 4)));
        assertThat(Shard.parse("1/1")).isEqualTo(new Shard.Parsed.Ok(Shard.all()));
        for (String bad : List.of("0/3", "4/3", "a/b", "1/0", "0/0", "1", "/3", "1/", "-1/3", "1/3/4", "", " 1 / 3")) {
            assertThat(Shard.parse(bad)).as(bad).isInstanceOf(Shard.Parsed.Bad.class);
        }
        assertThat(((Shard.Parsed.Bad) Shard.parse("0/3")).why()).contains("numbered from 1", "$((INDEX + 1))/3");
    }
}
