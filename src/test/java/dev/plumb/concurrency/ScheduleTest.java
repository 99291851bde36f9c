package dev.plumb.concurrency;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class ScheduleTest {
    @Test
    void afterWaitsForEveryHostOfTheEarlierPlay() {
        Schedule s = Schedule.of(List.of(
                new Schedule.PlayOrder("db", List.of(), List.of("h1"), Optional.empty()),
                new Schedule.PlayOrder("web", List.of("db"), List.of("h2", "h3"), Optional.empty())));
        assertThat(s.waitsOf("h1")).isEmpty();
        assertThat(s.waitsOf("h2")).extracting(Schedule.Wait::host).containsExactly("h1");
        assertThat(s.waitsOf("h3").get(0).why()).isEqualTo("play 'web' runs after play 'db', which failed on h1");
    }

    @Test
    void serialBatchesWaitForThePreviousBatchOnly() {
        Schedule s = Schedule.of(List.of(
                new Schedule.PlayOrder("web", List.of(), List.of("a", "b", "c", "d", "e"), Optional.of(2))));
        assertThat(s.waitsOf("a")).isEmpty();
        assertThat(s.waitsOf("b")).isEmpty();
        assertThat(s.waitsOf("c")).extracting(Schedule.Wait::host).containsExactly("a", "b");
        assertThat(s.waitsOf("e")).extracting(Schedule.Wait::host).containsExactly("c", "d");
        assertThat(s.waitsOf("e").get(0).why()).contains("batch 3 of play 'web' (serial 2)");
    }

    @Test
    void aHostInBothPlaysDoesNotWaitForItself() {
        Schedule s = Schedule.of(List.of(
                new Schedule.PlayOrder("db", List.of(), List.of("h1"), Optional.empty()),
                new Schedule.PlayOrder("all", List.of("db"), List.of("h1", "h2"), Optional.empty())));
        assertThat(s.waitsOf("h1")).isEmpty();
        assertThat(s.waitsOf("h2")).extracting(Schedule.Wait::host).containsExactly("h1");
    }
}
