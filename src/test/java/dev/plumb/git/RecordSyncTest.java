package dev.plumb.git;

import static dev.plumb.git.Fixture.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Several runs (the shards of a CI matrix, each in its own clone) push records to one remote
 * ref: a push that lost the race rebuilds its records on the remote's and pushes again.
 */
class RecordSyncTest {
    static final String REF = "refs/plumb/applied/prod";
    static final Author BOB = new Author("Bob", "bob@example.org");

    @TempDir
    Path tmp;
    Path remote;
    String url;

    @BeforeEach
    void repos() throws Exception {
        Fixture.isolate(tmp);
        remote = tmp.toRealPath().resolve("remote.git");
        url = remote.toUri().toString();
        Fixture.bare(remote).close();
    }

    @AfterEach
    void close() {
        Fixture.restore();
    }

    /** A fresh clone of the desired state: it has no record ref of its own, as a CI checkout. */
    private Path clone(String name) {
        Path work = tmp.resolve(name);
        try (Git git = Fixture.init(work)) {
            Fixture.commit(git, "site", "inventory/prod.yml", "hosts: {}\n");
        }
        return work;
    }

    /** Path → text of every file at the remote's tip of {@link #REF}. */
    private Map<String, String> remoteFiles() throws Exception {
        Map<String, String> out = new TreeMap<>();
        try (Git git = Git.open(remote.toFile()); RevWalk walk = new RevWalk(git.getRepository())) {
            Repository r = git.getRepository();
            try (TreeWalk tw = new TreeWalk(r)) {
                tw.addTree(walk.parseCommit(r.exactRef(REF).getObjectId()).getTree());
                tw.setRecursive(true);
                while (tw.next()) {
                    out.put(tw.getPathString(), new String(r.open(tw.getObjectId(0)).getBytes(), StandardCharsets.UTF_8));
                }
            }
        }
        return out;
    }

    private List<String> remoteMessages() throws Exception {
        try (Repo r = Repo.open(remote)) {
            return r.log(REF, 1000).stream().map(RecordCommit::message).toList();
        }
    }

    @Test
    void aCloneThatLostTheRaceRebuildsItsRecordOnTheRemotes() throws Exception {
        try (Repo a = Repo.open(clone("a")); Repo b = Repo.open(clone("b"))) {
            a.appendRecord(REF, Map.of("web1.json", utf8("a1")), "shard 1", BOB);
            assertThat(a.pushRecords(url, REF)).isTrue();
            b.appendRecord(REF, Map.of("web2.json", utf8("b1")), "shard 2", BOB);
            b.appendRecord(REF, previous -> {
                Map<String, byte[]> next = new java.util.HashMap<>(previous);
                next.put("web3.json", utf8("b2"));
                return next;
            }, "shard 2 again", BOB);
            assertThat(b.pushRecords(url, REF)).isTrue();

            assertThat(remoteMessages()).containsExactly("shard 2 again", "shard 2", "shard 1");
            assertThat(remoteFiles()).containsExactlyEntriesOf(new TreeMap<>(Map.of(
                    "web1.json", "a1", "web2.json", "b1", "web3.json", "b2")));
            assertThat(b.log(REF, 10)).extracting(RecordCommit::message)
                    .containsExactly("shard 2 again", "shard 2", "shard 1");
            // a catches up the same way: nothing of its own to add, nothing lost
            a.appendRecord(REF, previous -> {
                Map<String, byte[]> next = new java.util.HashMap<>(previous);
                next.put("web1.json", utf8("a2"));
                return next;
            }, "shard 1 again", BOB);
            assertThat(a.pushRecords(url, REF)).isTrue();
            assertThat(remoteMessages()).containsExactly("shard 1 again", "shard 2 again", "shard 2", "shard 1");
            assertThat(remoteFiles()).containsEntry("web1.json", "a2").containsEntry("web3.json", "b2");
        }
    }

    @Test
    void aReplayedRecordKeepsItsRemovals() throws Exception {
        try (Repo a = Repo.open(clone("a")); Repo b = Repo.open(clone("b"))) {
            a.appendRecord(REF, Map.of("other.json", utf8("a")), "a", BOB);
            a.pushRecords(url, REF);
            b.appendRecord(REF, Map.of("drift.json", utf8("1"), "summary.txt", utf8("1")), "b1", BOB);
            b.appendRecord(REF, Map.of("drift.json", utf8("2")), "b2", BOB);
            assertThat(b.pushRecords(url, REF)).isTrue();
            assertThat(remoteFiles()).containsExactlyEntriesOf(new TreeMap<>(Map.of(
                    "other.json", "a", "drift.json", "2")));
        }
    }

    @Test
    void concurrentShardsInSeparateClonesLoseNoRecord() throws Exception {
        int shards = 6;
        List<Path> clones = new ArrayList<>();
        for (int i = 1; i <= shards; i++) {
            clones.add(clone("shard" + i));
        }
        ExecutorService pool = Executors.newFixedThreadPool(shards);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int i = 1; i <= shards; i++) {
                int n = i;
                done.add(pool.submit(() -> {
                    try (Repo repo = Repo.open(clones.get(n - 1))) {
                        repo.appendRecord(REF, Map.of("host" + n + ".json", utf8("shard " + n)), "shard " + n, BOB);
                        start.await();
                        assertThat(repo.pushRecords(url, REF)).isTrue();
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : done) {
                f.get(120, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        Map<String, String> expected = new TreeMap<>();
        for (int i = 1; i <= shards; i++) {
            expected.put("host" + i + ".json", "shard " + i);
        }
        assertThat(remoteFiles()).containsExactlyEntriesOf(expected);
        assertThat(remoteMessages()).hasSize(shards).containsExactlyInAnyOrderElementsOf(
                expected.values());
    }
}
