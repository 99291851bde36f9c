package dev.plumb.git;

import static dev.plumb.git.Fixture.commit;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;

import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.MergeCommand;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChangesTest {
    @TempDir
    Path tmp;
    Git git;
    RevCommit base;
    RevCommit next;

    @BeforeEach
    void repo() throws Exception {
        Fixture.isolate(tmp);
        git = Fixture.init(tmp.resolve("work"));
        base = commit(git, "base", "playbooks/app.yml", "a\nb\nc\nd\n", "inventory/lab.yml", "hosts: {}\n",
                "old.yml", "x\ny\n", "logo.png", "\0\1\2binary");
        next = commit(git, "next", "playbooks/app.yml", "a\nB\nc\nd\ne\nf\n", "old.yml", null,
                "migrations/V1__a.sql", "one\ntwo\nthree\n", "logo.png", "\0\1\3binary!");
    }

    @AfterEach
    void close() {
        git.close();
        Fixture.restore();
    }

    @Test
    void countsLinesLikeGitDiffStat() throws Exception {
        try (Repo repo = Repo.open(tmp.resolve("work"))) {
            assertThat(repo.diffStat(base.name(), "main", List.of())).containsExactly(
                    new FileStat("logo.png", FileStat.Change.MODIFIED, 0, 0, true),
                    new FileStat("migrations/V1__a.sql", FileStat.Change.ADDED, 3, 0, false),
                    new FileStat("old.yml", FileStat.Change.DELETED, 0, 2, false),
                    new FileStat("playbooks/app.yml", FileStat.Change.MODIFIED, 3, 1, false));
            assertThat(repo.diffStat("HEAD", "HEAD~1", List.of("old.yml")))
                    .containsExactly(new FileStat("old.yml", FileStat.Change.ADDED, 2, 0, false));
            assertThat(repo.diffStat("HEAD~1", "HEAD", List.of()).get(3).toString()).isEqualTo("playbooks/app.yml | +3 -1");
            assertThat(repo.diffStat("HEAD~1", "HEAD", List.of()).get(0).toString()).isEqualTo("logo.png | Bin");
        }
    }

    @Test
    void onlyThePathsAskedAbout() throws Exception {
        try (Repo repo = Repo.open(tmp.resolve("work"))) {
            assertThat(repo.diffStat(base.name(), next.name(), List.of("./playbooks/app.yml", "migrations", "inventory/lab.yml")))
                    .extracting(FileStat::path).containsExactly("migrations/V1__a.sql", "playbooks/app.yml");
            assertThat(repo.diffStat(base.name(), next.name(), List.of("inventory"))).isEmpty();
            assertThat(repo.diffStat("main", "main", List.of())).isEmpty();
            assertThatThrownBy(() -> repo.diffStat("nope", "main", List.of())).hasMessage("unknown revision 'nope'");
            assertThatThrownBy(() -> repo.diffStat("main", "main", List.of("../x")))
                    .extracting(e -> ((GitException) e).kind()).isEqualTo(GitException.Kind.INVALID);
        }
    }

    @Test
    void commitsAheadOnFirstParentHistory() throws Exception {
        RevCommit onMain = commit(git, "main 3", "playbooks/app.yml", "main3\n");
        git.checkout().setCreateBranch(true).setName("feature").setStartPoint(next).call();
        commit(git, "f1", "feature.txt", "1\n");
        commit(git, "f2", "feature.txt", "2\n");
        git.checkout().setName("main").call();
        git.merge().include(git.getRepository().resolve("feature")).setFastForward(MergeCommand.FastForwardMode.NO_FF)
                .setCommit(true).setMessage("merge feature").call();
        try (Repo repo = Repo.open(tmp.resolve("work"))) {
            assertThat(repo.commitsBetween(base.name(), next.name())).isEqualTo(1);
            assertThat(repo.commitsBetween(next.name(), "main")).isEqualTo(2);
            assertThat(repo.commitsBetween(base.name(), "main")).isEqualTo(3);
            assertThat(repo.commitsBetween("main", base.name())).isZero();
            assertThat(repo.commitsBetween("main", "main")).isZero();
            assertThat(repo.commitsBetween(onMain.name(), "feature")).isEqualTo(2);
            assertThatThrownBy(() -> repo.commitsBetween("main", "nope")).hasMessage("unknown revision 'nope'");
        }
    }
}
