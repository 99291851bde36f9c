package dev.plumb.concurrency;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class SplitTest {
    /** a1, a2 in shard 1; b1, b2 in shard 2. */
    private static int shard(String host) {
        return host.startsWith("a") ? 1 : 2;
    }

    private static Schedule.PlayOrder play(String name, List<String> after, List<String> hosts, Integer batch) {
        return new Schedule.PlayOrder(name, after, hosts, Optional.ofNullable(batch));
    }

    @Test
    void anAfterLinkWhoseHostsSpanShardsCrosses() {
        var crossings = Split.crossings(List.of(play("db", List.of(), List.of("b1"), null),
                play("web", List.of("db"), List.of("a1", "a2"), null)), SplitTest::shard);
        assertThat(crossings).containsExactly(new Split.Crossing(List.of("web", "db"), false,
                Map.of(1, List.of("a1", "a2"), 2, List.of("b1"))));
        assertThat(crossings.get(0).hosts()).containsExactly("a1", "a2", "b1");
    }

    @Test
    void linkedPlaysInOneShardOrWithoutHostsDoNotCross() {
        assertThat(Split.crossings(List.of(play("db", List.of(), List.of("a1"), null),
                play("web", List.of("db"), List.of("a1", "a2"), null)), SplitTest::shard)).isEmpty();
        assertThat(Split.crossings(List.of(play("db", List.of(), List.of(), null),
                play("web", List.of("db"), List.of("a1", "b1"), null)), SplitTest::shard)).isEmpty();
        assertThat(Split.crossings(List.of(play("one", List.of(), List.of("a1"), null),
                play("two", List.of(), List.of("b1"), null)), SplitTest::shard)).isEmpty();
    }

    @Test
    void aSerialPlayCrossesOnlyWhenItHasMoreThanOneBatchAcrossShards() {
        assertThat(Split.crossings(List.of(play("web", List.of(), List.of("a1", "b1"), 1)), SplitTest::shard))
                .extracting(Split.Crossing::serial).containsExactly(true);
        assertThat(Split.crossings(List.of(play("web", List.of(), List.of("a1", "b1"), 2)), SplitTest::shard)).isEmpty();
        assertThat(Split.crossings(List.of(play("web", List.of(), List.of("a1", "a2"), 1)), SplitTest::shard)).isEmpty();
    }
}
