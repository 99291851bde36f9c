package dev.plumb.lab;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

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
  private final LabBackend backend;

  Lab(Path projectRoot, int instance, List<LabHost> hosts, Path inventory, LabBackend backend) {
    this.projectRoot = projectRoot;
    this.instance = instance;
    this.hosts = List.copyOf(hosts);
    this.inventory = inventory;
    this.backend = backend;
  }

  /**
   * The lab instance K, 0..9 ({@code PLUMB_LAB_INSTANCE} or {@code -Dplumb.lab.instance}; 0 by
   * default): it names the bridge, namespaces, veths and cgroups, and the subnet.
   */
  public int instance() {
    return instance;
  }

  /** What the hosts run on: {@code nspawn} or {@code docker} (see {@link LabBackend}). */
  public String backend() {
    return backend.name();
  }

  /** The nspawn lab's bridge: {@code plumbbr0}, or {@code plumbbrK}. */
  public String bridge() {
    return "plumbbr" + instance;
  }

  /** The controller's address on the nspawn lab's bridge: {@code 198.18.K.1}. */
  public String bridgeAddress() {
    return "198.18." + instance + ".1";
  }

  /**
   * The subnet of the hosts' lab addresses: {@code 198.18.K.0/24} on nspawn, {@code
   * 198.19.(100+K).0/24} on docker.
   */
  public String network() {
    return backend.network();
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
    return backend.knownHosts();
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
   * Runs the commands one after the other on the host as root in one SSH session (each in a
   * subshell) and returns what each printed on stdout, stripped; the first that fails fails the
   * test, naming its number.
   */
  public List<String> sshEach(LabHost host, String... commands) {
    String mark = "--plumb-lab-next--";
    StringBuilder script = new StringBuilder();
    for (int i = 0; i < commands.length; i++) {
      script.append("( ").append(commands[i]).append("\n) || { echo 'command ").append(i + 1)
          .append(" failed' >&2; exit 1; }\necho ").append(mark).append('\n');
    }
    String[] parts = ssh(host, script.toString()).orThrow().stdout().split(mark + "\n", -1);
    if (parts.length != commands.length + 1) {
      throw new AssertionError("expected " + commands.length + " outputs, got " + (parts.length - 1));
    }
    return Arrays.stream(parts, 0, commands.length).map(String::strip).toList();
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
        user + "@" + host.sshAddress());
  }

  /** Runs a program on the controller (not on a host). */
  public ExecResult exec(Duration timeout, String... argv) {
    return Exec.run(List.of(argv), projectRoot, timeout);
  }

  /**
   * Runs a shell command as root inside the host without SSH (nsenter into its namespaces, or
   * docker exec): the way back in after a test stopped sshd or broke the network.
   */
  public ExecResult nsenter(LabHost host, String command) {
    return backend.enter(host, command);
  }

  // --- fault injection ----------------------------------------------------------------

  /** Takes the host off the network (its veth, or its eth0 on docker), state intact. */
  public void linkDown(LabHost host) {
    backend.linkDown(host);
  }

  /** Undoes {@link #linkDown}. */
  public void linkUp(LabHost host) {
    backend.linkUp(host);
  }

  /**
   * Freezes every process of the host (SIGSTOP to all of them, or docker pause): the host still
   * accepts TCP connections in the kernel but never answers. Undo with {@link #resume}.
   */
  public void pause(LabHost host) {
    backend.pause(host);
  }

  /** Undoes {@link #pause}. */
  public void resume(LabHost host) {
    backend.resume(host);
  }

  // --- nspawn only --------------------------------------------------------------------

  /** Runs a program on the controller inside the host's network namespace (nspawn lab). */
  public ExecResult netnsExec(LabHost host, String... argv) {
    return nspawn().netnsExec(host, Arrays.asList(argv));
  }

  /** The pid of the host's systemd-nspawn; SIGTERM to it powers the host off (nspawn lab). */
  public long nspawnPid(LabHost host) {
    return nspawn().nspawnPid(host);
  }

  /** The controller's pid of the host's PID 1, systemd (nspawn lab). */
  public long initPid(LabHost host) {
    return nspawn().initPid(host);
  }

  private NspawnLab nspawn() {
    if (backend instanceof NspawnLab n) {
      return n;
    }
    throw new UnsupportedOperationException("only the nspawn lab has this; PLUMB_LAB=" + backend());
  }

  @Override
  public String toString() {
    return "Lab(" + backend() + ")" + hosts;
  }
}
