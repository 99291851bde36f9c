package dev.plumb.lab;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The fault helpers work and can be undone. Each test repairs host2 whatever happens. */
@LabHosts(count = 2)
class LabFaultInjectionTest {

  private static final Duration SHORT = Duration.ofSeconds(4);

  private final Lab lab;
  private final LabHost host;

  LabFaultInjectionTest(Lab lab) {
    this.lab = lab;
    this.host = lab.host(2);
  }

  @AfterEach
  void repair() {
    lab.resume(host);
    lab.linkUp(host);
    lab.nsenter(host, "systemctl start ssh.service postgresql@15-main.service").orThrow();
    assertThat(lab.ssh(host, "pg_isready -q -h 127.0.0.1 -t 10").ok()).isTrue();
  }

  @Test
  void linkDownCutsTheHostOffAndLinkUpBringsItBack() {
    lab.linkDown(host);
    assertThat(lab.ssh(host, "true", SHORT).ok()).isFalse();
    assertThat(lab.ssh(lab.host(1), "true").ok()).as("other hosts unaffected").isTrue();
    lab.linkUp(host);
    lab.ssh(host, "true").orThrow();
  }

  @Test
  void pausedHostAcceptsNothingUntilResumed() {
    lab.pause(host);
    ExecResult stuck = lab.ssh(host, "true", SHORT);
    assertThat(stuck.ok()).isFalse();
    lab.resume(host);
    lab.ssh(host, "true").orThrow();
  }

  @Test
  void stoppedSshdCanBeRestartedWithoutSsh() {
    lab.ssh(host, "systemctl stop ssh.service").orThrow();
    ExecResult refused = lab.ssh(host, "true", SHORT);
    assertThat(refused.ok()).isFalse();
    // nspawn: the host's kernel refuses; docker: the engine's proxy of the published port
    // accepts, finds nothing behind it and closes or resets the connection.
    assertThat(refused.stderr()).containsPattern(
        lab.backend().equals("nspawn") ? "Connection refused" : "reset by peer|closed by remote host");
    lab.nsenter(host, "systemctl start ssh.service").orThrow();
    lab.ssh(host, "true").orThrow();
  }

  @Test
  void postgresRestarts() {
    lab.ssh(host, "systemctl restart postgresql@15-main.service").orThrow();
    lab.ssh(host, "pg_isready -h 127.0.0.1 -p 5432 -t 10").orThrow();
  }

  @Test
  void netnsExecRunsInTheHostsNetwork() {
    org.junit.jupiter.api.Assumptions.assumeTrue(lab.backend().equals("nspawn"), "network namespaces: the nspawn lab's");
    ExecResult addr = lab.netnsExec(host, "ip", "-4", "-o", "addr", "show", "dev", "eth0").orThrow();
    assertThat(addr.stdout()).contains(host.address() + "/24");
    assertThat(lab.initPid(host)).isPositive();
    assertThat(lab.nspawnPid(host)).isPositive();
  }
}
