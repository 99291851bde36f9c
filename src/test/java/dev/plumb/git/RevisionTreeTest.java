package dev.plumb.git;

import static dev.plumb.git.Fixture.commit;
import static dev.plumb.git.Fixture.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.dircache.DirCache;
import org.eclipse.jgit.dircache.DirCacheBuilder;
import org.eclipse.jgit.dircache.DirCacheEntry;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RevisionTreeTest {
    @TempDir
    Path tmp;
    Git git;
    RevCommit c1;
    RevCommit c2;
    RevCommit c3;

    @BeforeEach
    void setUp() throws Exception {
        Fixture.isolate(tmp);
        git = Fixture.init(tmp.resolve("work"));
        c1 = commit(git, "one", "playbooks/app.yml", "v: 1\n", "inventory/lab.yml", "hosts: {}\n");
        git.tag().setName("v1").setAnnotated(false).call();
        c2 = commit(git, "two", "playbooks/app.yml", "v: 2\n", "migrations/V1__init.sql", "create table t();\n",
                "migrations/sub/V2__more.sql", "select 1;\n");
        git.tag().setName("v2").setAnnotated(true).setMessage("release 2").setTagger(Fixture.ALICE).call();
        c3 = commit(git, "three", "playbooks/app.yml", "v: 3\n");
    }

    @AfterEach
    void close() {
        git.close();
        Fixture.restore();
    }

    private Repo repo() throws GitException {
        return Repo.open(tmp.resolve("work"));
    }

    @Test
    void resolvesEveryKindOfRevision() throws Exception {
        try (Repo repo = repo()) {
            Map<String, RevCommit> expected = new HashMap<>();
            expected.put("main", c3);
            expected.put("HEAD", c3);
            expected.put("refs/heads/main", c3);
            expected.put("v1", c1);
            expected.put("v2", c2);
            expected.put(c1.name(), c1);
            expected.put(c2.name().substring(0, 7), c2);
            expected.put(c2.name().substring(0, 12).toUpperCase(), c2);
            expected.put("HEAD~2", c1);
            expected.put("main^", c2);
            expected.put("main~1^", c1);
            for (Map.Entry<String, RevCommit> e : expected.entrySet()) {
                assertThat(repo.at(e.getKey()).commitId()).as(e.getKey()).isEqualTo(e.getValue().name());
            }
            RevisionTree main = repo.at("main");
            assertThat(main.revision()).isEqualTo("main");
            assertThat(main.toString()).isEqualTo("main (" + c3.name().substring(0, 7) + ")");
            assertThat(repo.at(c3.name()).toString()).isEqualTo(c3.name().substring(0, 7));
            assertThat(main.time()).isEqualTo(c3.getCommitterIdent().getWhenAsInstant());
        }
    }

    @Test
    void readsFilesAsOfTheCommit() throws Exception {
        try (Repo repo = repo()) {
            assertThat(text(repo.at("v1").read("playbooks/app.yml"))).isEqualTo("v: 1\n");
            assertThat(text(repo.at("HEAD~1").read("./playbooks//app.yml"))).isEqualTo("v: 2\n");
            assertThat(text(repo.at("main").read("playbooks/app.yml"))).isEqualTo("v: 3\n");
        }
    }

    @Test
    void unknownRevisionsAreOneLineErrors() throws Exception {
        try (Repo repo = repo()) {
            assertThatThrownBy(() -> repo.at("nope"))
                    .isInstanceOf(GitException.class).hasMessage("unknown revision 'nope'")
                    .extracting(e -> ((GitException) e).kind()).isEqualTo(GitException.Kind.UNKNOWN_REVISION);
            assertThatThrownBy(() -> repo.at("HEAD~9")).hasMessage("unknown revision 'HEAD~9'");
            assertThatThrownBy(() -> repo.at("0123456789012345678901234567890123456789"))
                    .hasMessage("unknown revision '0123456789012345678901234567890123456789'");
            assertThatThrownBy(() -> repo.at("HEAD^{tree}")).hasMessage("revision 'HEAD^{tree}' is not a commit");
            assertThatThrownBy(() -> repo.at("main^{nonsense")).hasMessage("'main^{nonsense' is not a valid revision");
            assertThatThrownBy(() -> repo.at(" ")).hasMessage("no revision given");
        }
    }

    @Test
    void ambiguousAbbreviationSaysSo() throws Exception {
        try (Repo repo = repo(); ObjectInserter ins = git.getRepository().newObjectInserter()) {
            Map<String, ObjectId> byPrefix = new HashMap<>();
            String prefix = null;
            for (int i = 0; prefix == null; i++) {
                ObjectId id = ins.insert(Constants.OBJ_BLOB, Fixture.utf8("blob " + i));
                String p = id.name().substring(0, 4);
                if (byPrefix.putIfAbsent(p, id) != null) {
                    prefix = p;
                }
            }
            ins.flush();
            String ambiguous = prefix;
            assertThatThrownBy(() -> repo.at(ambiguous)).isInstanceOf(GitException.class)
                    .hasMessageStartingWith("revision '" + ambiguous + "' is ambiguous: ")
                    .hasMessageEndingWith("give more hex digits");
        }
    }

    @Test
    void unbornRepositoryHasNoCommits() throws Exception {
        Fixture.init(tmp.resolve("empty")).close();
        try (Repo repo = Repo.open(tmp.resolve("empty"))) {
            assertThatThrownBy(() -> repo.at("HEAD"))
                    .hasMessage("unknown revision 'HEAD' (the repository has no commits yet)");
        }
    }

    @Test
    void missingPathsDirectoriesAndBadPaths() throws Exception {
        try (Repo repo = repo()) {
            RevisionTree v1 = repo.at("v1");
            String at = "v1 (" + c1.name().substring(0, 7) + ")";
            assertThatThrownBy(() -> v1.read("migrations/V1__init.sql"))
                    .hasMessage("migrations/V1__init.sql is missing at " + at)
                    .extracting(e -> ((GitException) e).kind()).isEqualTo(GitException.Kind.MISSING);
            assertThatThrownBy(() -> v1.read("playbooks"))
                    .hasMessage("playbooks at " + at + " is a directory")
                    .extracting(e -> ((GitException) e).kind()).isEqualTo(GitException.Kind.NOT_A_FILE);
            assertThatThrownBy(() -> v1.read("")).hasMessage("the repository root at " + at + " is a directory");
            assertThatThrownBy(() -> v1.read("/etc/passwd"))
                    .hasMessage("path '/etc/passwd' must be relative to the repository root")
                    .extracting(e -> ((GitException) e).kind()).isEqualTo(GitException.Kind.INVALID);
            assertThatThrownBy(() -> v1.read("playbooks/../../x")).hasMessage("path 'playbooks/../../x' must not contain '..'");
        }
    }

    @Test
    void existence() throws Exception {
        try (Repo repo = repo()) {
            RevisionTree head = repo.at("HEAD");
            assertThat(head.exists("playbooks/app.yml")).isTrue();
            assertThat(head.exists("migrations")).isTrue();
            assertThat(head.exists("migrations/sub/")).isTrue();
            assertThat(head.exists("")).isTrue();
            assertThat(head.exists("nope.yml")).isFalse();
            assertThat(head.exists("playbooks/app.yml/x")).isFalse();
            assertThat(repo.at("v1").exists("migrations")).isFalse();
        }
    }

    @Test
    void listsDirectoriesRecursively() throws Exception {
        try (Repo repo = repo()) {
            RevisionTree head = repo.at("HEAD");
            assertThat(head.list("migrations"))
                    .containsExactly("migrations/V1__init.sql", "migrations/sub/V2__more.sql");
            assertThat(head.list("./migrations/sub/")).containsExactly("migrations/sub/V2__more.sql");
            assertThat(head.list("")).containsExactly("inventory/lab.yml", "migrations/V1__init.sql",
                    "migrations/sub/V2__more.sql", "playbooks/app.yml");
            assertThatThrownBy(() -> repo.at("v1").list("migrations"))
                    .hasMessage("migrations is missing at v1 (" + c1.name().substring(0, 7) + ")");
            assertThatThrownBy(() -> head.list("playbooks/app.yml"))
                    .hasMessage("playbooks/app.yml at HEAD (" + c3.name().substring(0, 7) + ") is not a directory")
                    .extracting(e -> ((GitException) e).kind()).isEqualTo(GitException.Kind.NOT_A_FILE);
        }
    }

    @Test
    void refusesSymlinksSubmodulesAndHugeFiles() throws Exception {
        var db = git.getRepository();
        String commit;
        try (ObjectInserter ins = db.newObjectInserter()) {
            DirCache index = DirCache.newInCore();
            DirCacheBuilder b = index.builder();
            b.add(entry("link.yml", FileMode.SYMLINK, ins.insert(Constants.OBJ_BLOB, Fixture.utf8("/etc/passwd"))));
            b.add(entry("vendor/lib", FileMode.GITLINK, c1));
            byte[] big = new byte[(int) RevisionTree.MAX_FILE_BYTES + 1];
            Arrays.fill(big, (byte) 'a');
            b.add(entry("big.bin", FileMode.REGULAR_FILE, ins.insert(Constants.OBJ_BLOB, big)));
            b.add(entry("limit.bin", FileMode.REGULAR_FILE,
                    ins.insert(Constants.OBJ_BLOB, Arrays.copyOf(big, big.length - 1))));
            b.add(entry("run.sh", FileMode.EXECUTABLE_FILE, ins.insert(Constants.OBJ_BLOB, Fixture.utf8("#!/bin/sh\n"))));
            b.finish();
            CommitBuilder cb = new CommitBuilder();
            cb.setTreeId(index.writeTree(ins));
            cb.setAuthor(Fixture.ALICE);
            cb.setCommitter(Fixture.ALICE);
            cb.setMessage("odd entries\n");
            ObjectId id = ins.insert(cb);
            ins.flush();
            commit = id.name();
            RefUpdate ru = db.updateRef("refs/heads/odd");
            ru.setNewObjectId(id);
            assertThat(ru.update()).isEqualTo(RefUpdate.Result.NEW);
        }
        try (Repo repo = repo()) {
            RevisionTree odd = repo.at("odd");
            String at = "odd (" + commit.substring(0, 7) + ")";
            assertThatThrownBy(() -> odd.read("link.yml"))
                    .hasMessage("link.yml at " + at + " is a symbolic link; plumb reads only regular files");
            assertThatThrownBy(() -> odd.read("vendor/lib"))
                    .hasMessage("vendor/lib at " + at + " is a submodule; plumb reads only regular files");
            assertThatThrownBy(() -> odd.read("big.bin"))
                    .hasMessage("big.bin at " + at + " is 10485761 bytes, over the 10 MiB limit")
                    .extracting(e -> ((GitException) e).kind()).isEqualTo(GitException.Kind.TOO_LARGE);
            assertThat(odd.read("limit.bin")).hasSize((int) RevisionTree.MAX_FILE_BYTES);
            assertThat(text(odd.read("run.sh"))).isEqualTo("#!/bin/sh\n");
            assertThat(odd.list("")).containsExactly("big.bin", "limit.bin", "link.yml", "run.sh", "vendor/lib");
            assertThat(odd.exists("link.yml")).isTrue();
        }
    }

    @Test
    void readingChangesNothingOnDisk() throws Exception {
        Fixture.write(git, "playbooks/app.yml", "edited\n", "new.yml", "x\n");
        Map<String, String> before = Fixture.snapshot(tmp.resolve("work"));
        try (Repo repo = repo()) {
            RevisionTree v1 = repo.at("v1");
            v1.read("playbooks/app.yml");
            v1.list("");
            repo.at("main").exists("migrations");
            repo.status(List.of(tmp.resolve("work/playbooks/app.yml"), tmp.resolve("work/new.yml")));
        }
        assertThat(Fixture.snapshot(tmp.resolve("work"))).isEqualTo(before);
    }

    @Test
    void worksOnBareRepositories() throws Exception {
        Path bare = tmp.resolve("bare.git");
        Git.cloneRepository().setURI(tmp.resolve("work").toUri().toString()).setDirectory(bare.toFile())
                .setBare(true).call().close();
        try (Repo repo = Repo.open(bare)) {
            assertThat(repo.isBare()).isTrue();
            assertThat(text(repo.at("main~1").read("playbooks/app.yml"))).isEqualTo("v: 2\n");
            assertThat(repo.at("v2").list("migrations")).hasSize(2);
        }
    }

    @Test
    void shallowCloneNamesTheMissingHistory() throws Exception {
        Path bare = tmp.resolve("origin.git");
        Git.cloneRepository().setURI(tmp.resolve("work").toUri().toString()).setDirectory(bare.toFile())
                .setBare(true).call().close();
        Path shallow = tmp.resolve("shallow");
        Git.cloneRepository().setURI(bare.toUri().toString()).setDirectory(shallow.toFile()).setDepth(1)
                .setNoTags().call().close();
        try (Repo repo = Repo.open(shallow)) {
            assertThat(text(repo.at("HEAD").read("playbooks/app.yml"))).isEqualTo("v: 3\n");
            for (String rev : List.of("HEAD~1", "main^", c1.name(), c1.name().substring(0, 8))) {
                assertThatThrownBy(() -> repo.at(rev)).as(rev)
                        .hasMessage("revision '" + rev + "' is not in this shallow clone; "
                                + "fetch the rest of the history (git fetch --unshallow)")
                        .extracting(e -> ((GitException) e).kind()).isEqualTo(GitException.Kind.SHALLOW);
            }
            assertThatThrownBy(() -> repo.at("nope")).hasMessage("unknown revision 'nope'");
        }
    }

    private static DirCacheEntry entry(String path, FileMode mode, ObjectId id) {
        DirCacheEntry e = new DirCacheEntry(path);
        e.setFileMode(mode);
        e.setObjectId(id);
        return e;
    }
}
