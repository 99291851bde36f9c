package dev.plumb.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import dev.plumb.json.Json;
import dev.plumb.json.JsonReader;
import dev.plumb.model.Keyed;
import dev.plumb.model.ResourceAddress;

class SavedPlanTest {
    private static final Keyed KEY = Keyed.of("0123456789abcdef0123".getBytes(StandardCharsets.UTF_8));
    private static final String SIGNATURE_REFUSED = "signature does not match";

    private static Plan plan(String before) {
        return new Plan(List.of(new HostPlan("h", List.of(
                Change.of(new ResourceAddress("h", "file", "/a"), Action.UPDATE, List.of(Attr.of("mode", before, "0600")))
                        .withLive("file " + before + " root root abc"),
                Change.of(new ResourceAddress("h", "service", "x.service"), Action.RESTART, List.of())),
                Optional.empty())));
    }

    private static SavedPlan saved(Plan p) {
        return new SavedPlan("1.0", "book.yml", "inv.yml", Optional.of("web"), Optional.empty(), Optional.empty(),
                Map.of("book.yml", "aa", "inv.yml", "bb"), "ss",
                Map.of("h", new SavedPlan.Target("root", "10.0.0.5", 22)), SavedPlan.fingerprints(KEY, p), p);
    }

    /** The saved plan's JSON with {@code edit} applied to its parsed document, its signature kept. */
    @SuppressWarnings("unchecked")
    private static String edited(Consumer<Map<String, Object>> edit) {
        Map<String, Object> doc = (Map<String, Object>) JsonReader.read(saved(plan("0644")).toJson(KEY));
        edit.accept(doc);
        return Json.write(doc);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> at(Map<String, Object> doc, String... keys) {
        Map<String, Object> m = doc;
        for (String k : keys) {
            m = (Map<String, Object>) m.get(k);
        }
        return m;
    }

    @Test
    void roundTripsThroughJsonAndCarriesNoLiveState() {
        Plan p = plan("0644");
        SavedPlan saved = saved(p);
        String json = saved.toJson(KEY);
        assertThat(json).doesNotContain("root root abc").contains("\"hmac\": \"");
        SavedPlan back = SavedPlan.fromJson(json, KEY);
        assertThat(back.hosts()).isEqualTo(saved.hosts());
        assertThat(back.targets()).isEqualTo(saved.targets());
        assertThat(back.sources()).isEqualTo(saved.sources());
        assertThat(back.limit()).contains("web");
        assertThat(back.staleness(SavedPlan.fingerprints(KEY, p))).isEmpty();
    }

    @Test
    void anUntouchedPlanIsAcceptedAlsoReformatted() {
        assertThat(SavedPlan.fromJson(edited(doc -> { }), KEY).inventory()).isEqualTo("inv.yml");
        // Whitespace and key order are not content: the signature covers the canonical document.
        String compact = Json.canonical(JsonReader.read(saved(plan("0644")).toJson(KEY)));
        assertThat(SavedPlan.fromJson(compact, KEY).playbook()).isEqualTo("book.yml");
    }

    @Test
    void everyEditIsRefused() {
        List<Consumer<Map<String, Object>>> edits = List.of(
                doc -> doc.put("plumb_version", "1.1"),
                doc -> doc.put("playbook", "../evil/book.yml"),
                doc -> doc.put("inventory", "../evil/inv.yml"),
                doc -> doc.put("limit", "all"),
                doc -> doc.put("limit", null),
                doc -> doc.put("git_commit", "abc"),
                doc -> at(doc, "sources").put("inv.yml", "cc"),
                doc -> at(doc, "sources").put("extra.yml", "dd"),
                doc -> at(doc, "sources").remove("book.yml"),
                doc -> doc.put("secrets", "tt"),
                doc -> at(doc, "ssh", "h").put("address", "203.0.113.9"),
                doc -> at(doc, "ssh", "h").put("port", 2222L),
                doc -> at(doc, "ssh", "h").put("user", "admin"),
                doc -> at(doc, "ssh").put("h2", Map.of("user", "root", "address", "203.0.113.9", "port", 22L)),
                doc -> at(doc, "fingerprints", "h").put("h/file//a update", "00"),
                doc -> at(doc, "fingerprints", "h").remove("h/service/x.service restart"),
                doc -> at(doc, "plan").put("shown", "something else"),
                doc -> doc.put("unknown", true),
                doc -> doc.remove("limit"));
        for (int i = 0; i < edits.size(); i++) {
            String json = edited(edits.get(i));
            assertThatThrownBy(() -> SavedPlan.fromJson(json, KEY)).as("edit %d", i)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(SIGNATURE_REFUSED);
        }
    }

    @Test
    void aTextualEditIsRefused() {
        String json = saved(plan("0644")).toJson(KEY);
        for (String[] edit : new String[][] {{"10.0.0.5", "10.0.0.6"}, {"\"inv.yml\"", "\"inv.yml \""},
                {"\"port\": 22", "\"port\": 22.0"}, {"\"1.0\"", "\"1.00\""}}) {
            assertThat(json).contains(edit[0]);
            assertThatThrownBy(() -> SavedPlan.fromJson(json.replace(edit[0], edit[1]), KEY)).as(edit[1])
                    .hasMessageContaining(SIGNATURE_REFUSED);
        }
    }

    @Test
    void aReplacedOrMissingSignatureIsRefused() {
        String other = saved(plan("0666")).toJson(KEY);
        String otherMac = (String) ((Map<?, ?>) JsonReader.read(other)).get(SavedPlan.MAC);
        assertThatThrownBy(() -> SavedPlan.fromJson(edited(doc -> doc.put(SavedPlan.MAC, otherMac)), KEY))
                .hasMessageContaining(SIGNATURE_REFUSED);
        assertThatThrownBy(() -> SavedPlan.fromJson(edited(doc -> doc.put(SavedPlan.MAC, otherMac.toUpperCase())), KEY))
                .hasMessageContaining(SIGNATURE_REFUSED);
        assertThatThrownBy(() -> SavedPlan.fromJson(edited(doc -> doc.remove(SavedPlan.MAC)), KEY))
                .hasMessageContaining("carries no signature");
    }

    @Test
    void aPlanSignedUnderAnotherKeyIsRefused() {
        Keyed other = Keyed.of("another-key-of-16+".getBytes(StandardCharsets.UTF_8));
        String json = saved(plan("0644")).toJson(other);
        assertThatThrownBy(() -> SavedPlan.fromJson(json, KEY)).hasMessageContaining(SIGNATURE_REFUSED);
        assertThat(SavedPlan.fromJson(json, other).inventory()).isEqualTo("inv.yml");
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 40, 200})
    void aTruncatedPlanIsNamedSo(int keep) {
        String json = saved(plan("0644")).toJson(KEY);
        assertThatThrownBy(() -> SavedPlan.fromJson(json.substring(0, keep), KEY))
                .hasMessageStartingWith("not a whole saved plan (truncated, or not JSON): invalid JSON at offset");
    }

    @Test
    void aMovedLiveStateAnExtraAndAMissingChangeAreEachNamed() {
        SavedPlan saved = saved(plan("0644"));
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
    void aHostReachedDifferentlyIsNamed() {
        SavedPlan saved = saved(plan("0644"));
        assertThat(saved.movedTargets(Map.of("h", new SavedPlan.Target("root", "10.0.0.5", 22)))).isEmpty();
        assertThat(saved.movedTargets(Map.of("h", new SavedPlan.Target("root", "10.0.0.6", 22))))
                .containsExactly("h is now reached as root@10.0.0.6:22, the plan was made for root@10.0.0.5:22");
        assertThat(saved.movedTargets(Map.of("h", new SavedPlan.Target("root", "10.0.0.5", 2222)))).hasSize(1);
        assertThat(saved.movedTargets(Map.of("h", new SavedPlan.Target("deploy", "10.0.0.5", 22)))).hasSize(1);
        assertThat(saved.movedTargets(Map.of("g", new SavedPlan.Target("root", "::1", 22))))
                .containsExactly("h was planned but is not selected now", "g is selected now but is not in the saved plan");
        assertThat(new SavedPlan.Target("root", "::1", 22)).hasToString("root@[::1]:22");
    }

    @Test
    void fingerprintsDependOnTheKey() {
        Keyed other = Keyed.of("another-key-of-16+".getBytes(StandardCharsets.UTF_8));
        assertThat(SavedPlan.fingerprints(KEY, plan("0644"))).isNotEqualTo(SavedPlan.fingerprints(other, plan("0644")));
    }

    @Test
    void somethingElseIsNotASavedPlan() {
        assertThat(SavedPlan.looksLikeOne("plays: []")).isFalse();
        assertThatThrownBy(() -> SavedPlan.fromJson("{\"plumb_saved_plan\": 9}", KEY))
                .hasMessageContaining("format 9 is not supported");
        assertThatThrownBy(() -> SavedPlan.fromJson("{\"plumb_saved_plan\": 1, \"playbook\": \"b\"}", KEY))
                .hasMessageContaining("format 1 is not supported (this plumb reads 2)");
        assertThatThrownBy(() -> SavedPlan.fromJson("[\"plumb_saved_plan\"]", KEY))
                .hasMessageContaining("not a saved plumb plan");
    }
}
