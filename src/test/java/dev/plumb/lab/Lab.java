package dev.plumb.lab;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The lab hosts a test class asked for, how to reach them, and helpers to run commands on
 * them and to inject faults. Obtain it as a test method or constructor parameter in a class
 * annotated with {@link LabHosts}.
 */
public final class Lab {

  /** Default bound for one command on a host. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);

  private final Path projectRoot;
  private final int instance;
  private final List<LabHost> hosts;
  private final Path inventory;

  Lab(Path projectRoot, int instance, List<LabHost> hosts, Path inventory) {
    this.projectRoot = projectRoot;
    this.instance = instance;
    this.hosts = List.copyOf(hosts);
    this.inventory = inventory;
  }

  /**
   * The lab instance K, 0..9 ({@code PLUMB_LAB_INSTANCE} or {@code -Dplumb.lab.instance}; 0 by
   * default): it names the bridge, namespaces, veths and cgroups, and the subnet 198.18.K.0/24.
   */
  public int instance() {
    return instance;
  }

  /** The bridge the hosts are on: {@code plumbbr0}, or {@code plumbbrK}. */
  public String bridge() {
    return "plumbbr" + instance;
  }

  /** The controller's address on {@link #bridge()}: {@code 198.18.K.1}. */
  public String bridgeAddress() {
    return "198.18." + instance + ".1";
  }

  /** The hosts' subnet: {@code 198.18.K.0/24}. */
  public String network() {
    return "198.18." + instance + ".0/24";
  }

  /** host1..hostN, N being the count the test class asked for. */
  public List<LabHost> hosts() {
    return hosts;
  }

  /** hostN, 1-based. */
  public LabHost host(int number) {
    if (number < 1 || number > hosts.size()) {
      throw new IllegalArgumentException(
          "host" + number + " is not in this lab of " + hosts.size() + " host(s)");
    }
    return hosts.get(number - 1);
  }

  public LabHost host(String name) {
    return hosts.stream()
        .filter(h -> h.name().equals(name))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException(name + " is not in this lab: " + hosts));
  }

  /** The controller's private key; root and deploy on every host accept it. */
  public Path privateKey() {
    return projectRoot.resolve(".lab/id_ed25519");
  }

  /** OpenSSH known_hosts with every host key (ed25519, ecdsa, rsa) of every host. */
  public Path knownHosts() {
    return projectRoot.resolve("inventory/known_hosts");
  }

  /**
   * An inventory (desired-state format v1) with exactly {@link #hosts()}: group {@code db} is
   * host1, group {@code web} every other host (host1 when there is only one), user root.
   */
  public Path inventory() {
    return inventory;
  }

  public Path projectRoot() {
    return projectRoot;
  }

  // --- commands -----------------------------------------------------------------------

  /** Runs a shell command on the host as root through the OpenSSH client. */
  public ExecResult ssh(LabHost host, String command) {
    return ssh(host, command, DEFAULT_TIMEOUT);
  }

  public ExecResult ssh(LabHost host, String command, Duration timeout) {
    return sshAs("root", host, command, timeout);
  }

  /** Runs a shell command on the host as {@code user} (root or deploy). */
  public ExecResult sshAs(String user, LabHost host, String command) {
    return sshAs(user, host, command, DEFAULT_TIMEOUT);
  }

  public ExecResult sshAs(String user, LabHost host, String command, Duration timeout) {
    List<String> argv = new ArrayList<>(sshCommand(user, host));
    argv.add("--");
    argv.add(command);
    return Exec.run(argv, projectRoot, timeout);
  }

  /**
   * The OpenSSH client command line that logs in to the host, without the remote command:
   * strict host key checking against {@link #knownHosts()}, no agent, no user config.
   */
  public List<String> sshCommand(String user, LabHost host) {
    return List.of(
        "ssh", "-F", "/dev/null",
        "-i", privateKey().toString(),
        "-p", Integer.toString(host.port()),
        "-o", "BatchMode=yes",
        "-o", "IdentitiesOnly=yes",
        "-o", "StrictHostKeyChecking=yes",
        "-o", "UserKnownHostsFile=" + knownHosts(),
        "-o", "GlobalKnownHostsFile=/dev/null",
        "-o", "ConnectTimeout=5",
        "-o", "LogLevel=ERROR",
        user + "@" + host.address());
  }

  /** Runs a program on the controller (not on a host). */
  public ExecResult exec(Duration timeout, String... argv) {
    return Exec.run(List.of(argv), projectRoot, timeout);
  }

  /** Runs a program on the controller inside the host's network namespace. */
  public ExecResult netnsExec(LabHost host, String... argv) {
    List<String> full = new ArrayList<>(List.of("ip", "netns", "exec", host.netns()));
    full.addAll(Arrays.asList(argv));
    return Exec.run(full, projectRoot, DEFAULT_TIMEOUT);
  }

  /**
   * Runs a shell command inside the host without SSH, by entering all of its namespaces
   * from the controller: the way back in after a test stopped sshd or broke the network.
   */
  public ExecResult nsenter(LabHost host, String command) {
    return Exec.run(
        List.of("nsenter", "-t", Long.toString(initPid(host)), "-a", "--", "sh", "-c", command),
        projectRoot,
        DEFAULT_TIMEOUT);
  }

  // --- fault injection ----------------------------------------------------------------

  /** The pid of the host's systemd-nspawn; SIGTERM to it powers the host off. */
  public long nspawnPid(LabHost host) {
    return readPid(host, "nspawn.pid");
  }

  /** The controller's pid of the host's PID 1 (systemd). */
  public long initPid(LabHost host) {
    return readPid(host, "init.pid");
  }

  /** Takes the controller-side veth down: the host drops off the network, state intact. */
  public void linkDown(LabHost host) {
    exec(DEFAULT_TIMEOUT, "ip", "link", "set", host.veth(), "down").orThrow();
  }

  /** Undoes {@link #linkDown} (the veth goes back onto the bridge up). */
  public void linkUp(LabHost host) {
    exec(DEFAULT_TIMEOUT, "ip", "link", "set", host.veth(), "master", host.bridge(), "up").orThrow();
  }

  /**
   * SIGSTOPs every process of the host (its systemd and all descendants): the host still
   * accepts TCP connections in the kernel but never answers. Undo with {@link #resume}.
   */
  public void pause(LabHost host) {
    signalAll(host, "STOP");
  }

  /** SIGCONTs every process of the host. */
  public void resume(LabHost host) {
    signalAll(host, "CONT");
  }

  private void signalAll(LabHost host, String signal) {
    long init = initPid(host);
    Set<Long> signalled = new LinkedHashSet<>();
    // Processes may fork while we go; repeat until a pass finds nobody new.
    for (int pass = 0; pass < 10; pass++) {
      List<Long> pids =
          Stream.concat(
                  Stream.of(init),
                  ProcessHandle.of(init).stream().flatMap(ProcessHandle::descendants)
                      .map(ProcessHandle::pid))
              .filter(p -> !signalled.contains(p))
              .collect(Collectors.toList());
      if (pids.isEmpty()) {
        return;
      }
      List<String> argv = new ArrayList<>(List.of("kill", "-" + signal));
      pids.forEach(p -> argv.add(Long.toString(p)));
      exec(DEFAULT_TIMEOUT, argv.toArray(String[]::new)); // a process may be gone: fine
      signalled.addAll(pids);
    }
  }

  private long readPid(LabHost host, String file) {
    Path path = projectRoot.resolve(".lab/hosts").resolve(host.name()).resolve(file);
    try {
      return Long.parseLong(Files.readString(path).strip());
    } catch (IOException e) {
      throw new UncheckedIOException("no " + file + " for " + host.name() + "; is the lab up?", e);
    }
  }

  @Override
  public String toString() {
    return "Lab" + hosts;
  }
}
