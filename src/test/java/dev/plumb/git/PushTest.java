package dev.plumb.git;

import static dev.plumb.git.Fixture.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;

import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.StoredConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Pushing record refs to a local bare repository through a file:// URL; no network. */
class PushTest {
    static final String REF = "refs/plumb/applied/lab";
    static final Author BOB = new Author("Bob", "bob@example.org");

    @TempDir
    Path tmp;
    Path work;
    Path remote;
    String url;
    Git git;

    @BeforeEach
    void repos() throws Exception {
        Fixture.isolate(tmp);
        work = tmp.toRealPath().resolve("work");
        remote = tmp.toRealPath().resolve("remote.git");
        url = remote.toUri().toString();
        git = Fixture.init(work);
        Fixture.commit(git, "one", "inventory/lab.yml", "hosts: {}\n");
        Fixture.bare(remote).close();
    }

    @AfterEach
    void close() {
        git.close();
        Fixture.restore();
    }

    private String remoteTip() throws Exception {
        try (Git r = Git.open(remote.toFile())) {
            var ref = r.getRepository().exactRef(REF);
            return ref == null ? null : ref.getObjectId().name();
        }
    }

    @Test
    void pushesFastForwardsAndSaysWhenUpToDate() throws Exception {
        try (Repo repo = Repo.open(work)) {
            RecordCommit one = repo.appendRecord(REF, Map.of("web1.json", utf8("1")), "one", BOB);
            assertThat(repo.push(url, REF)).isTrue();
            assertThat(remoteTip()).isEqualTo(one.commit());
            assertThat(repo.push(url, REF)).isFalse();
            RecordCommit two = repo.appendRecord(REF, Map.of("web1.json", utf8("2")), "two", BOB);
            assertThat(repo.push(url, REF)).isTrue();
            assertThat(remoteTip()).isEqualTo(two.commit());
        }
        try (Repo r = Repo.open(remote)) {
            assertThat(r.log(REF, 10)).extracting(RecordCommit::message).containsExactly("two", "one");
            assertThat(r.status(java.util.List.of()).head()).isEmpty();
        }
    }

    @Test
    void pushesToAConfiguredRemoteByName() throws Exception {
        StoredConfig config = git.getRepository().getConfig();
        config.setString("remote", "origin", "url", url);
        config.save();
        try (Repo repo = Repo.open(work)) {
            RecordCommit one = repo.appendRecord(REF, Map.of("web1.json", utf8("1")), "one", BOB);
            assertThat(repo.push("origin", REF)).isTrue();
            assertThat(remoteTip()).isEqualTo(one.commit());
            assertThatThrownBy(() -> repo.push("upstream", REF))
                    .hasMessage("unknown remote 'upstream' (configured: origin)")
                    .extracting(e -> ((GitException) e).kind()).isEqualTo(GitException.Kind.INVALID);
        }
    }

    @Test
    void divergedRemoteIsRejectedNotOverwritten() throws Exception {
        Path otherWork = tmp.resolve("other");
        try (Git other = Fixture.init(otherWork); Repo theirs = Repo.open(otherWork); Repo ours = Repo.open(work)) {
            Fixture.commit(other, "x", "a", "b");
            RecordCommit their = theirs.appendRecord(REF, Map.of("web1.json", utf8("theirs")), "theirs", BOB);
            assertThat(theirs.push(url, REF)).isTrue();
            ours.appendRecord(REF, Map.of("web1.json", utf8("ours")), "ours", BOB);
            assertThatThrownBy(() -> ours.push(url, REF))
                    .hasMessage(url + " rejected " + REF + ": it has records this repository lacks "
                            + "(not a fast-forward); fetch " + REF + " first")
                    .extracting(e -> ((GitException) e).kind()).isEqualTo(GitException.Kind.PUSH);
            assertThat(remoteTip()).isEqualTo(their.commit());
        }
    }

    @Test
    void clearErrors() throws Exception {
        try (Repo repo = Repo.open(work)) {
            assertThatThrownBy(() -> repo.push(url, REF))
                    .hasMessage("nothing to push: " + REF + " does not exist");
            repo.appendRecord(REF, Map.of("web1.json", utf8("1")), "one", BOB);
            assertThatThrownBy(() -> repo.push(url, "refs/heads/main"))
                    .hasMessage("'refs/heads/main' is not a record ref: record refs live under refs/plumb/");
            assertThatThrownBy(() -> repo.push("origin", REF)).hasMessage("unknown remote 'origin' (none is configured)");
            String missing = tmp.resolve("missing.git").toUri().toString();
            assertThatThrownBy(() -> repo.push(missing, REF))
                    .isInstanceOf(GitException.class)
                    .hasMessage("cannot push " + REF + " to " + missing + ": not found.")
                    .extracting(e -> ((GitException) e).kind()).isEqualTo(GitException.Kind.PUSH);
            for (String ssh : java.util.List.of("ssh://git@example.invalid/x.git", "git@example.invalid:x.git")) {
                assertThatThrownBy(() -> repo.push(ssh, REF)).as(ssh)
                        .hasMessage("cannot push to " + ssh + ": this build of plumb has no SSH support for git; "
                                + "use an https:// URL or a path");
            }
            assertThatThrownBy(() -> repo.push("gopher://user:secret@example.invalid/x.git", REF))
                    .isInstanceOf(GitException.class)
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain("secret").doesNotContain("\n"));
        }
    }
}
