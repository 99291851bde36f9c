package dev.plumb.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.plumb.json.Json;
import dev.plumb.json.JsonReader;
import dev.plumb.lab.Lab;
import dev.plumb.lab.LabHost;
import dev.plumb.lab.LabHosts;
import dev.plumb.model.SourceFile;
import dev.plumb.plan.SavedPlan;

/** plan -o FILE, then apply FILE: exactly that plan, never a stale or an edited one. */
@LabHosts(count = 3)
class SavedPlanLabTest {
    private static final String SECRET = "Saved-Plan-Secret-42";

    private final Lab lab;
    private final LabHost host;
    /** Stands for an attacker's host: the address an edited plan points host2 at. */
    private final LabHost other;
    private Workspace ws;
    private String path;
    private Path planFile;

    SavedPlanLabTest(Lab lab) {
        this.lab = lab;
        this.host = lab.host(2);
        this.other = lab.host(3);
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

    /**
     * How many lines sshd logged on {@code h}, read without SSH: every connection, even one
     * dropped before authenticating, adds lines.
     */
    private long sshdLines(LabHost h) {
        return Long.parseLong(lab.nsenter(h, "journalctl --sync && journalctl -t sshd -t sshd-session -o cat"
                + " --no-pager | wc -l").orThrow().out());
    }

    /** An inventory, beside the workspace's, naming host2 at {@code at}'s address. */
    private Path inventoryWithHost2At(LabHost at) {
        Path evil = ws.dir().resolve("evil");
        new Workspace(lab, evil).inventory(List.of(at.named(host.name())),
                "root", "none", lab.knownHosts());
        return evil.resolve("inventory.yml");
    }

    @Test
    void aSavedPlanAppliesExactlyAndHoldsNoSecret() throws IOException {
        save();
        assertThat(Files.readString(planFile)).doesNotContain(SECRET).contains("\"plumb_saved_plan\": 2",
                "\"fingerprints\"", "playbook.yml", "\"hmac\": \"", "\"address\": \"" + host.sshAddress() + "\"");
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

    @Test
    void aChangedInventoryMakesItStaleNamingTheHostsNewAddress() throws IOException {
        save();
        ws.inventory(List.of(other.named(host.name())), "root", "none",
                lab.knownHosts());
        long before = sshdLines(other);
        Cli.Result apply = applySaved();
        assertThat(apply.exit()).as("%s", apply).isEqualTo(1);
        assertThat(apply.err()).contains("is stale; nothing was changed", "inventory.yml changed since the plan was made",
                "host2 is now reached as root@" + other.sshAddress() + ":" + other.port()
                        + ", the plan was made for root@" + host.sshAddress() + ":" + host.port());
        assertThat(sshdLines(other)).isEqualTo(before);
    }

    /**
     * The attack the signature stops: the plan edited to point at another inventory, with that
     * inventory's true hash and host2's new address, so that every other check would pass and
     * apply would log in as root wherever the inventory says. Refused before any connection; the
     * same document signed (a plan made from that inventory) does reach the other host, and is
     * seen there, which shows the edit is complete and the probe sees logins.
     */
    @Test
    @SuppressWarnings("unchecked")
    void aPlanEditedToPointAtAnotherInventoryIsRefusedBeforeAnyLogin() throws IOException {
        save();
        Path evil = inventoryWithHost2At(other);
        Path base = planFile.getParent();
        Map<String, Object> doc = (Map<String, Object>) JsonReader.read(Files.readString(planFile));
        String was = (String) doc.get("inventory");
        doc.put("inventory", base.relativize(evil).toString());
        Map<String, Object> sources = (Map<String, Object>) doc.get("sources");
        sources.remove(was);
        sources.put(base.relativize(evil).toString(), SourceFile.sha256(Files.readAllBytes(evil)));
        Map<String, Object> target = (Map<String, Object>) ((Map<String, Object>) doc.get("ssh")).get("host2");
        target.put("address", other.sshAddress());
        target.put("port", other.port());
        Path forged = base.resolve("forged.json");
        Files.writeString(forged, Json.write(doc));

        Path signed = base.resolve("signed.json");
        Cli.Result plan = Cli.run(Map.of("TOKEN", SECRET), "plan", ws.dir().resolve("playbook.yml").toString(), "-i",
                evil.toString(), "-q", "-o", signed.toString());
        assertThat(plan.exit()).as("%s", plan).isEqualTo(2);
        Map<String, Object> genuine = (Map<String, Object>) JsonReader.read(Files.readString(signed));
        assertThat(genuine.remove(SavedPlan.MAC)).isNotEqualTo(doc.remove(SavedPlan.MAC));
        assertThat(Json.canonical(doc)).as("the forged plan says what a genuine one would").isEqualTo(
                Json.canonical(genuine));

        long hostLines = sshdLines(host);
        long otherLines = sshdLines(other);
        Cli.Result apply = Cli.run(Map.of("TOKEN", SECRET), "apply", forged.toString(), "-q");
        assertThat(apply.exit()).as("%s", apply).isEqualTo(1);
        assertThat(apply.err()).contains(forged + ": the saved plan's signature does not match",
                "refused before contacting any host; nothing was changed");
        assertThat(apply.out()).isEmpty();
        assertThat(sshdLines(host)).as("logins on host2").isEqualTo(hostLines);
        assertThat(sshdLines(other)).as("logins on the other host").isEqualTo(otherLines);
        assertThat(lab.nsenter(other, "test -e " + path).exitCode()).isNotZero();

        Cli.Result control = Cli.run(Map.of("TOKEN", SECRET), "apply", signed.toString(), "-q");
        assertThat(control.exit()).as("%s", control).isZero();
        assertThat(sshdLines(other)).isGreaterThan(otherLines);
        assertThat(lab.nsenter(other, "cat " + path).orThrow().out()).isEqualTo("TOKEN=" + SECRET + "\nVERSION=v1");
        assertThat(exists()).as("host2 untouched").isFalse();
    }
}
