package dev.plumb.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.plumb.inventory.Host;
import dev.plumb.inventory.Inventory;
import dev.plumb.inventory.SshSettings;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class InventoryLoaderTest {
    static final Path GOOD = Fixtures.ROOT.resolve("good/inventory.yml");

    @Test
    void loadsHostsGroupsVarsAndSsh() {
        Loaded<Inventory> loaded = InventoryLoader.load(GOOD);
        assertThat(loaded.diagnostics()).isEmpty();
        Inventory inv = loaded.value().orElseThrow();
        assertThat(inv.source()).isEqualTo(GOOD);
        assertThat(inv.ssh()).isEqualTo(new SshSettings(Optional.of("deploy"),
                Optional.of(Path.of(System.getProperty("user.home"), ".ssh/id_test")),
                Fixtures.ROOT.resolve("good/keys/known_hosts"), SshSettings.Become.SUDO));
        assertThat(inv.hosts().keySet()).containsExactly("db1", "web1", "web2", "web3", "cache1");
        assertThat(inv.hosts().get("web1")).isEqualTo(new Host("web1", "10.0.0.11", 2222, Optional.of("admin"), Map.of()));
        assertThat(inv.hosts().get("web2").vars()).isEqualTo(Map.of("workers", "5"));
        Host web3 = inv.hosts().get("web3");
        assertThat(web3).isEqualTo(new Host("web3", "10.0.0.13", Optional.of("127.0.0.1"), 2203, Optional.empty(),
                Map.of()));
        assertThat(web3.sshHost()).as("SSH goes to ssh_address; ${hosts.web3.address} stays the address")
                .isEqualTo("127.0.0.1");
        assertThat(inv.hosts().get("web1").sshHost()).isEqualTo("10.0.0.11");
        assertThat(inv.hosts().get("cache1")).isEqualTo(new Host("cache1", "cache1", 22, Optional.empty(), Map.of()));
        assertThat(inv.groups()).containsExactly(Map.entry("db", List.of("db1")),
                Map.entry("web", List.of("web1", "web2", "web3")), Map.entry("eu", List.of("web2", "web3", "db1")));
        assertThat(inv.vars().get("nested")).isEqualTo(Map.of("a", Map.of("b", "deep"), "list", List.of("zero", "one")));
        assertThat(inv.groupVars().keySet()).containsExactly("all", "web", "eu");
    }

    @Test
    void sshDefaults() {
        Inventory inv = InventoryLoader.load(Fixtures.LAB_INVENTORY).value().orElseThrow();
        assertThat(inv.ssh()).isEqualTo(new SshSettings(Optional.empty(), Optional.empty(),
                Fixtures.ROOT.resolve("known_hosts"), SshSettings.Become.NONE));
    }

    @Test
    void everyProblemOfBothFilesInOneRun() {
        Loaded<Desired> loaded = Config.load(Fixtures.ROOT.resolve("bad/unknown-key.yml"),
                Fixtures.ROOT.resolve("bad/bad-port.inventory.yml"), Fixtures.ENV);
        assertThat(loaded.diagnostics()).extracting(d -> d.location().orElseThrow().file().getFileName() + ":"
                + d.location().orElseThrow().line() + " " + d.message()).containsExactly(
                "bad-port.inventory.yml:2 port 70000 is out of range 1-65535",
                "bad-port.inventory.yml:3 expected an integer for 'port', got a string",
                "bad-port.inventory.yml:4 unknown key 'prot' in host 'c'",
                "unknown-key.yml:2 unknown host or group 'web'",
                "unknown-key.yml:6 unknown key 'ownr' in file");
    }

    @Test
    void anUnreadableInventoryStillLetsThePlaybookBeChecked() {
        Loaded<Desired> loaded = Config.load(Fixtures.ROOT.resolve("bad/unknown-key.yml"),
                Fixtures.ROOT.resolve("bad/no-such-inventory.yml"), Fixtures.ENV);
        assertThat(loaded.diagnostics()).extracting(d -> d.render().lines().findFirst().orElseThrow()).containsExactly(
                "error: inventory 'src/test/resources/config/bad/no-such-inventory.yml' not found",
                Fixtures.ROOT.resolve("bad/unknown-key.yml") + ":6:9: error: unknown key 'ownr' in file");
    }
}
