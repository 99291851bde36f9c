package dev.plumb.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.plumb.lab.Lab;
import dev.plumb.lab.LabHost;
import dev.plumb.lab.LabHosts;

/** plan -o FILE, then apply FILE: exactly that plan, and never a stale one. */
@LabHosts(count = 3)
class SavedPlanLabTest {
    private static final String SECRET = "Saved-Plan-Secret-42";

    private final Lab lab;
    private final LabHost host;
    private Workspace ws;
    private String path;
    private Path planFile;

    SavedPlanLabTest(Lab lab) {
        this.lab = lab;
        this.host = lab.host(2);
    }

    @BeforeEach
    void setUp(@TempDir Path dir) {
        ws = new Workspace(lab, dir);
        ws.inventory(List.of(host), "root", "none", lab.knownHosts());
        ws.env("TOKEN", SECRET);
        path = "/srv/plumbtest/saved-" + System.nanoTime() + "/app.env";
        playbook("v1");
        planFile = dir.resolve("out/plan.json");
    }

    private void playbook(String version) {
        ws.playbook("""
                secrets:
                  token: {env: TOKEN}
                plays:
                  - hosts: web
                    files:
                      - path: %s
                        mode: "0600"
                        env: {TOKEN: "${secret.token}", VERSION: %s}
                """.formatted(path, version));
    }

    private Cli.Result save() throws IOException {
        Files.createDirectories(planFile.getParent());
        Cli.Result plan = ws.plumb("plan", "-o", planFile.toString());
        assertThat(plan.exit()).as("%s", plan).isEqualTo(2);
        return plan;
    }

    private Cli.Result applySaved() {
        return Cli.run(java.util.Map.of("TOKEN", SECRET), "apply", planFile.toString(), "-q");
    }

    private boolean exists() {
        return lab.ssh(host, "test -e " + path).exitCode() == 0;
    }

    @Test
    void aSavedPlanAppliesExactlyAndHoldsNoSecret() throws IOException {
        save();
        assertThat(Files.readString(planFile)).doesNotContain(SECRET).contains("\"plumb_saved_plan\": 1",
                "\"fingerprints\"", "playbook.yml");
        Cli.Result apply = applySaved();
        assertThat(apply.exit()).as("%s", apply).isZero();
        assertThat(apply.out()).contains("+ file " + path).doesNotContain(SECRET);
        assertThat(lab.ssh(host, "cat " + path).orThrow().out()).isEqualTo("TOKEN=" + SECRET + "\nVERSION=v1");
        assertThat(ws.plumb("drift").exit()).isZero();
    }

    @Test
    void aChangedPlaybookMakesItStale() throws IOException {
        save();
        playbook("v2");
        Cli.Result apply = applySaved();
        assertThat(apply.exit()).isEqualTo(1);
        assertThat(apply.err()).contains("is stale; nothing was changed", "playbook.yml changed since the plan was made");
        assertThat(exists()).isFalse();
    }

    @Test
    void aChangedHostMakesItStale() throws IOException {
        save();
        lab.ssh(host, "mkdir -p $(dirname " + path + ") && echo 'by hand' > " + path).orThrow();
        Cli.Result apply = applySaved();
        assertThat(apply.exit()).isEqualTo(1);
        assertThat(apply.err()).contains("is stale; nothing was changed",
                "host2/file/" + path + " create is no longer needed",
                "host2/file/" + path + " update is needed now but is not in the saved plan");
        assertThat(lab.ssh(host, "cat " + path).orThrow().out()).isEqualTo("by hand");
    }

    @Test
    void aChangedSecretMakesItStale() throws IOException {
        save();
        Cli.Result apply = Cli.run(java.util.Map.of("TOKEN", "another-value"), "apply", planFile.toString(), "-q");
        assertThat(apply.exit()).isEqualTo(1);
        assertThat(apply.err()).contains("a secret's value changed since the plan was made")
                .doesNotContain("another-value").doesNotContain(SECRET);
        assertThat(exists()).isFalse();
    }
}
