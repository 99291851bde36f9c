package dev.plumb.git;

import static dev.plumb.git.Fixture.text;
import static dev.plumb.git.Fixture.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RecordsTest {
    static final String REF = "refs/plumb/applied/lab";
    static final Author BOB = new Author("Bob", "bob@example.org");

    @TempDir
    Path tmp;
    Path work;
    Git git;

    @BeforeEach
    void repo() throws Exception {
        Fixture.isolate(tmp);
        work = tmp.toRealPath().resolve("work");
        git = Fixture.init(work);
        Fixture.commit(git, "one", "inventory/lab.yml", "hosts: {}\n");
    }

    @AfterEach
    void close() {
        git.close();
        Fixture.restore();
    }

    @Test
    void appendsCommitsThatChainAndLogNewestFirst() throws Exception {
        try (Repo repo = Repo.open(work)) {
            Instant before = Instant.now().minusSeconds(2);
            RecordCommit first = repo.appendRecord(REF, Map.of("web1.json", utf8("{\"a\":1}"), "db1.json", utf8("{}")),
                    "apply lab at 1a2b3c4\n\nweb1: 3 changes\n", BOB);
            RecordCommit second = repo.appendRecord(REF, Map.of("web1.json", utf8("{\"a\":2}")), "apply lab again", BOB);
            assertThat(first.files()).containsExactly("db1.json", "web1.json");
            assertThat(second.files()).containsExactly("web1.json");
            assertThat(first.time()).isAfter(before);

            List<RecordCommit> log = repo.log(REF, 10);
            assertThat(log).containsExactly(second, first);
            assertThat(log.get(1).message()).isEqualTo("apply lab at 1a2b3c4\n\nweb1: 3 changes");
            assertThat(log.get(0).author()).isEqualTo(BOB);
            assertThat(repo.log(REF, 1)).containsExactly(second);
            assertThat(text(repo.at(first.commit()).read("web1.json"))).isEqualTo("{\"a\":1}");
            assertThat(text(repo.at(REF).read("web1.json"))).isEqualTo("{\"a\":2}");

            Repository db = git.getRepository();
            try (RevWalk walk = new RevWalk(db)) {
                RevCommit c = walk.parseCommit(db.resolve(second.commit()));
                assertThat(c.getParentCount()).isEqualTo(1);
                assertThat(c.getParent(0).name()).isEqualTo(first.commit());
                assertThat(walk.parseCommit(db.resolve(first.commit())).getParentCount()).isZero();
            }
        }
    }

    @Test
    void logOfAnAbsentRefIsEmpty() throws Exception {
        try (Repo repo = Repo.open(work)) {
            assertThat(repo.log(RecordRefs.drift(Path.of("prod.yml")), 5)).isEmpty();
        }
    }

    @Test
    void touchesNeitherWorkTreeNorIndexNorHead() throws Exception {
        Fixture.write(git, "inventory/lab.yml", "edited, not committed\n");
        Map<String, String> before = Fixture.snapshot(work);
        try (Repo repo = Repo.open(work)) {
            repo.appendRecord(REF, Map.of("web1.json", utf8("{}")), "record", BOB);
            repo.appendRecord(REF, Map.of("web1.json", utf8("{\"x\":1}")), "record", BOB);
            repo.log(REF, 5);
        }
        Map<String, String> after = Fixture.snapshot(work);
        after.keySet().removeIf(k -> k.contains("refs/plumb/"));
        assertThat(after).isEqualTo(before);
        assertThat(git.getRepository().exactRef("HEAD").getTarget().getName()).isEqualTo("refs/heads/main");
    }

    @Test
    void worksInABareRepository() throws Exception {
        Path bare = tmp.resolve("b.git");
        Fixture.bare(bare).close();
        try (Repo repo = Repo.open(bare)) {
            repo.appendRecord(REF, Map.of("hosts/web1.json", utf8("{}")), "first", BOB);
            assertThat(repo.log(REF, 5)).singleElement().satisfies(r -> {
                assertThat(r.files()).containsExactly("hosts/web1.json");
                assertThat(r.message()).isEqualTo("first");
            });
            assertThat(repo.status(List.of()).head()).isEmpty();
        }
    }

    @Test
    void updateKeepsOtherHostsFiles() throws Exception {
        try (Repo repo = Repo.open(work)) {
            repo.appendRecord(REF, Map.of("web1.json", utf8("1"), "web2.json", utf8("1")), "both", BOB);
            RecordCommit r = repo.appendRecord(REF, previous -> {
                Map<String, byte[]> next = new HashMap<>(previous);
                next.put("web2.json", utf8("2"));
                return next;
            }, "only web2", BOB);
            assertThat(r.files()).containsExactly("web1.json", "web2.json");
            assertThat(text(repo.at(REF).read("web1.json"))).isEqualTo("1");
            assertThat(text(repo.at(REF).read("web2.json"))).isEqualTo("2");
        }
    }

    @Test
    void losingARaceRebuildsOnTheWinner() throws Exception {
        try (Repo repo = Repo.open(work); Repo other = Repo.open(work)) {
            repo.appendRecord(REF, Map.of("a.json", utf8("0")), "base", BOB);
            AtomicInteger calls = new AtomicInteger();
            RecordCommit mine = repo.appendRecord(REF, previous -> {
                if (calls.incrementAndGet() == 1) {
                    append(other, "b.json", "intruder");
                }
                Map<String, byte[]> next = new HashMap<>(previous);
                next.put("a.json", utf8("mine"));
                return next;
            }, "mine", BOB);
            assertThat(calls.get()).isEqualTo(2);
            List<RecordCommit> log = repo.log(REF, 10);
            assertThat(log).extracting(RecordCommit::message).containsExactly("mine", "intruder", "base");
            assertThat(log.get(0)).isEqualTo(mine);
            assertThat(mine.files()).containsExactly("a.json", "b.json");
        }
    }

    @Test
    void givesUpClearlyWhenOthersKeepWinning() throws Exception {
        try (Repo repo = Repo.open(work); Repo other = Repo.open(work)) {
            AtomicInteger calls = new AtomicInteger();
            assertThatThrownBy(() -> repo.appendRecord(REF, previous -> {
                append(other, "b.json", "intruder " + calls.incrementAndGet());
                return Map.of("a.json", utf8("mine"));
            }, "mine", BOB))
                    .isInstanceOf(GitException.class)
                    .hasMessage("could not add a record to " + REF + ": another writer kept moving it, or holds its lock ("
                            + Records.ATTEMPTS + " attempts); try again")
                    .extracting(e -> ((GitException) e).kind()).isEqualTo(GitException.Kind.CONFLICT);
            List<RecordCommit> log = repo.log(REF, 100);
            assertThat(log).extracting(RecordCommit::message).containsExactlyElementsOf(
                    java.util.stream.IntStream.iterate(Records.ATTEMPTS, i -> i >= 1, i -> i - 1)
                            .mapToObj(i -> "intruder " + i).toList());
        }
    }

    @Test
    void aLockedRefIsReportedAndLeftAsItWas() throws Exception {
        try (Repo repo = Repo.open(work)) {
            RecordCommit base = repo.appendRecord(REF, Map.of("a.json", utf8("1")), "base", BOB);
            Path lock = work.resolve(".git/" + REF + ".lock");
            Files.writeString(lock, "held by another git\n");
            assertThatThrownBy(() -> repo.appendRecord(REF, Map.of("a.json", utf8("2")), "next", BOB))
                    .isInstanceOf(GitException.class)
                    .hasMessageContaining("another writer kept moving it, or holds its lock")
                    .extracting(e -> ((GitException) e).kind()).isEqualTo(GitException.Kind.CONFLICT);
            assertThat(repo.log(REF, 10)).containsExactly(base);
            assertThat(lock).hasContent("held by another git");
            Files.delete(lock);
            assertThat(repo.appendRecord(REF, Map.of("a.json", utf8("2")), "next", BOB).message()).isEqualTo("next");
        }
    }

    @Test
    void concurrentWritersLoseNoRecord() throws Exception {
        int writers = 3;
        int each = 6;
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        List<String> written = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger conflicts = new AtomicInteger();
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                int id = w;
                futures.add(pool.submit(() -> {
                    try (Repo repo = Repo.open(work)) {
                        for (int i = 0; i < each; i++) {
                            try {
                                written.add(repo.appendRecord(REF, Map.of("w" + id + ".json", utf8("" + i)),
                                        "w" + id + " #" + i, BOB).commit());
                            } catch (GitException e) {
                                assertThat(e.kind()).isEqualTo(GitException.Kind.CONFLICT);
                                conflicts.incrementAndGet();
                            }
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        try (Repo repo = Repo.open(work)) {
            List<RecordCommit> log = repo.log(REF, 1000);
            assertThat(log).extracting(RecordCommit::commit).containsExactlyInAnyOrderElementsOf(written);
            assertThat(written.size() + conflicts.get()).isEqualTo(writers * each);
            assertThat(conflicts.get()).as("records lost to the race").isZero();
        }
    }

    @Test
    void refusesRefsOutsideRefsPlumbAndBadNames() throws Exception {
        try (Repo repo = Repo.open(work)) {
            assertThatThrownBy(() -> repo.appendRecord("refs/heads/main", Map.of(), "x", BOB))
                    .hasMessage("'refs/heads/main' is not a record ref: record refs live under refs/plumb/")
                    .extracting(e -> ((GitException) e).kind()).isEqualTo(GitException.Kind.INVALID);
            assertThatThrownBy(() -> repo.appendRecord("refs/plumb/a..b", Map.of(), "x", BOB))
                    .hasMessage("'refs/plumb/a..b' is not a valid ref name");
            assertThatThrownBy(() -> repo.log("HEAD", 1)).hasMessageContaining("is not a record ref");
            for (String bad : List.of("../x.json", "/abs.json", "a//b.json", ".git/config", "x/.git", "")) {
                assertThatThrownBy(() -> repo.appendRecord(REF, Map.of(bad, utf8("{}")), "x", BOB)).as(bad)
                        .isInstanceOf(GitException.class)
                        .hasMessageStartingWith("record file name '")
                        .extracting(e -> ((GitException) e).kind()).isEqualTo(GitException.Kind.INVALID);
            }
            assertThatThrownBy(() -> repo.appendRecord(REF, Map.of("a", utf8("1"), "a/b", utf8("2")), "x", BOB))
                    .hasMessage("record file name 'a/b' is not acceptable: a is a file, so it cannot also be a directory");
            assertThat(repo.log(REF, 5)).isEmpty();
        }
    }

    @Test
    void refusesARefThatClashesWithAnother() throws Exception {
        try (Repo repo = Repo.open(work)) {
            repo.appendRecord(REF, Map.of("a", utf8("1")), "x", BOB);
            assertThatThrownBy(() -> repo.appendRecord(REF + "/sub", Map.of("a", utf8("1")), "x", BOB))
                    .hasMessage(REF + "/sub clashes with an existing ref [" + REF + "]");
        }
    }

    @Test
    void emptyRecordsAreAllowed() throws Exception {
        try (Repo repo = Repo.open(work)) {
            assertThat(repo.appendRecord(REF, Map.of(), "nothing to record", BOB).files()).isEmpty();
        }
    }

    @Test
    void refNamesFromInventoryFiles() throws Exception {
        Map<String, String> expected = new HashMap<>();
        expected.put("inventory/lab.yml", "lab");
        expected.put("prod.YAML", "prod");
        expected.put("prod eu@2.yaml", "prod-eu-2");
        expected.put("..hidden..yml", "hidden");
        expected.put("a..b.yml", "a.b");
        expected.put("x.lock.yml", "x-lock");
        expected.put("@.yml", "inventory");
        expected.put("-dash-.yml", "dash");
        expected.put("münchen.yml", "m-nchen");
        expected.put("hosts", "hosts");
        expected.put("a~b^c:d?e*f[g\\h{i}.yml", "a-b-c-d-e-f-g-h-i");
        for (Map.Entry<String, String> e : expected.entrySet()) {
            Path p = Path.of(e.getKey());
            assertThat(RecordRefs.name(p)).as(e.getKey()).isEqualTo(e.getValue());
            assertThat(Repository.isValidRefName(RecordRefs.applied(p))).isTrue();
        }
        assertThat(RecordRefs.applied(Path.of("inventory/lab.yml"))).isEqualTo("refs/plumb/applied/lab");
        assertThat(RecordRefs.drift(Path.of("/srv/ops/inventory/prod.yaml"))).isEqualTo("refs/plumb/drift/prod");
        assertThat(RecordRefs.name(Path.of("/"))).isEqualTo("inventory");
        assertThat(Files.exists(work)).isTrue();
    }

    private static void append(Repo other, String file, String message) {
        try {
            other.appendRecord(REF, previous -> {
                Map<String, byte[]> next = new HashMap<>(previous);
                next.put(file, utf8(message));
                return next;
            }, message, BOB);
        } catch (GitException e) {
            throw new IllegalStateException(e);
        }
    }
}
