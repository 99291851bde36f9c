package dev.plumb.git;

import static dev.plumb.git.Fixture.commit;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StatusTest {
    @TempDir
    Path tmp;
    Path work;
    Git git;
    RevCommit head;

    @BeforeEach
    void repo() throws Exception {
        Fixture.isolate(tmp);
        work = tmp.toRealPath().resolve("work");
        git = Fixture.init(work);
        head = commit(git, "one", "playbooks/app.yml", "v: 1\n", "inventory/lab.yml", "hosts: {}\n",
                "migrations/V1__a.sql", "select 1;\n", ".gitignore", "*.local\nsecret/\n");
    }

    @AfterEach
    void close() {
        git.close();
        Fixture.restore();
    }

    private Status status(String... files) throws GitException {
        try (Repo repo = Repo.open(work)) {
            return repo.status(Arrays.stream(files).map(work::resolve).toList());
        }
    }

    private static Status.Dirty dirty(String path, Status.Reason reason) {
        return new Status.Dirty(path, reason);
    }

    @Test
    void cleanWorkTreeOnABranch() throws Exception {
        Status s = status("playbooks/app.yml", "inventory/lab.yml", "migrations");
        assertThat(s.head()).contains(head.name());
        assertThat(s.branch()).contains("main");
        assertThat(s.detached()).isFalse();
        assertThat(s.clean()).isTrue();
    }

    @Test
    void eachKindOfDirt() throws Exception {
        Fixture.write(git, "playbooks/app.yml", "v: 2\n", "migrations/V2__b.sql", "select 2;\n",
                "inventory/lab.yml", null, "other.yml", "not asked about\n");
        Fixture.write(git, "inventory/prod.yml", "hosts: {}\n");
        git.add().addFilepattern("inventory/prod.yml").call();
        Status s = status("playbooks/app.yml", "inventory/lab.yml", "inventory/prod.yml", "migrations");
        assertThat(s.dirty()).containsExactly(
                dirty("inventory/lab.yml", Status.Reason.MODIFIED),
                dirty("inventory/prod.yml", Status.Reason.STAGED),
                dirty("migrations/V2__b.sql", Status.Reason.UNTRACKED),
                dirty("playbooks/app.yml", Status.Reason.MODIFIED));
        assertThat(s.clean()).isFalse();
        assertThat(s.dirty().get(0).toString()).isEqualTo("inventory/lab.yml (modified)");
    }

    @Test
    void stagedWinsOverModified() throws Exception {
        Fixture.write(git, "playbooks/app.yml", "v: 2\n");
        git.add().addFilepattern("playbooks/app.yml").call();
        Fixture.write(git, "playbooks/app.yml", "v: 3\n");
        assertThat(status("playbooks/app.yml").dirty()).containsExactly(dirty("playbooks/app.yml", Status.Reason.STAGED));
    }

    @Test
    void stagedRemoval() throws Exception {
        git.rm().addFilepattern("inventory/lab.yml").call();
        assertThat(status("inventory/lab.yml").dirty()).containsExactly(dirty("inventory/lab.yml", Status.Reason.STAGED));
    }

    @Test
    void ignoredFilesAreNotInGitEither() throws Exception {
        Fixture.write(git, "inventory/lab.local", "x\n", "secret/vault.yml", "y\n", "migrations/V9.local", "z\n");
        Status s = status("inventory/lab.local", "secret/vault.yml", "migrations");
        assertThat(s.dirty()).containsExactly(
                dirty("inventory/lab.local", Status.Reason.UNTRACKED),
                dirty("migrations/V9.local", Status.Reason.UNTRACKED),
                dirty("secret/vault.yml", Status.Reason.UNTRACKED));
    }

    @Test
    void aFileThatExistsNowhereIsNotDirty() throws Exception {
        assertThat(status("playbooks/nothing.yml").clean()).isTrue();
    }

    @Test
    void untouchedFilesStayCleanAfterATouch() throws Exception {
        Path f = work.resolve("playbooks/app.yml");
        Files.setLastModifiedTime(f, FileTime.fromMillis(System.currentTimeMillis() + 5000));
        assertThat(status("playbooks/app.yml").clean()).isTrue();
    }

    @Test
    void detachedHead() throws Exception {
        RevCommit second = commit(git, "two", "playbooks/app.yml", "v: 2\n");
        git.checkout().setName(head.name()).call();
        Status s = status("playbooks/app.yml");
        assertThat(s.head()).contains(head.name());
        assertThat(s.detached()).isTrue();
        assertThat(s.branch()).isEmpty();
        assertThat(s.clean()).isTrue();
        assertThat(second).isNotNull();
    }

    @Test
    void unbornBranch() throws Exception {
        Path fresh = tmp.toRealPath().resolve("fresh");
        try (Git g = Fixture.init(fresh)) {
            Fixture.write(g, "lab.yml", "x\n");
        }
        try (Repo repo = Repo.open(fresh)) {
            Status s = repo.status(List.of(fresh.resolve("lab.yml")));
            assertThat(s.head()).isEmpty();
            assertThat(s.branch()).contains("main");
            assertThat(s.detached()).isFalse();
            assertThat(s.dirty()).containsExactly(dirty("lab.yml", Status.Reason.UNTRACKED));
        }
    }

    @Test
    void conflicted() throws Exception {
        git.branchCreate().setName("side").call();
        commit(git, "main edit", "playbooks/app.yml", "v: main\n");
        git.checkout().setName("side").call();
        commit(git, "side edit", "playbooks/app.yml", "v: side\n");
        git.checkout().setName("main").call();
        git.merge().include(git.getRepository().resolve("side")).setCommit(true).call();
        assertThat(status("playbooks/app.yml", "inventory/lab.yml").dirty())
                .containsExactly(dirty("playbooks/app.yml", Status.Reason.CONFLICTED));
    }

    @Test
    void bareRepositoriesHaveNoDirtyFiles() throws Exception {
        Path bare = tmp.resolve("b.git");
        Git.cloneRepository().setURI(work.toUri().toString()).setDirectory(bare.toFile()).setBare(true).call().close();
        try (Repo repo = Repo.open(bare)) {
            Status s = repo.status(List.of());
            assertThat(s).isEqualTo(new Status(Optional.of(head.name()), Optional.of("main"), false, List.of()));
            assertThatThrownBy(() -> repo.status(List.of(Path.of("lab.yml"))))
                    .hasMessage("the bare repository " + bare + " has no work tree, so no file in it can be dirty")
                    .extracting(e -> ((GitException) e).kind()).isEqualTo(GitException.Kind.NOT_A_REPOSITORY);
        }
    }

    @Test
    void filesOutsideTheWorkTreeAreRefused() throws Exception {
        try (Repo repo = Repo.open(work)) {
            assertThatThrownBy(() -> repo.status(List.of(tmp.resolve("lab.yml"))))
                    .hasMessageEndingWith("lab.yml is outside the work tree " + work);
        }
    }

    @Test
    void statusOfTheWholeWorkTree() throws Exception {
        Fixture.write(git, "playbooks/app.yml", "v: 2\n");
        assertThat(status("").dirty()).containsExactly(dirty("playbooks/app.yml", Status.Reason.MODIFIED));
    }
}
