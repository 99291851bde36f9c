package dev.plumb.git;

import static dev.plumb.git.Fixture.commit;
import static dev.plumb.git.Fixture.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.plumb.io.LocalFile;
import dev.plumb.io.SourceTree;

/** Paths on this machine standing for the files of one commit: plumb plan --rev's view of a repository. */
class RevisionFilesTest {
    @TempDir
    Path tmp;
    Git git;
    Path work;
    RevCommit first;

    @BeforeEach
    void setUp() {
        Fixture.isolate(tmp);
        work = tmp.resolve("work");
        git = Fixture.init(work);
        first = commit(git, "one", "playbooks/app.yml", "v: 1\n", "files/app.conf", "committed\n",
                "migrations/V1__a.sql", "create table a();\n", "migrations/sub/V2__b.sql", "select 1;\n");
        // The work tree moves on without a commit.
        Fixture.write(git, "files/app.conf", "work tree\n", "migrations/V3__c.sql", "select 3;\n");
    }

    @AfterEach
    void close() {
        git.close();
        Fixture.restore();
    }

    private RevisionFiles at(Path anyFile, String rev) throws GitException {
        return RevisionFiles.open(Repo.find(anyFile).orElseThrow(), rev);
    }

    @Test
    void readsTheCommitWhileTheWorkTreeHoldsOtherContents() throws Exception {
        try (RevisionFiles files = at(work.resolve("playbooks/app.yml"), "HEAD")) {
            assertThat(text(files.read(work.resolve("files/app.conf"), 100))).isEqualTo("committed\n");
            assertThat(files.entry(work.resolve("migrations"))).isEqualTo(SourceTree.Entry.DIRECTORY);
            assertThat(files.entry(work.resolve("files/app.conf"))).isEqualTo(SourceTree.Entry.FILE);
            assertThat(files.files(work.resolve("migrations"))).containsExactly(
                    work.resolve("migrations/V1__a.sql"), work.resolve("migrations/sub/V2__b.sql"));
            assertThat(files.commit()).contains(first.getName());
            assertThat(files.revision()).contains("HEAD (" + first.getName().substring(0, 7) + ")");
        }
        assertThat(Files.readString(work.resolve("files/app.conf"))).isEqualTo("work tree\n");
    }

    @Test
    void aDirectoryIsCopiedToAPrivatePlaceThatCloseRemoves() throws Exception {
        Path copy;
        try (RevisionFiles files = at(work.resolve("playbooks/app.yml"), "main")) {
            copy = files.onDisk(work.resolve("migrations"));
            assertThat(files.onDisk(work.resolve("migrations"))).isEqualTo(copy);
            assertThat(Files.readString(copy.resolve("V1__a.sql"))).isEqualTo("create table a();\n");
            assertThat(Files.readString(copy.resolve("sub/V2__b.sql"))).isEqualTo("select 1;\n");
            assertThat(copy.resolve("V3__c.sql")).doesNotExist();
            Path root = copy.getParent();
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(root))).isEqualTo("rwx------");
        }
        assertThat(copy).doesNotExist();
        assertThat(copy.getParent()).doesNotExist();
    }

    @Test
    void missingOutsideAndNonRegularPathsAreProblemsInWords() throws Exception {
        Path link = work.resolve("migrations/V9__link.sql");
        Files.createSymbolicLink(link, Path.of("/etc/passwd"));
        commit(git, "link");
        try (RevisionFiles files = at(work.resolve("playbooks/app.yml"), "HEAD")) {
            String at = "HEAD (" + git.getRepository().resolve("HEAD").abbreviate(7).name() + ")";
            assertThatThrownBy(() -> files.read(work.resolve("nope.yml"), 100))
                    .isInstanceOf(LocalFile.Problem.class).hasMessage("does not exist at " + at)
                    .matches(e -> ((LocalFile.Problem) e).missing());
            assertThatThrownBy(() -> files.read(tmp.resolve("elsewhere.yml"), 100))
                    .hasMessage("is outside the repository " + work.toRealPath() + ", so " + at + " has no such file");
            assertThatThrownBy(() -> files.read(link, 100))
                    .hasMessage("is a symbolic link at " + at + "; plumb reads only regular files");
            assertThatThrownBy(() -> files.files(work.resolve("migrations")))
                    .hasMessage("holds V9__link.sql, a symbolic link, at " + at + "; plumb reads only regular files");
            assertThatThrownBy(() -> files.read(work.resolve("migrations"), 100))
                    .hasMessage("is a directory, not a file, at " + at);
            assertThatThrownBy(() -> files.read(work.resolve("playbooks/app.yml"), 3))
                    .hasMessage("is larger than 3 bytes at " + at);
            assertThat(files.entry(work.resolve("nope.yml"))).isEqualTo(SourceTree.Entry.MISSING);
            assertThat(files.entry(link)).isEqualTo(SourceTree.Entry.OTHER);
        }
    }

    @Test
    void aBareRepositoryStandsForItsCommitsPaths() throws Exception {
        Path bare = tmp.resolve("infra.git");
        Git.cloneRepository().setURI(work.toUri().toString()).setDirectory(bare.toFile()).setBare(true).call().close();
        try (RevisionFiles files = at(bare.resolve("playbooks/app.yml"), "main")) {
            assertThat(text(files.read(bare.resolve("playbooks/app.yml"), 100))).isEqualTo("v: 1\n");
            assertThat(text(files.read(bare.resolve("files/app.conf"), 100))).isEqualTo("committed\n");
        }
    }

    @Test
    void anUnknownRevisionClosesTheRepository() throws Exception {
        Repo repo = Repo.find(work.resolve("playbooks/app.yml")).orElseThrow();
        assertThatThrownBy(() -> RevisionFiles.open(repo, "nope")).isInstanceOf(GitException.class)
                .hasMessage("unknown revision 'nope'");
    }
}
