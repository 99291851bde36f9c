package dev.plumb.resource.file;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.plumb.cli.Cli;
import dev.plumb.cli.Workspace;
import dev.plumb.lab.ExecResult;
import dev.plumb.lab.Lab;
import dev.plumb.lab.LabHost;
import dev.plumb.lab.LabHosts;
import dev.plumb.model.Text;
import dev.plumb.shell.ShellLib;

/**
 * Links planted on a real host in a directory of {@code nobody}'s: root neither writes nor reads
 * outside the declared path, and the run fails naming it. The victim is a directory of root's
 * with one file, {@code victim.conf}, that must stay exactly as it is.
 */
@LabHosts(count = 1)
class FileSafetyLabTest {
    private final Lab lab;
    private final LabHost host;
    private Workspace ws;
    private String base;
    private String victim;

    FileSafetyLabTest(Lab lab) {
        this.lab = lab;
        this.host = lab.host(1);
    }

    @BeforeEach
    void setUp(@TempDir Path dir) {
        ws = new Workspace(lab, dir);
        ws.inventory(List.of(host), "root", "none", lab.knownHosts());
        long n = System.nanoTime();
        base = "/srv/plumbtest/safety-" + n;
        victim = "/etc/plumb-victim-" + n;
        // u: nobody's, as a service account's home or data directory would be.
        ssh("mkdir -p " + base + " && install -d -o nobody -g nogroup " + base + "/u"
                + " && mkdir -m 0700 " + victim + " && echo precious > " + victim + "/victim.conf");
    }

    @AfterEach
    void tearDown() {
        lab.ssh(host, "rm -rf " + base + " " + victim);
    }

    private String ssh(String command) {
        return lab.ssh(host, command).orThrow().stdout();
    }

    /** Plants a link as nobody would (nobody owns it), in nobody's directory. */
    private void plant(String link, String target) {
        ssh("ln -s " + target + " " + link + " && chown -h nobody:nogroup " + link);
    }

    private void assertVictimIntact() {
        assertThat(ssh("ls -A " + victim + "; cat " + victim + "/victim.conf")).isEqualTo("victim.conf\nprecious\n");
    }

    private Cli.Result apply(String path, String owner) {
        ws.playbook("""
                plays:
                  - hosts: all
                    files:
                      - {path: %s, content: "evil\\n", owner: %s, mode: "0644"}
                """.formatted(path, owner));
        return ws.plumb("apply");
    }

    @Test
    void aLinkPlantedAtTheFileIsNeitherReadNorWrittenThrough() {
        String path = base + "/u/victim.conf";
        plant(path, victim + "/victim.conf");
        Cli.Result apply = apply(path, "nobody");
        assertThat(apply.exit()).as("%s", apply).isEqualTo(1);
        assertThat(apply.all()).contains(path + " is not a regular file, or is reached through a symbolic link")
                .doesNotContain("precious");
        assertVictimIntact();
        assertThat(ssh("readlink " + path)).isEqualTo(victim + "/victim.conf\n");
    }

    @Test
    void aLinkPlantedAsADirectoryIsNeitherReadNorWrittenThrough() {
        String path = base + "/u/conf/victim.conf";
        plant(base + "/u/conf", victim);
        Cli.Result apply = apply(path, "nobody");
        assertThat(apply.exit()).as("%s", apply).isEqualTo(1);
        assertThat(apply.all()).contains(path + " is not a regular file, or is reached through a symbolic link")
                .doesNotContain("precious");
        assertVictimIntact();
    }

    @Test
    void rootsFileInNobodysDirectoryIsRefusedWhenWritten() {
        // The read finds nothing wrong (nothing is there yet); the write refuses the directory.
        String path = base + "/u/app.conf";
        Cli.Result apply = apply(path, "root");
        assertThat(apply.exit()).as("%s", apply).isEqualTo(1);
        assertThat(apply.all()).contains("plumb will not write " + path + ": directory " + base
                + "/u belongs to nobody, not to root or the file's owner");
        assertThat(ssh("ls -A " + base + "/u")).isEmpty();
        // Declared as nobody's, the same file is written.
        assertThat(apply(path, "nobody").exit()).isZero();
        assertThat(ssh("stat -c '%U %a' " + path + "; cat " + path)).isEqualTo("nobody 644\nevil\n");
    }

    @Test
    void theWriteRefusesALinkPlantedAfterThePlan() {
        // As if nobody planted the link between plumb's read and its write: the write script alone.
        String path = base + "/u/conf/victim.conf";
        plant(base + "/u/conf", victim);
        String script = ShellLib.PRELUDE + ShellLib.write(path, "nobody", "nogroup", "0644", Text.plain("evil\n"));
        ExecResult r = lab.ssh(host, "echo " + Base64.getEncoder().encodeToString(script.getBytes(StandardCharsets.UTF_8))
                + " | base64 -d | sh");
        assertThat(r.exitCode()).as("%s", r).isEqualTo(3);
        assertThat(r.stderr()).contains("plumb will not write " + path + ": " + base
                + "/u/conf is a symbolic link, and plumb follows only root's links");
        assertVictimIntact();
    }
}
