package dev.plumb.lab;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * What the lab's hosts run on, chosen by {@code PLUMB_LAB} (or {@code -Dplumb.lab}):
 *
 * <ul>
 *   <li>{@code nspawn}: {@code bin/lab}, systemd-nspawn on overlays of the controller's root, in
 *       network namespaces on a bridge (root on Linux);
 *   <li>{@code docker}: Testcontainers, one {@code plumb/lab-host:12} container per host (built
 *       by {@code bin/images}) on a network of its own, sshd's port published on 127.0.0.1
 *       (any Docker engine, no root).
 * </ul>
 *
 * The default is nspawn when the tests run as root where systemd-nspawn exists, else docker.
 * Both give hosts host1..hostN with systemd, sshd (root and deploy accept {@link
 * Lab#privateKey()}) and PostgreSQL 15 on 127.0.0.1:5432, and the same fault helpers.
 */
sealed interface LabBackend extends AutoCloseable permits NspawnLab, DockerLab {

  /** {@code nspawn} or {@code docker}. */
  String name();

  /** Makes sure host1..hostM, M at least {@code count}, are up; returns all of them. */
  List<LabHost> up(int count);

  /** The subnet the hosts' lab addresses are in, e.g. {@code 198.18.0.0/24}. */
  String network();

  /** OpenSSH known_hosts with every key of every host, under {@link LabHost#knownHostsName()}. */
  Path knownHosts();

  /** An inventory of exactly all the hosts that {@link #up} booted, if the backend writes one. */
  Path fullInventory();

  /** Runs a shell command as root inside the host without SSH. */
  ExecResult enter(LabHost host, String command);

  /** Takes the host off the network, state intact. */
  void linkDown(LabHost host);

  /** Undoes {@link #linkDown}. */
  void linkUp(LabHost host);

  /** Freezes every process of the host: TCP connections are accepted, nothing answers. */
  void pause(LabHost host);

  /** Undoes {@link #pause}. */
  void resume(LabHost host);

  /** Stops what this run started, unless the backend keeps its lab between runs. */
  @Override
  void close();

  /** The backend {@code PLUMB_LAB} / {@code -Dplumb.lab} names, or the default. */
  static LabBackend choose(Path root, int instance) {
    String configured = System.getProperty("plumb.lab");
    if (configured == null || configured.isBlank()) {
      configured = System.getenv("PLUMB_LAB");
    }
    String name =
        configured == null || configured.isBlank()
            ? defaultName()
            : configured.strip().toLowerCase(Locale.ROOT);
    return switch (name) {
      case "nspawn" -> new NspawnLab(root, instance);
      case "docker" -> new DockerLab(root, instance);
      default -> throw new IllegalStateException(
          "PLUMB_LAB must be nspawn or docker, not '" + configured + "'");
    };
  }

  private static String defaultName() {
    boolean root = "root".equals(System.getProperty("user.name"));
    boolean nspawn =
        Files.isExecutable(Path.of("/usr/bin/systemd-nspawn"))
            || Files.isExecutable(Path.of("/bin/systemd-nspawn"));
    return root && nspawn ? "nspawn" : "docker";
  }
}
