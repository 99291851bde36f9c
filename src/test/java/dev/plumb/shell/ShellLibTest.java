package dev.plumb.shell;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.plumb.model.Text;

/**
 * {@code plumb_write} and {@code plumb_remove} run by this machine's {@code /bin/sh} as root in a
 * temporary directory, against planted links, directories of other users and lost races: root
 * never writes or removes outside the declared path. {@code victim} is root's, mode 0700, with a
 * file {@code app.conf} that must stay as it is.
 */
class ShellLibTest {
    @TempDir
    Path tmp;
    @TempDir
    Path bin;
    private LocalSh sh;
    private String t;

    @BeforeEach
    void setUp() {
        assumeTrue(LocalSh.root(), "needs root: files of other users, chown");
        sh = new LocalSh(bin);
        t = tmp.toString();
        fixture("mkdir -m 0700 victim && echo precious > victim/app.conf");
    }

    private void fixture(String commands) {
        LocalSh.Result r = sh.run("set -e\ncd " + Shell.quote(t) + "\n" + commands + "\n");
        assertThat(r.exit()).as("fixture: %s", r).isZero();
    }

    private String shell(String command) {
        return sh.run("cd " + Shell.quote(t) + " && " + command).out();
    }

    private LocalSh.Result write(String path, String owner, String content) {
        return sh.run(ShellLib.PRELUDE + ShellLib.write(t + "/" + path, owner, "root", "0640", Text.plain(content)));
    }

    private LocalSh.Result remove(String path) {
        return sh.run(ShellLib.PRELUDE + ShellLib.remove(t + "/" + path));
    }

    private void assertRefused(LocalSh.Result r, String path, String why) {
        assertThat(r.exit()).as("%s", r).isEqualTo(3);
        assertThat(r.err()).contains("plumb will not ", " " + t + "/" + path + ": ", why);
        assertVictimIntact();
    }

    private void assertVictimIntact() {
        assertThat(shell("ls -A victim; cat victim/app.conf")).isEqualTo("app.conf\nprecious\n");
    }

    @Test
    void writesContentOwnerAndModeAndMakesMissingDirectoriesRootsAlone() {
        LocalSh.Result r = write("a/b/app.conf", "nobody", "one\ntwo\n");
        assertThat(r.exit()).as("%s", r).isZero();
        assertThat(shell("cat a/b/app.conf")).isEqualTo("one\ntwo\n");
        assertThat(shell("stat -c '%a %U %G' a a/b a/b/app.conf"))
                .isEqualTo("755 root root\n755 root root\n640 nobody root\n");
        assertThat(shell("ls -A a/b")).isEqualTo("app.conf\n");

        assertThat(write("a/b/app.conf", "root", "three\n").exit()).isZero();
        assertThat(shell("cat a/b/app.conf; stat -c '%a %U' a/b/app.conf; ls -A a/b"))
                .isEqualTo("three\n640 root\napp.conf\n");

        String hostile = "-a\nb;$(touch pwned) 'q' *";
        assertThat(write("h/" + hostile + "/" + hostile, "root", "h").exit()).isZero();
        assertThat(shell("cat h/*/*; test -e /pwned || find . -name pwned")).isEqualTo("h");
    }

    @Test
    void aLinkAtTheTargetIsRefusedAndLeftAlone() {
        fixture("mkdir etc && ln -s ../victim/app.conf etc/app.conf");
        assertRefused(write("etc/app.conf", "root", "evil\n"), "etc/app.conf", "it is a symbolic link");
        assertThat(shell("readlink etc/app.conf")).isEqualTo("../victim/app.conf\n");
    }

    @Test
    void aLinkInTheDirectoryChainIsRefusedUnlessRootControlsIt() {
        fixture("mkdir u && chown nobody u && ln -s ../victim u/sub && chown -h nobody u/sub");
        // u is not root's or the file owner's: refused before its entries are looked at.
        assertRefused(write("u/sub/app.conf", "root", "evil\n"), "u/sub/app.conf",
                "directory " + t + "/u belongs to nobody, not to root or the file's owner");
        // For a file of nobody's, u is fine, but not nobody's link in it...
        assertRefused(write("u/sub/app.conf", "nobody", "evil\n"), "u/sub/app.conf",
                t + "/u/sub is a symbolic link, and plumb follows only root's links");
        // ...nor a link of root's there, since nobody could replace it.
        fixture("rm u/sub && ln -s ../victim u/sub");
        assertRefused(write("u/sub/app.conf", "nobody", "evil\n"), "u/sub/app.conf", "is a symbolic link");
        // Nor a link of nobody's in a directory of root's.
        fixture("mkdir r && ln -s ../victim r/sub && chown -h nobody r/sub");
        assertRefused(write("r/sub/app.conf", "root", "evil\n"), "r/sub/app.conf", "is a symbolic link");
    }

    @Test
    void rootsOwnLinksInRootsDirectoriesAreFollowedAndTheirTargetsWalkedToo() {
        // As /bin -> usr/bin on merged-/usr systems.
        fixture("mkdir -p sys/usr/bin && ln -s usr/bin sys/bin");
        assertThat(write("sys/bin/tool", "root", "x\n").exit()).isZero();
        assertThat(shell("cat sys/usr/bin/tool; test -L sys/bin && echo link")).isEqualTo("x\n" + "link\n");
        // A trusted link whose target leads through nobody's link: refused there.
        fixture("mkdir u && chown nobody u && ln -s ../victim u/sub && chown -h nobody u/sub && ln -s ../u/sub sys/via");
        assertRefused(write("sys/via/app.conf", "nobody", "evil\n"), "sys/via/app.conf",
                t + "/u/sub is a symbolic link");
    }

    @Test
    void directoriesOthersMayWriteAreRefusedUnlessStickyAndRoots() {
        fixture("mkdir -m 0777 open && chmod 0777 open && mkdir -m 0775 group && chmod 0775 group"
                + " && mkdir sticky && chmod 1777 sticky && mkdir u && chown nobody u && chmod 1777 u");
        assertRefused(write("open/app.conf", "root", "x"), "open/app.conf",
                "directory " + t + "/open is writable by group or others");
        assertRefused(write("group/app.conf", "root", "x"), "group/app.conf", "is writable by group or others");
        assertRefused(write("u/app.conf", "nobody", "x"), "u/app.conf", "is writable by group or others");
        assertThat(write("sticky/app.conf", "root", "x").exit()).isZero();
        // A directory of the file's owner is theirs to write anyway.
        fixture("mkdir mine && chown nobody mine");
        assertThat(write("mine/app.conf", "nobody", "x").exit()).isZero();
        assertThat(shell("stat -c %U mine/app.conf")).isEqualTo("nobody\n");
    }

    @Test
    void aDirectorySwappedForALinkWhilePlumbEntersItIsCaught() {
        // nobody owns the way and the file; right after plumb looked at sub, sub becomes a link
        // to root's victim, which passes every check on owners: only its identity gives it away.
        fixture("mkdir -p n/sub && chown -R nobody n");
        sh.after("stat", "./sub", "mv sub sub.old && ln -s " + Shell.quote(t + "/victim") + " sub");
        assertRefused(write("n/sub/app.conf", "nobody", "evil\n"), "n/sub/app.conf",
                "directory " + t + "/victim changed while plumb entered it");
        assertThat(shell("ls -A n/sub.old")).isEmpty();
    }

    @Test
    void aHostileTemporaryDirectoryIsRefused() {
        fixture("mkdir -p n && chown nobody n");
        // mktemp's name turns out to be a link (a swap right after mktemp)...
        sh.wrap("mktemp", "d=$(\"$real\" \"$@\") && rmdir \"$d\" && ln -s " + Shell.quote(t + "/victim")
                + " \"$d\" && echo \"$d\"\n");
        assertRefused(write("n/app.conf", "nobody", "evil\n"), "n/app.conf", "its temporary directory in ");
        assertThat(shell("ls -A n | grep -c plumb")).isEqualTo("1\n"); // the planted link, left alone
        fixture("rm n/.plumb.*");
        // ...or a directory of root's that a swap after plumb's look at it makes a link...
        sh.wrap("mktemp", "\"$real\" \"$@\"\n");
        sh.after("stat", "./.plumb.*", "mv \"$1\" .old && ln -s " + Shell.quote(t + "/victim") + " \"$1\"");
        assertRefused(write("n/app.conf", "nobody", "evil\n"), "n/app.conf", "its temporary directory in ");
        // ...or nobody's directory.
        sh.wrap("stat", "exec \"$real\" \"$@\"\n");
        sh.wrap("mktemp", "mkdir -m 0700 ./.plumb.mine && chown nobody ./.plumb.mine && echo ./.plumb.mine\n");
        assertRefused(write("n/app.conf", "nobody", "evil\n"), "n/app.conf", "its temporary directory in ");
        assertThat(shell("ls -A n/.plumb.mine")).isEmpty();
    }

    @Test
    void aDirectoryAtTheTargetIsNeverRenamedInto() {
        fixture("mkdir -p d/app.conf");
        assertRefused(write("d/app.conf", "root", "x"), "d/app.conf", "it exists and is not a regular file");
        // Made a directory after plumb looked: the rename fails instead of moving into it.
        fixture("rmdir d/app.conf");
        sh.after("stat", "./app.conf", "mkdir app.conf");
        LocalSh.Result r = write("d/app.conf", "root", "x");
        assertThat(r.exit()).as("%s", r).isNotZero();
        assertThat(shell("ls -A d d/app.conf")).isEqualTo("d:\napp.conf\n\nd/app.conf:\n");
    }

    @Test
    void aFileOnTheWayIsNotADirectory() {
        fixture("echo x > file");
        assertRefused(write("file/app.conf", "root", "x"), "file/app.conf", t + "/file is not a directory");
    }

    @Test
    void removeFollowsTheSameWay() {
        fixture("mkdir u && chown nobody u && ln -s ../victim u/sub && mkdir d && echo x > d/gone");
        assertRefused(remove("u/sub/app.conf"), "u/sub/app.conf", t + "/u/sub is a symbolic link");
        assertThat(remove("d/gone").exit()).isZero();
        assertThat(remove("d/gone").exit()).isZero();
        assertThat(remove("missing/gone").exit()).isZero();
        assertThat(shell("ls -A d")).isEmpty();
    }
}
