package dev.plumb.resource.file;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.plumb.cli.Cli;
import dev.plumb.cli.Workspace;
import dev.plumb.lab.Lab;
import dev.plumb.lab.LabHost;
import dev.plumb.lab.LabHosts;

/** The files resource against real hosts: every key through create, update, delete, and drift. */
@LabHosts(count = 3)
class FileLabTest {
    private final Lab lab;
    private final LabHost host;
    private Workspace ws;
    private String base;

    FileLabTest(Lab lab) {
        this.lab = lab;
        this.host = lab.host(2);
    }

    @BeforeEach
    void setUp(@TempDir Path dir) {
        ws = new Workspace(lab, dir);
        ws.inventory(java.util.List.of(host), "root", "none", lab.knownHosts());
        base = "/srv/plumbtest/files-" + System.nanoTime();
    }

    private String stat(String path) {
        return lab.ssh(host, "stat -c '%a %U %G' -- '" + path + "'").orThrow().out();
    }

    private String cat(String path) {
        return lab.ssh(host, "cat -- '" + path + "'").orThrow().stdout();
    }

    @Test
    void contentOwnerGroupModeCreateUpdateDelete() {
        String path = base + "/deep/er/app.conf";
        ws.playbook("""
                plays:
                  - hosts: web
                    files:
                      - {path: %s, content: "one\\ntwo\\n", mode: "0640", owner: root, group: daemon}
                """.formatted(path));
        Cli.Result plan = ws.plumb("plan");
        assertThat(plan.exit()).as("%s", plan).isEqualTo(2);
        assertThat(plan.out()).contains("+ file " + path, "mode: 0640", "+one", "+two",
                "Plan: 1 to create, 0 to update, 0 to delete, 0 restarts on 1 host.");
        ws.converge();
        assertThat(cat(path)).isEqualTo("one\ntwo\n");
        assertThat(stat(path)).isEqualTo("640 root daemon");
        assertThat(lab.ssh(host, "stat -c '%a %U' " + base + "/deep/er").orThrow().out()).isEqualTo("755 root");

        ws.playbook("""
                plays:
                  - hosts: web
                    files:
                      - {path: %s, content: "one\\nthree\\n", mode: "0600", owner: daemon, group: root}
                """.formatted(path));
        plan = ws.plumb("plan");
        assertThat(plan.exit()).isEqualTo(2);
        assertThat(plan.out()).contains("~ file " + path, "owner: root → daemon", "group: daemon → root",
                "mode: 0640 → 0600", "-two", "+three", " one");
        ws.converge();
        assertThat(cat(path)).isEqualTo("one\nthree\n");
        assertThat(stat(path)).isEqualTo("600 daemon root");

        ws.playbook("""
                plays:
                  - hosts: web
                    files:
                      - {path: %s, state: absent}
                """.formatted(path));
        plan = ws.plumb("plan");
        assertThat(plan.out()).contains("- file " + path);
        ws.converge();
        assertThat(lab.ssh(host, "test -e '" + path + "'").exitCode()).isEqualTo(1);
    }

    @Test
    void sourceFileCreateUpdateDelete() {
        String path = base + "/app.py";
        ws.write("app/app.py", "print('v1')\n");
        ws.playbook("""
                plays:
                  - hosts: web
                    files:
                      - {path: %s, source: app/app.py}
                """.formatted(path));
        ws.converge();
        assertThat(cat(path)).isEqualTo("print('v1')\n");
        assertThat(stat(path)).isEqualTo("644 root root");

        ws.write("app/app.py", "print('v2')\n");
        assertThat(ws.plumb("plan").out()).contains("-print('v1')", "+print('v2')");
        ws.converge();
        assertThat(cat(path)).isEqualTo("print('v2')\n");

        ws.playbook("""
                plays:
                  - hosts: web
                    files:
                      - {path: %s, state: absent}
                """.formatted(path));
        ws.converge();
        assertThat(lab.ssh(host, "test -e '" + path + "'").exitCode()).isEqualTo(1);
    }

    @Test
    void handEditAndChmodAreDrift() {
        String path = base + "/drift.conf";
        ws.playbook("""
                plays:
                  - hosts: web
                    files:
                      - {path: %s, content: "a=1\\n", mode: "0644"}
                """.formatted(path));
        ws.converge();
        assertThat(ws.plumb("drift").exit()).isZero();

        lab.ssh(host, "echo 'b=2' >> " + path).orThrow();
        Cli.Result drift = ws.plumb("drift");
        assertThat(drift.exit()).as("%s", drift).isEqualTo(2);
        assertThat(drift.out()).contains("~ file " + path, "-b=2");
        ws.converge();

        lab.ssh(host, "chmod 0666 " + path).orThrow();
        drift = ws.plumb("drift");
        assertThat(drift.exit()).isEqualTo(2);
        assertThat(drift.out()).contains("mode: 0666 → 0644");
        ws.converge();
        assertThat(ws.plumb("drift").exit()).isZero();
    }

    @Test
    void anExclusiveDirectoryLosesTheFilesNobodyDeclared() {
        ws.playbook("""
                plays:
                  - hosts: web
                    files:
                      exclusive: true
                      items:
                        - {path: %1$s/a.conf, content: "a"}
                        - {path: %1$s/gone.conf, state: absent}
                """.formatted(base));
        ws.converge();
        lab.ssh(host, "echo stray > " + base + "/stray.conf && mkdir " + base + "/sub && echo x > " + base + "/sub/kept")
                .orThrow();
        Cli.Result drift = ws.plumb("drift");
        assertThat(drift.exit()).as("%s", drift).isEqualTo(2);
        assertThat(drift.changeLines()).containsExactly(
                "  - file " + base + "/stray.conf  (not declared, and the files of " + base + " are exclusive)");
        ws.converge();
        assertThat(lab.ssh(host, "cd " + base + " && find . | sort").orThrow().out())
                .isEqualTo(".\n./a.conf\n./sub\n./sub/kept");
    }

    @Test
    void hostilePathsAreInert() {
        String dir = base + "/we ird 'q' \"d\" $(touch /tmp/plumb-pwned) `id`";
        String path = dir + "/a\nb;rm -rf x";
        ws.playbook("""
                plays:
                  - hosts: web
                    files:
                      - path: "%s"
                        content: "ok\\n"
                """.formatted(path.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n")));
        ws.converge();
        assertThat(lab.ssh(host, "test -e /tmp/plumb-pwned").exitCode()).isEqualTo(1);
        // '/' inside "$(touch /tmp/...)" makes directories, as any path would: one file, nothing run.
        assertThat(lab.ssh(host, "find " + base + " -type f -print0 | tr -cd '\\0' | wc -c").orThrow().out())
                .isEqualTo("1");
        assertThat(lab.ssh(host, "find " + base + " -type f -exec cat {} +").orThrow().stdout()).isEqualTo("ok\n");
        assertThat(lab.ssh(host, "find " + base + " -type f -name 'a*' | head -c 200").orThrow().stdout())
                .endsWith("`id`/a\nb;rm -rf x\n");
    }

    @Test
    void secretContentIsMaskedInPlansAndNeverLeftWorldReadable() {
        String path = base + "/app.env";
        ws.env("APP_TOKEN", "tok-Very-Secret-1");
        ws.playbook("""
                secrets:
                  token: {env: APP_TOKEN}
                plays:
                  - hosts: web
                    files:
                      - path: %s
                        mode: "0600"
                        env: {TOKEN: "${secret.token}", MODE: prod}
                """.formatted(path));
        Cli.Result plan = ws.plumb("plan", "--json");
        assertThat(plan.all()).doesNotContain("tok-Very-Secret-1").contains("(sensitive");
        ws.converge();
        ws.env("APP_TOKEN", "tok-Other-Secret-2");
        plan = ws.plumb("plan");
        assertThat(plan.exit()).isEqualTo(2);
        assertThat(plan.all()).doesNotContain("tok-Very-Secret-1").doesNotContain("tok-Other-Secret-2")
                .contains("-TOKEN=(sensitive", "+TOKEN=(sensitive");
        Cli.Result apply = ws.plumb("apply");
        assertThat(apply.all()).doesNotContain("tok-Very-Secret-1").doesNotContain("tok-Other-Secret-2");
        assertThat(stat(path)).isEqualTo("600 root root");
        assertThat(lab.ssh(host, "ls -a " + base).orThrow().out()).doesNotContain(".plumb.");
    }
}
