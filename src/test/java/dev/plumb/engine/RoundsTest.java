package dev.plumb.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import dev.plumb.model.ResourceAddress;
import dev.plumb.resource.Phase;
import dev.plumb.resource.Step;

/** Steps run phase by phase; shell steps share round trips; services start after the writes. */
class RoundsTest {
    private static Step script(Phase phase, String name) {
        return new Step.Script(phase, Optional.of(new ResourceAddress("h", "k", name)), name, "echo " + name + "\n");
    }

    private static Step call(Phase phase, String name) {
        return new Step.Call(phase, Optional.empty(), name, () -> { });
    }

    private static List<List<String>> names(List<Rounds.Round> rounds) {
        return rounds.stream().map(r -> r.steps().stream().map(Step::describe).toList()).toList();
    }

    @Test
    void ordersByPhaseKeepingPartOrderWithinAPhase() {
        List<Step> steps = List.of(script(Phase.SERVICES, "start"), script(Phase.FILES, "f1"),
                call(Phase.SERVER, "sql"), script(Phase.UNITS, "unit"), script(Phase.FILES, "f2"),
                call(Phase.MIGRATIONS, "migrate"), script(Phase.RECORD, "record"), script(Phase.SERVICES, "verify"));
        assertThat(names(Rounds.of(steps))).containsExactly(
                List.of("sql"), List.of("migrate"), List.of("record", "f1", "f2", "unit"), List.of("start", "verify"));
    }

    @Test
    void servicesAloneAreOneRound() {
        assertThat(names(Rounds.of(List.of(script(Phase.SERVICES, "a"), script(Phase.SERVICES, "b")))))
                .containsExactly(List.of("a", "b"));
    }

    @Test
    void aFailureIsTracedToItsStep() {
        Rounds.Round round = Rounds.of(List.of(script(Phase.FILES, "f1"), script(Phase.FILES, "f2"))).get(0);
        assertThat(round.script()).contains("echo '@plumb-step 0'\necho f1", "echo '@plumb-step 1'\necho f2");
        assertThat(round.failedStep("@plumb-step 0\nf1\n@plumb-step 1\n").describe()).isEqualTo("f2");
        assertThat(round.failedStep("").describe()).isEqualTo("f1");
    }
}
