package dev.plumb.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.plumb.model.Keyed;
import dev.plumb.plan.Plan;
import dev.plumb.plan.PlanKey;
import dev.plumb.plan.SavedPlan;

/** --shard I/N without hosts: parsing, the split hosts and validate show, the after: refusal, saved plans. */
class ShardCliTest {
    private static final String KEY_TEXT = "shard-cli-test-plan-key";
    private static final Path FLASKAPP = Path.of("playbooks/flaskapp.yml").toAbsolutePath();
    /** host1 (play db) is in shard 2 of 2, host2 and host3 (play web, after: [db]) in shard 1. */
    private static final Path LAB = Path.of("src/test/resources/config/lab-inventory.yml").toAbsolutePath();
    private static final Map<String, String> ENV = Map.of(PlanKey.ENV, KEY_TEXT,
            "FLASKAPP_DB_PASSWORD", "app-pw-Q7", "PLUMB_PG_ADMIN_PASSWORD", "admin-pw-Z9");

    @TempDir
    Path dir;

    private Path inventory(int hosts) throws IOException {
        String text = "hosts:\n" + IntStream.rangeClosed(1, hosts)
                .mapToObj(i -> "  node" + i + ".eu: {address: 198.18.9." + i + "}\n").collect(Collectors.joining());
        return Files.writeString(dir.resolve("inventory.yml"), text);
    }

    /** The host names {@code plumb hosts} lists. */
    private static List<String> listed(Cli.Result r) {
        assertThat(r.exit()).as("%s", r).isZero();
        return r.out().lines().filter(l -> !l.startsWith(" ") && l.contains("@")).map(l -> l.split(" ")[0]).toList();
    }

    private static List<List<String>> shards(Path inv, int n) {
        List<List<String>> out = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            out.add(listed(Cli.run("hosts", "-i", inv.toString(), "--shard", i + "/" + n)));
        }
        return out;
    }

    @Test
    void shardsAreDisjointCoverTheHostsAndAnAddedHostMovesNoOther() throws IOException {
        Path inv = inventory(40);
        List<String> all = listed(Cli.run("hosts", "-i", inv.toString()));
        assertThat(all).hasSize(40);
        List<List<String>> before = shards(inv, 4);
        Set<String> seen = new HashSet<>();
        before.forEach(s -> s.forEach(h -> assertThat(seen.add(h)).as("%s is in two shards", h).isTrue()));
        assertThat(seen).containsExactlyInAnyOrderElementsOf(all);
        assertThat(before).allSatisfy(s -> assertThat(s).isNotEmpty());

        inventory(41);
        List<List<String>> after = shards(inv, 4);
        for (int i = 0; i < 4; i++) {
            List<String> grown = new ArrayList<>(after.get(i));
            grown.remove("node41.eu");
            assertThat(grown).as("shard %d/4", i + 1).isEqualTo(before.get(i));
        }
        assertThat(after.stream().filter(s -> s.contains("node41.eu")).count()).isEqualTo(1);
        assertThat(Cli.run("hosts", "-i", inv.toString(), "--shard", "1/4").out())
                .contains(after.get(0).size() + " hosts in shard 1/4 (of 41).");
    }

    @Test
    void validateCountsTheShardsHosts() throws IOException {
        Path inv = inventory(40);
        Path book = Files.writeString(dir.resolve("site.yml"), "plays:\n  - hosts: all\n");
        int total = 0;
        for (int i = 1; i <= 3; i++) {
            Cli.Result r = Cli.run("validate", book.toString(), "-i", inv.toString(), "--shard", i + "/3");
            assertThat(r.exit()).as("%s", r).isZero();
            int hosts = listed(Cli.run("hosts", "-i", inv.toString(), "--shard", i + "/3")).size();
            assertThat(r.out()).contains("1 play, " + hosts + " host");
            total += hosts;
        }
        assertThat(total).isEqualTo(40);
    }

    @ParameterizedTest
    @ValueSource(strings = {"0/3", "4/3", "a/b", "1/0", "3", "-1/2"})
    void aBadShardIsOneClearError(String bad) {
        for (String command : List.of("plan", "apply", "drift", "verify")) {
            Cli.Result r = Cli.run(ENV, command, FLASKAPP.toString(), "-i", LAB.toString(), "--shard", bad);
            assertThat(r.exit()).as("%s %s", command, r).isEqualTo(1);
            assertThat(r.err()).contains("Invalid value for option '--shard'", "'" + bad + "'",
                    "Try 'plumb " + command + " --help'").doesNotContain("Exception");
        }
        assertThat(Cli.run("hosts", "-i", LAB.toString(), "--shard", "0/3").err())
                .contains("shards are numbered from 1", "$((INDEX + 1))/3");
    }

    @ParameterizedTest
    @ValueSource(strings = {"plan", "apply", "drift", "verify", "validate", "hosts"})
    void everyHostCommandDocumentsShard(String command) {
        assertThat(Cli.run(command, "--help").out()).contains("--shard=I/N");
    }

    @Test
    void playsLinkedByAfterAcrossShardsAreRefusedBeforeAnyHostIsContacted() throws IOException {
        for (String command : List.of("validate", "plan", "apply")) {
            Cli.Result r = Cli.run(ENV, command, FLASKAPP.toString(), "-i", LAB.toString(), "--shard", "1/2");
            assertThat(r.exit()).as("%s %s", command, r).isEqualTo(1);
            assertThat(r.err()).contains("error: --shard 1/2: play 'web' runs after play 'db', but their hosts fall"
                            + " in different shards (shard 1/2: host2, host3; shard 2/2: host1)",
                    "hint: shards run independently and cannot wait for one another: apply these hosts in one run"
                            + " without --shard (--limit 'host2:host3:host1'), and shard the others (--limit"
                            + " '!host2:!host3:!host1' --shard 1/2)");
            assertThat(r.out()).isEmpty();
        }
        // The lab's hosts on a port that refuses at once: nothing is reached.
        Path closed = Files.writeString(dir.resolve("closed.yml"), """
                hosts:
                  host1: {address: 127.0.0.1, port: 1}
                  host2: {address: 127.0.0.1, port: 1}
                  host3: {address: 127.0.0.1, port: 1}
                groups:
                  db: [host1]
                  web: [host2, host3]
                """);
        for (String command : List.of("drift", "verify")) { // they only read: no order to keep
            Cli.Result r = Cli.run(ENV, command, FLASKAPP.toString(), "-i", closed.toString(), "--shard", "1/2",
                    "--connect-timeout", "1", "-q");
            assertThat(r.err()).as("%s %s", command, r).doesNotContain("different shards");
            assertThat(r.out()).as("%s %s", command, r).contains("host2 (root@127.0.0.1:1): connection refused", "host3 (root@127.0.0.1:1)")
                    .doesNotContain("host1");
        }
    }

    @Test
    void linkedPlaysWhoseHostsShareOneShardAreAccepted() {
        // Of 4 shards, host1 and host2 are both in shard 4, host3 in shard 1.
        Cli.Result four = Cli.run(ENV, "validate", FLASKAPP.toString(), "-i", LAB.toString(),
                "--limit", "host1:host2", "--shard", "4/4");
        assertThat(four.exit()).as("%s", four).isZero();
        assertThat(four.out()).contains("2 plays, 2 hosts");
        Cli.Result one = Cli.run(ENV, "validate", FLASKAPP.toString(), "-i", LAB.toString(),
                "--limit", "host1:host2", "--shard", "1/4");
        assertThat(one.out()).contains("2 plays, 0 hosts");
        Cli.Result serialOk = Cli.run(ENV, "validate", FLASKAPP.toString(), "-i", LAB.toString(),
                "--limit", "host3", "--shard", "1/2");
        assertThat(serialOk.exit()).as("%s", serialOk).isZero();
    }

    @Test
    void aPlayWithSerialAcrossShardsIsRefused() throws IOException {
        Path inv = inventory(12);
        Path book = Files.writeString(dir.resolve("rolling.yml"), "plays:\n  - hosts: all\n    serial: 2\n");
        Cli.Result r = Cli.run("validate", book.toString(), "-i", inv.toString(), "--shard", "2/3");
        assertThat(r.exit()).as("%s", r).isEqualTo(1);
        assertThat(r.err()).contains("error: --shard 2/3: play 'all' has serial:, whose batches span all its hosts,"
                + " but their hosts fall in different shards (shard 1/3: ");
    }

    private Path savedPlan(Optional<String> shard) throws IOException {
        Keyed key = Keyed.of(KEY_TEXT.getBytes(StandardCharsets.UTF_8));
        SavedPlan plan = new SavedPlan("0.0.0-elsewhere", dir.relativize(FLASKAPP).toString(),
                dir.relativize(LAB).toString(), Optional.of("host2"), shard, Optional.empty(), Map.of(), "s",
                Map.of("host2", new SavedPlan.Target(System.getProperty("user.name"), "198.18.0.12", 22)),
                Map.of("host2", Map.of()), new Plan(List.of()));
        return Files.writeString(dir.resolve("plan.json"), plan.toJson(key));
    }

    @Test
    void aSavedPlanIsAppliedWithTheShardItWasMadeWith() throws IOException {
        Path file = savedPlan(Optional.of("1/2"));
        Cli.Result other = Cli.run(ENV, "apply", file.toString(), "--shard", "2/2");
        assertThat(other.exit()).as("%s", other).isEqualTo(1);
        assertThat(other.err()).contains("error: --shard 2/2 does not match the saved plan, which was made with"
                + " --shard 1/2", "hint: a saved plan is applied to the hosts it was planned for");

        // host2 is in shard 1/2: selected as when planned, so only the plumb version makes it stale.
        Cli.Result same = Cli.run(ENV, "apply", file.toString(), "-q");
        assertThat(same.err()).contains("it was made by plumb 0.0.0-elsewhere").doesNotContain("host2 was planned");

        // Made for shard 2/2, which does not hold host2: the shard is read from the file.
        Cli.Result moved = Cli.run(ENV, "apply", savedPlan(Optional.of("2/2")).toString(), "-q");
        assertThat(moved.err()).contains("host2 was planned but is not selected now");
    }
}
