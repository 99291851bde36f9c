package dev.plumb.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import dev.plumb.model.Keyed;
import dev.plumb.model.ResourceAddress;

class SavedPlanTest {
    private static final Keyed KEY = Keyed.of("0123456789abcdef0123".getBytes(StandardCharsets.UTF_8));

    private static Plan plan(String before) {
        return new Plan(List.of(new HostPlan("h", List.of(
                Change.of(new ResourceAddress("h", "file", "/a"), Action.UPDATE, List.of(Attr.of("mode", before, "0600")))
                        .withLive("file " + before + " root root abc"),
                Change.of(new ResourceAddress("h", "service", "x.service"), Action.RESTART, List.of())),
                Optional.empty())));
    }

    @Test
    void roundTripsThroughJsonAndCarriesNoLiveState() {
        Plan p = plan("0644");
        SavedPlan saved = new SavedPlan("1.0", "book.yml", "inv.yml", Optional.of("web"), Optional.empty(),
                Map.of("book.yml", "aa"), "ss", SavedPlan.fingerprints(KEY, p), p);
        String json = saved.toJson();
        assertThat(json).doesNotContain("root root abc");
        SavedPlan back = SavedPlan.fromJson(json);
        assertThat(back.hosts()).isEqualTo(saved.hosts());
        assertThat(back.limit()).contains("web");
        assertThat(back.staleness(SavedPlan.fingerprints(KEY, p))).isEmpty();
    }

    @Test
    void aMovedLiveStateAnExtraAndAMissingChangeAreEachNamed() {
        SavedPlan saved = new SavedPlan("1.0", "b", "i", Optional.empty(), Optional.empty(), Map.of(), "s",
                SavedPlan.fingerprints(KEY, plan("0644")), plan("0644"));
        assertThat(saved.staleness(SavedPlan.fingerprints(KEY, plan("0666"))))
                .containsExactly("h: h/file//a update was planned against a live state that has changed");
        Plan fewer = new Plan(List.of(new HostPlan("h", List.of(plan("0644").hosts().get(0).changes().get(0)),
                Optional.empty())));
        assertThat(saved.staleness(SavedPlan.fingerprints(KEY, fewer)))
                .containsExactly("h: h/service/x.service restart is no longer needed (the host changed since planning)");
        assertThat(SavedPlan.compare(SavedPlan.fingerprints(KEY, fewer), SavedPlan.fingerprints(KEY, plan("0644"))))
                .containsExactly("h: h/service/x.service restart is needed now but is not in the saved plan");
    }

    @Test
    void fingerprintsDependOnTheKey() {
        Keyed other = Keyed.of("another-key-of-16+".getBytes(StandardCharsets.UTF_8));
        assertThat(SavedPlan.fingerprints(KEY, plan("0644"))).isNotEqualTo(SavedPlan.fingerprints(other, plan("0644")));
    }

    @Test
    void somethingElseIsNotASavedPlan() {
        assertThat(SavedPlan.looksLikeOne("plays: []")).isFalse();
        assertThatThrownBy(() -> SavedPlan.fromJson("{\"plumb_saved_plan\": 9}"))
                .hasMessageContaining("format 9 is not supported");
    }
}
