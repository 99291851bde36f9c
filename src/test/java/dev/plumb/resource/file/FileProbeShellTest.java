package dev.plumb.resource.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.plumb.shell.LocalSh;
import dev.plumb.shell.Shell;

/**
 * The probe run by this machine's {@code /bin/sh} as root in a temporary directory: links and
 * files swapped under it are {@code other} and never read; {@code victim/secret} (root's, in a
 * directory of mode 0700) must never show up in its output.
 */
class FileProbeShellTest {
    private static final String SECRET = "TOPSECRET-42\n";
    private static final String HOSTILE = "-a\nb;$(touch pwned) 'q' *";

    @TempDir
    Path tmp;
    @TempDir
    Path bin;
    private LocalSh sh;
    private String t;

    @BeforeEach
    void setUp() {
        assumeTrue(LocalSh.root(), "needs root: files of other users");
        sh = new LocalSh(bin);
        t = tmp.toString();
        fixture("mkdir -m 0700 victim && printf %s " + Shell.quote(SECRET) + " > victim/secret");
    }

    private void fixture(String commands) {
        LocalSh.Result r = sh.run("set -e\nHOSTILE=" + Shell.quote(HOSTILE) + "\ncd " + Shell.quote(t) + "\n" + commands + "\n");
        assertThat(r.exit()).as("fixture: %s", r).isZero();
    }

    /** Each path's state; the raw output never holds the secret, in any form. */
    private Map<String, FileState> probe(String... relative) {
        List<String> paths = Arrays.stream(relative).map(p -> t + "/" + p).toList();
        LocalSh.Result r = sh.run(FileProbe.script(paths));
        assertThat(r.exit()).as("%s", r).isZero();
        assertThat(r.out()).doesNotContain(SECRET.strip(), b64(SECRET), sha256(SECRET));
        Map<String, FileState> byPath = FileProbe.parse(r.lines(), paths);
        Map<String, FileState> out = new LinkedHashMap<>();
        byPath.forEach((k, v) -> out.put(k.substring(t.length() + 1), v));
        return out;
    }

    private static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    private static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void reportsRegularFilesAbsentPathsAndOthers() {
        fixture("mkdir d && printf 'a=1\\n' > d/app.conf && chown nobody:daemon d/app.conf && chmod 0640 d/app.conf"
                + " && : > d/empty && echo x > file && mkdir d/dir && mkfifo d/fifo"
                + " && mkdir \"d/$HOSTILE\" && echo h > \"d/$HOSTILE/$HOSTILE\"");
        Map<String, FileState> s = probe("d/app.conf", "d/empty", "d/missing", "nodir/x", "file/x", "d/dir", "d/fifo",
                "d/" + HOSTILE + "/" + HOSTILE);
        assertThat(s.get("d/app.conf")).isInstanceOfSatisfying(FileState.Regular.class, r -> {
            assertThat(List.of(r.mode(), r.owner(), r.group(), r.size(), r.sha256()))
                    .containsExactly("0640", "nobody", "daemon", 4L, sha256("a=1\n"));
            assertThat(new String(r.content().orElseThrow(), StandardCharsets.UTF_8)).isEqualTo("a=1\n");
        });
        assertThat(((FileState.Regular) s.get("d/empty")).content().orElseThrow()).isEmpty();
        assertThat(s.get("d/missing")).isInstanceOf(FileState.Absent.class);
        assertThat(s.get("nodir/x")).isInstanceOf(FileState.Absent.class);
        assertThat(s.get("file/x")).isInstanceOf(FileState.Absent.class);
        assertThat(s.get("d/dir")).isInstanceOf(FileState.Other.class);
        assertThat(s.get("d/fifo")).isInstanceOf(FileState.Other.class);
        assertThat(s.get("d/" + HOSTILE + "/" + HOSTILE)).isInstanceOf(FileState.Regular.class);
        fixture("test ! -e /pwned && test -z \"$(find . -name pwned)\"");
    }

    @Test
    void aLinkIsOtherAndItsTargetIsNeverRead() {
        fixture("mkdir d && ln -s ../victim/secret d/app.conf && ln -s " + Shell.quote(t + "/victim/secret") + " d/abs");
        assertThat(probe("d/app.conf", "d/abs").values()).allMatch(FileState.Other.class::isInstance);
    }

    @Test
    void aLinkOnTheWayThatRootDoesNotControlIsOther() {
        fixture("mkdir u && chown nobody u && ln -s ../victim u/sub && chown -h nobody u/sub"
                + " && mkdir r && ln -s ../victim r/sub && chown -h nobody r/sub"
                + " && mkdir w && chmod 0777 w && ln -s ../victim w/sub"
                + " && mkdir -p sys/usr/lib && echo ok > sys/usr/lib/unit && ln -s usr/lib sys/lib");
        Map<String, FileState> s = probe("u/sub/secret", "r/sub/secret", "w/sub/secret", "sys/lib/unit");
        assertThat(s.get("u/sub/secret")).isInstanceOf(FileState.Other.class);
        assertThat(s.get("r/sub/secret")).isInstanceOf(FileState.Other.class);
        assertThat(s.get("w/sub/secret")).isInstanceOf(FileState.Other.class);
        // Root's own link in root's directory (as /lib -> usr/lib) is followed.
        assertThat(s.get("sys/lib/unit")).isInstanceOf(FileState.Regular.class);
    }

    @Test
    void aFileSwappedForALinkAfterItWasLookedAtIsOtherAndNotRead() {
        fixture("mkdir -p n && chown nobody n && echo mine > n/app.conf && chown nobody n/app.conf");
        sh.after("stat", "./app.conf", "mv app.conf app.old && ln -s " + Shell.quote(t + "/victim/secret") + " app.conf");
        assertThat(probe("n/app.conf").get("n/app.conf")).isInstanceOf(FileState.Other.class);
    }

    @Test
    void anExclusiveDirectoryIsListedOnlyThroughLinksRootControls() {
        fixture("mkdir -p d && echo x > d/a && mkdir u && chown nobody u && ln -s ../d u/sub && ln -s d via");
        List<String> dirs = List.of(t + "/d", t + "/u/sub", t + "/via", t + "/missing");
        LocalSh.Result r = sh.run(FileProbe.listing(dirs));
        assertThat(FileProbe.parseListing(r.lines(), dirs).values())
                .containsExactly(List.of("a"), List.of(), List.of("a"), List.of());
    }
}
