package dev.plumb.lab;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

@LabHosts(count = 3)
class LabSmokeTest {

  private final Lab lab;

  LabSmokeTest(Lab lab) {
    this.lab = lab;
  }

  /** "198.18.K." (nspawn) or "198.19.(100+K)." (docker) for lab instance K: its own /24. */
  private String net() {
    return (lab.backend().equals("nspawn") ? "198.18." : "198.19.1") + (lab.backend().equals("nspawn")
        ? lab.instance() : String.format("%02d", lab.instance())) + ".";
  }

  private boolean nspawn() {
    return lab.backend().equals("nspawn");
  }

  @Test
  void givesTheHostsAskedFor() {
    assertThat(lab.instance()).isEqualTo(LabExtension.instance());
    assertThat(lab.network()).isEqualTo(net() + "0/24");
    assertThat(lab.hosts())
        .extracting(LabHost::name, LabHost::address, LabHost::instance)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("host1", net() + "11", lab.instance()),
            org.assertj.core.groups.Tuple.tuple("host2", net() + "12", lab.instance()),
            org.assertj.core.groups.Tuple.tuple("host3", net() + "13", lab.instance()));
    for (LabHost host : lab.hosts()) {
      // nspawn: SSH to the lab address; docker: to sshd's port published on loopback only.
      assertThat(host.sshAddress()).isEqualTo(nspawn() ? host.address() : "127.0.0.1");
      assertThat(host.port() == 22).isEqualTo(nspawn());
    }
  }

  @Test
  void hostsReachEachOtherAtTheirLabAddresses() {
    for (LabHost host : lab.hosts()) {
      ExecResult addr = lab.ssh(host, "ip -4 -o addr show dev eth0").orThrow();
      assertThat(addr.stdout()).contains(" " + host.address() + "/24 ");
    }
    ExecResult banner =
        lab.ssh(lab.host(2), "timeout 5 bash -c 'exec 3<>/dev/tcp/" + lab.host(1).address()
            + "/22 && head -c 4 <&3'").orThrow();
    assertThat(banner.stdout()).isEqualTo("SSH-");
  }

  @Test
  void hostsSitOnTheInstancesOwnBridgeNamespacesAndCgroups() {
    org.junit.jupiter.api.Assumptions.assumeTrue(nspawn(), "bridge, namespaces and cgroups: the nspawn lab's");
    String prefix = lab.instance() == 0 ? "plumb" : "plumb" + lab.instance();
    assertThat(lab.bridge()).isEqualTo("plumbbr" + lab.instance());
    assertThat(lab.network()).isEqualTo(net() + "0/24");
    assertThat(controller("ip", "-4", "-o", "addr", "show", "dev", lab.bridge()))
        .contains(" " + lab.bridgeAddress() + "/24 ");
    List<String> namespaces =
        controller("ip", "netns", "list").lines().map(l -> l.split(" ")[0]).collect(Collectors.toList());
    for (LabHost host : lab.hosts()) {
      assertThat(host.netns()).isEqualTo(prefix + "-host" + host.number());
      assertThat(host.veth()).isEqualTo(prefix + "v" + host.number());
      assertThat(host.cgroup()).isEqualTo(prefix + "-host" + host.number());
      assertThat(host.bridge()).isEqualTo(lab.bridge());
      assertThat(namespaces).contains(host.netns());
      assertThat(controller("ip", "-o", "link", "show", "dev", host.veth()))
          .contains(" master " + lab.bridge() + " ");
      assertThat(lab.netnsExec(host, "ip", "-4", "-o", "addr", "show", "dev", "eth0").orThrow().stdout())
          .contains(" " + host.address() + "/24 ");
      // The container runs in the payload cgroup under the host's cgroup (unified hierarchy).
      assertThat(controller("cat", "/proc/" + lab.initPid(host) + "/cgroup").lines())
          .anyMatch(l -> l.startsWith("0::/" + host.cgroup() + "/payload"));
    }
  }

  private String controller(String... argv) {
    return lab.exec(Lab.DEFAULT_TIMEOUT, argv).orThrow().stdout();
  }

  @Test
  void everyHostRunsSystemdAndAnswersAsItself() {
    for (LabHost host : lab.hosts()) {
      ExecResult state = lab.ssh(host, "hostname; systemctl is-system-running");
      assertThat(state.timedOut()).as("%s: %s", host, state).isFalse();
      List<String> lines = state.stdout().lines().collect(Collectors.toList());
      assertThat(lines).as("%s: %s", host, state).hasSize(2);
      assertThat(lines.get(0)).isEqualTo(host.name());
      assertThat(lines.get(1)).as("%s: %s", host, state).isIn("running", "degraded");
    }
  }

  @Test
  void postgresAnswersOnLoopbackWithPeerAuthentication() {
    for (LabHost host : lab.hosts()) {
      lab.ssh(host, "pg_isready -h 127.0.0.1 -p 5432").orThrow();
      ExecResult select =
          lab.ssh(host, "cd / && runuser -u postgres -- psql -XtAc 'select 1'").orThrow();
      assertThat(select.out()).isEqualTo("1");
      ExecResult listen = lab.ssh(host, "ss -Hltn 'sport = :5432'").orThrow();
      assertThat(listen.stdout()).contains("127.0.0.1:5432");
    }
  }

  @Test
  void hostsAreDistinct() {
    List<String> machineIds =
        lab.hosts().stream()
            .map(h -> lab.ssh(h, "cat /etc/machine-id").orThrow().out())
            .collect(Collectors.toList());
    assertThat(machineIds).doesNotHaveDuplicates().allMatch(id -> id.matches("[0-9a-f]{32}"));

    List<String> hostKeys =
        lab.hosts().stream()
            .map(h -> lab.ssh(h, "cat /etc/ssh/ssh_host_*_key.pub | cut -d' ' -f2").orThrow())
            .flatMap(r -> r.stdout().lines())
            .collect(Collectors.toList());
    assertThat(hostKeys).hasSize(3 * lab.hosts().size()).doesNotHaveDuplicates();
  }

  @Test
  void knownHostsHoldsTheKeysTheHostsServe() throws IOException {
    String knownHosts = Files.readString(lab.knownHosts());
    for (LabHost host : lab.hosts()) {
      String ed25519 = lab.ssh(host, "cut -d' ' -f1,2 /etc/ssh/ssh_host_ed25519_key.pub").orThrow().out();
      assertThat(knownHosts).contains(host.knownHostsName() + " " + ed25519 + "\n");
    }
  }

  @Test
  void deployHasPasswordlessSudo() {
    for (LabHost host : lab.hosts()) {
      ExecResult r = lab.sshAs("deploy", host, "whoami && sudo -n true && sudo -n whoami").orThrow();
      assertThat(r.stdout().lines()).containsExactly("deploy", "root");
    }
  }

  @Test
  void inventoryListsExactlyTheseHosts() throws IOException {
    String inventory = Files.readString(lab.inventory());
    assertThat(inventory)
        .contains("host1: {address: " + net() + "11")
        .contains("host3: {address: " + net() + "13")
        .doesNotContain("host4")
        .contains("db: [host1]")
        .contains("web: [host2, host3]");
    assertThat(lab.inventory().getParent().resolve(
            inventory.contains("identity: id_ed25519") ? "id_ed25519" : "../.lab/id_ed25519"))
        .hasSameBinaryContentAs(lab.privateKey());
  }
}
