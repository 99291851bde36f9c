package dev.plumb.git;

import static dev.plumb.git.Fixture.commit;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.StoredConfig;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Finding and opening repositories, paths relative to them, and the author identity. */
class RepoTest {
    @TempDir
    Path tmp;
    Path work;
    Git git;
    RevCommit first;

    @BeforeEach
    void repo() throws Exception {
        Fixture.isolate(tmp);
        work = tmp.toRealPath().resolve("work");
        git = Fixture.init(work);
        first = commit(git, "one", "inventory/lab.yml", "hosts: {}\n", "playbooks/app.yml", "v: 1\n");
    }

    @AfterEach
    void close() {
        git.close();
        Fixture.restore();
    }

    @Test
    void findWalksUpFromAnyFile() throws Exception {
        for (Path p : List.of(work.resolve("inventory/lab.yml"), work.resolve("inventory"), work,
                work.resolve("not/yet/created.yml"))) {
            try (Repo repo = Repo.find(p).orElseThrow()) {
                assertThat(repo.workTree()).as(p.toString()).contains(work.toRealPath());
                assertThat(repo.gitDir()).isEqualTo(work.resolve(".git").toRealPath());
                assertThat(repo.isBare()).isFalse();
            }
        }
    }

    @Test
    void findInsideANestedRepositoryFindsTheInnerOne() throws Exception {
        Path inner = work.resolve("vendor/inner");
        Fixture.init(inner).close();
        try (Repo repo = Repo.find(inner.resolve("x.yml")).orElseThrow()) {
            assertThat(repo.workTree()).contains(inner.toRealPath());
        }
    }

    @Test
    void findOutsideAnyRepositoryIsEmpty() throws Exception {
        Path plain = Files.createDirectories(tmp.resolve("plain/dir"));
        Files.writeString(plain.resolve("lab.yml"), "x");
        assertThat(Repo.find(plain.resolve("lab.yml"))).isEmpty();
        assertThat(Repo.find(tmp.resolve("nowhere/lab.yml"))).isEmpty();
    }

    @Test
    void findFollowsADotGitFile() throws Exception {
        Path linked = tmp.resolve("linked");
        Files.createDirectories(linked);
        Path meta = work.resolve(".git/worktrees/linked");
        Files.createDirectories(meta);
        Files.writeString(meta.resolve("HEAD"), first.name() + "\n");
        Files.writeString(meta.resolve("commondir"), "../..\n");
        Files.writeString(meta.resolve("gitdir"), linked.resolve(".git") + "\n");
        Files.writeString(linked.resolve(".git"), "gitdir: " + meta + "\n");
        commit(git, "two", "playbooks/app.yml", "v: 2\n");
        try (Repo repo = Repo.find(linked.resolve("playbooks/app.yml")).orElseThrow()) {
            assertThat(repo.workTree()).contains(linked.toRealPath());
            assertThat(Fixture.text(repo.at("HEAD").read("playbooks/app.yml"))).isEqualTo("v: 1\n");
            assertThat(Fixture.text(repo.at("main").read("playbooks/app.yml"))).isEqualTo("v: 2\n");
            assertThat(repo.status(List.of()).detached()).isTrue();
        }
    }

    @Test
    void openTakesAWorkTreeItsGitDirOrABareRepository() throws Exception {
        try (Repo repo = Repo.open(work)) {
            assertThat(repo.workTree()).contains(work.toRealPath());
        }
        try (Repo repo = Repo.open(work.resolve(".git"))) {
            assertThat(repo.workTree()).contains(work.toRealPath());
        }
        Fixture.bare(tmp.resolve("b.git")).close();
        try (Repo repo = Repo.open(tmp.resolve("b.git"))) {
            assertThat(repo.isBare()).isTrue();
            assertThat(repo.workTree()).isEmpty();
            assertThat(repo.toString()).isEqualTo(tmp.resolve("b.git").toString());
        }
    }

    @Test
    void openRefusesWhatIsNotARepository() throws Exception {
        Path plain = Files.createDirectories(tmp.resolve("plain"));
        assertThatThrownBy(() -> Repo.open(plain))
                .isInstanceOf(GitException.class)
                .hasMessage(plain + " is not a git repository")
                .extracting(e -> ((GitException) e).kind()).isEqualTo(GitException.Kind.NOT_A_REPOSITORY);
        assertThatThrownBy(() -> Repo.open(tmp.resolve("missing"))).hasMessage(tmp.resolve("missing") + " is not a git repository");
        assertThatThrownBy(() -> Repo.open(work.resolve("inventory"))).hasMessageEndingWith("inventory is not a git repository");
        Files.createDirectories(tmp.resolve("broken/.git"));
        assertThatThrownBy(() -> Repo.open(tmp.resolve("broken"))).hasMessage(tmp.resolve("broken") + " is not a git repository");
    }

    @Test
    void relativePaths() throws Exception {
        Path link = Files.createSymbolicLink(tmp.resolve("link"), work);
        try (Repo repo = Repo.open(work)) {
            assertThat(repo.relativePath(work.resolve("inventory/lab.yml"))).isEqualTo("inventory/lab.yml");
            assertThat(repo.relativePath(link.resolve("inventory/../playbooks/app.yml"))).isEqualTo("playbooks/app.yml");
            assertThat(repo.relativePath(work.resolve("new/dir/x.yml"))).isEqualTo("new/dir/x.yml");
            assertThat(repo.relativePath(work)).isEmpty();
            assertThat(repo.relativePath(link)).isEmpty();
            assertThatThrownBy(() -> repo.relativePath(tmp.resolve("elsewhere.yml")))
                    .hasMessage(tmp.resolve("elsewhere.yml") + " is outside the work tree " + work.toRealPath())
                    .extracting(e -> ((GitException) e).kind()).isEqualTo(GitException.Kind.INVALID);
        }
    }

    @Test
    void authorFromTheRepositoryConfigFirst() throws Exception {
        StoredConfig user = git.getRepository().getConfig();
        user.setString("user", null, "name", "Repo Person");
        user.setString("user", null, "email", "repo@example.org");
        user.save();
        Files.writeString(tmp.resolve("home-gitconfig"), "[user]\n\tname = Global Person\n\temail = global@example.org\n");
        try (Repo repo = Repo.open(work)) {
            assertThat(repo.author()).isEqualTo(new Author("Repo Person", "repo@example.org"));
        }
    }

    @Test
    void authorFromTheUserConfigNext() throws Exception {
        Files.writeString(tmp.resolve("home-gitconfig"), "[user]\n\tname = Global Person\n\temail = global@example.org\n");
        try (Repo repo = Repo.open(work)) {
            assertThat(repo.author()).isEqualTo(new Author("Global Person", "global@example.org"));
            assertThat(repo.author().toString()).isEqualTo("Global Person <global@example.org>");
        }
    }

    @Test
    void authorFromTheEnvironmentLast() throws Exception {
        try (Repo repo = Repo.open(work)) {
            assertThat(repo.author()).isEqualTo(new Author("tester", "tester@testhost"));
        }
        Fixture.ENV.put("GIT_AUTHOR_NAME", "Env Person");
        Fixture.ENV.put("GIT_AUTHOR_EMAIL", "env@example.org");
        Files.writeString(tmp.resolve("home-gitconfig"), "[user]\n\tname = Global Person\n");
        try (Repo repo = Repo.open(work)) {
            assertThat(repo.author()).isEqualTo(new Author("Env Person", "env@example.org"));
        }
    }

    @Test
    void authorRefusesWhatWouldCorruptACommit() {
        assertThatThrownBy(() -> new Author("a <b>", "x")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Author("a", "x\ny")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Author(" ", "x")).isInstanceOf(IllegalArgumentException.class);
        assertThat(Author.sanitized("Ev<il>\n", "e@x>")).isEqualTo(new Author("Evil", "e@x"));
        assertThat(Optional.of(Author.sanitized(null, null))).contains(new Author("unknown", ""));
    }
}
