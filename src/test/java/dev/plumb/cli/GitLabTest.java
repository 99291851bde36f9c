package dev.plumb.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.plumb.lab.Lab;
import dev.plumb.lab.LabHost;
import dev.plumb.lab.LabHosts;

/**
 * Git as the source of truth, on lab hosts: applies are recorded on refs/plumb/applied/INVENTORY,
 * history and status read them back, a plan from a dirty tree needs --allow-dirty, and drift
 * reports go on refs/plumb/drift/INVENTORY.
 */
@LabHosts(count = 3)
class GitLabTest {
    private final Lab lab;
    private final LabHost host;
    private Workspace ws;
    private Git git;
    private String path;

    GitLabTest(Lab lab) {
        this.lab = lab;
        this.host = lab.host(2);
    }

    @BeforeEach
    void setUp(@TempDir Path dir) throws Exception {
        ws = new Workspace(lab, dir);
        ws.inventory(List.of(host), "root", "none", lab.knownHosts());
        // A second host where nothing answers: an apply that partly fails.
        String ghost = host.address().substring(0, host.address().lastIndexOf('.') + 1) + "250";
        Path inv = dir.resolve("inventory.yml");
        Files.writeString(inv, Files.readString(inv).replace("groups:\n",
                "  ghost: {address: " + ghost + ", port: 22}\ngroups:\n"));
        path = "/srv/plumbtest/git-" + System.nanoTime() + ".conf";
        git = Git.init().setDirectory(dir.toFile()).setInitialBranch("main").call();
        git.getRepository().getConfig().setString("user", null, "name", "Ops Person");
        git.getRepository().getConfig().setString("user", null, "email", "ops@example.org");
        git.getRepository().getConfig().save();
    }

    @AfterEach
    void tearDown() {
        git.close();
        lab.ssh(host, "rm -f '" + path + "'");
    }

    private RevCommit commit(String content, String message) throws Exception {
        ws.playbook("plays:\n  - hosts: " + host.name() + "\n    files:\n      - {path: " + path + ", content: \""
                + content + "\\n\"}\n  - hosts: ghost\n    files:\n      - {path: /tmp/ghost, content: x}\n");
        git.add().addFilepattern(".").call();
        return git.commit().setMessage(message).call();
    }

    private Cli.Result plumb(String... args) {
        return ws.plumb(args[0], java.util.Arrays.copyOfRange(args, 1, args.length));
    }

    @Test
    void appliesAreRecordedAndStatusCountsCommitsBehind() throws Exception {
        RevCommit first = commit("one", "first");
        Cli.Result apply = plumb("apply", "--connect-timeout", "2");
        assertThat(apply.exit()).as("%s", apply).isEqualTo(1); // the ghost host fails
        Ref ref = git.getRepository().exactRef("refs/plumb/applied/inventory");
        assertThat(ref).as("the apply's record ref").isNotNull();

        Cli.Result history = Cli.run(java.util.Map.of(), "history", "-i", ws.inventoryFile().toString());
        assertThat(history.exit()).as("%s", history).isZero();
        assertThat(history.out()).contains(host.name() + "  applied  from " + first.getName().substring(0, 12),
                "ghost  failed  from " + first.getName().substring(0, 12), "by Ops Person <ops@example.org>");
        assertThat(history.out()).doesNotContain("hmac", "secret");

        commit("two", "second");
        RevCommit third = commit("three", "third");
        Cli.Result status = Cli.run(java.util.Map.of(), "status", "-i", ws.inventoryFile().toString());
        assertThat(status.exit()).as("%s", status).isEqualTo(2);
        assertThat(status.out()).contains(host.name() + ": 2 commits behind", "playbook.yml | +");

        assertThat(plumb("apply", "--limit", host.name()).exit()).isZero();
        status = Cli.run(java.util.Map.of(), "status", "-i", ws.inventoryFile().toString());
        assertThat(status.out()).contains(host.name() + ": at " + third.getName().substring(0, 12));
        history = Cli.run(java.util.Map.of(), "history", "-i", ws.inventoryFile().toString(), "--host", host.name());
        assertThat(history.out().lines().findFirst().orElseThrow())
                .contains("applied  from " + third.getName().substring(0, 12));
        // The work tree, index and HEAD were never touched by the records.
        assertThat(git.status().call().isClean()).isTrue();
        assertThat(git.getRepository().resolve(Constants.HEAD)).isEqualTo(third.getId());
    }

    @Test
    void aPlanFromADirtyTreeNeedsAllowDirty() throws Exception {
        commit("one", "first");
        ws.playbook(Files.readString(ws.dir().resolve("playbook.yml")).replace("one", "edited")); // not committed
        Path plan = ws.dir().resolve("plan.json");
        assertThat(plumb("plan", "--limit", host.name(), "-o", plan.toString()).exit()).isEqualTo(2);
        Cli.Result refused = Cli.run(java.util.Map.of(), "apply", plan.toString(), "-q");
        assertThat(refused.exit()).isEqualTo(1);
        assertThat(refused.all()).contains("dirty work tree", "playbook.yml", "--allow-dirty");
        assertThat(lab.ssh(host, "test -e '" + path + "' || echo absent").orThrow().out()).contains("absent");

        assertThat(plumb("plan", "--limit", host.name(), "-o", plan.toString(), "--allow-dirty").exit()).isEqualTo(2);
        Cli.Result accepted = Cli.run(java.util.Map.of(), "apply", plan.toString(), "-q");
        assertThat(accepted.exit()).as("%s", accepted).isZero();
        assertThat(lab.ssh(host, "cat '" + path + "'").orThrow().out()).isEqualTo("edited");
    }

    @Test
    void driftRecordsGiveADriftHistory() throws Exception {
        commit("one", "first");
        assertThat(plumb("apply", "--limit", host.name()).exit()).isZero();
        assertThat(plumb("drift", "--limit", host.name(), "--record").exit()).isZero();
        lab.ssh(host, "echo hand-edit > '" + path + "'").orThrow();
        assertThat(plumb("drift", "--limit", host.name(), "--record").exit()).isEqualTo(2);
        Iterable<RevCommit> log = git.log().add(git.getRepository().resolve("refs/plumb/drift/inventory")).call();
        List<String> messages = new java.util.ArrayList<>();
        log.forEach(c -> messages.add(c.getShortMessage()));
        assertThat(messages).hasSize(2);
        assertThat(messages.get(0)).startsWith("drift: ");
        assertThat(messages.get(1)).isEqualTo("no drift");
        Cli.Result history = Cli.run(java.util.Map.of(), "history", "--drift", "-i", ws.inventoryFile().toString());
        assertThat(history.out().lines().toList()).hasSize(2);
        assertThat(history.out().lines().findFirst().orElseThrow()).contains("drift: Drift: 0 to create, 1 to update");
    }
}
