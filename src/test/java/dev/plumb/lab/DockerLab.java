package dev.plumb.lab;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Capability;
import com.github.dockerjava.api.model.ContainerNetwork;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.PortBinding;
import com.github.dockerjava.api.model.Ports;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.BindMode;
import org.testcontainers.containers.Container;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.containers.wait.strategy.AbstractWaitStrategy;
import org.testcontainers.images.builder.Transferable;
import org.testcontainers.utility.DockerImageName;

/**
 * The docker lab: host N is a {@code plumb/lab-host:12} container (systemd as PID 1; see {@code
 * bin/images.d/lab-host.Dockerfile}) named by Testcontainers, hostname {@code hostN}, at {@code
 * 198.19.(100+K).(10+N)} on a network of its own (K being the lab instance), its sshd published
 * on 127.0.0.1 only. Tests reach hosts through that port ({@link LabHost#sshAddress()}); hosts
 * reach each other at their lab addresses. Containers and the network carry the label {@code
 * dev.plumb.lab=K}; the run removes them when it ends, and a later run (or {@code bin/lab down})
 * removes any a killed run left behind.
 *
 * <p>Not {@code --privileged}: every capability but CAP_SYS_RESOURCE, which some engines (in a
 * container themselves) cannot grant, with seccomp, AppArmor and the masked /proc paths off and
 * the cgroup file system writable, which is what systemd and the tests need.
 */
final class DockerLab implements LabBackend {

  static final DockerImageName IMAGE = DockerImageName.parse("plumb/lab-host:12");
  static final String LABEL = "dev.plumb.lab";
  private static final Duration BOOT_TIMEOUT = Duration.ofSeconds(120);

  private final Path root;
  private final int instance;
  private final Path dir;
  private final List<Booted> booted = new ArrayList<>();
  private final Thread hook = new Thread(this::close, "docker-lab-cleanup");
  private Network network;

  /** One running host and its container. */
  private record Booted(LabHost host, GenericContainer<?> container, List<String> hostKeys) {}

  DockerLab(Path root, int instance) {
    this.root = root;
    this.instance = instance;
    this.dir = root.resolve(".lab/docker" + instance);
    removeLeftovers(DockerClientFactory.instance().client(), instance);
    Runtime.getRuntime().addShutdownHook(hook);
  }

  @Override
  public String name() {
    return "docker";
  }

  private String subnetPrefix() {
    return "198.19." + (100 + instance);
  }

  @Override
  public String network() {
    return subnetPrefix() + ".0/24";
  }

  @Override
  public Path knownHosts() {
    return dir.resolve("known_hosts");
  }

  @Override
  public Path fullInventory() {
    return dir.resolve("lab.yml");
  }

  @Override
  public synchronized List<LabHost> up(int count) {
    if (count > booted.size()) {
      try {
        Files.createDirectories(dir);
        String key = Files.readString(ensureKey(root));
        if (network == null) {
          network = createNetwork();
        }
        ExecutorService pool = Executors.newFixedThreadPool(count - booted.size());
        try {
          List<Future<Booted>> starting = new ArrayList<>();
          for (int n = booted.size() + 1; n <= count; n++) {
            int number = n;
            starting.add(pool.submit(() -> boot(number, key)));
          }
          for (Future<Booted> f : starting) {
            booted.add(f.get());
          }
        } finally {
          pool.shutdownNow();
        }
        writeKnownHosts();
        LabExtension.writeInventory(
            fullInventory(), hosts(), root.resolve(".lab/id_ed25519"), knownHosts());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      } catch (Exception e) {
        throw new IllegalStateException("the docker lab did not come up: " + e.getMessage(), e);
      }
    }
    return hosts();
  }

  private List<LabHost> hosts() {
    return booted.stream().map(Booted::host).collect(Collectors.toList());
  }

  private Network createNetwork() {
    String subnet = network();
    return Network.builder()
        .createNetworkCmdModifier(
            cmd ->
                cmd.withName("plumb-lab" + instance)
                    .withLabels(Map.of(LABEL, Integer.toString(instance)))
                    .withIpam(
                        new com.github.dockerjava.api.model.Network.Ipam()
                            .withConfig(
                                new com.github.dockerjava.api.model.Network.Ipam.Config()
                                    .withSubnet(subnet)
                                    .withGateway(subnetPrefix() + ".1"))))
        .build();
  }

  @SuppressWarnings("resource") // closed in close()
  private Booted boot(int number, String authorizedKey) throws Exception {
    String name = "host" + number;
    String address = subnetPrefix() + "." + (10 + number);
    GenericContainer<?> c =
        new GenericContainer<>(IMAGE)
            .withNetwork(network)
            .withNetworkAliases(name)
            .withExposedPorts(22)
            .withLabel(LABEL, Integer.toString(instance))
            .withTmpFs(Map.of("/run", "rw,exec,mode=755", "/run/lock", "rw"))
            .withFileSystemBind("/sys/fs/cgroup", "/sys/fs/cgroup", BindMode.READ_WRITE)
            // systemd would derive every container's machine-id from the same machine's DMI UUID.
            .withCopyToContainer(
                Transferable.of(java.util.UUID.randomUUID().toString().replace("-", "") + "\n", 0444),
                "/etc/machine-id")
            .withCopyToContainer(Transferable.of(authorizedKey, 0600), "/root/.ssh/authorized_keys")
            .withCopyToContainer(
                Transferable.of(authorizedKey, 0600), "/home/deploy/.ssh/authorized_keys")
            .waitingFor(new Booting())
            .withStartupAttempts(1)
            .withCreateContainerCmdModifier(
                cmd -> {
                  cmd.withHostName(name).withIpv4Address(address);
                  cmd.getHostConfig()
                      .withCapAdd(Capability.ALL)
                      .withCapDrop(Capability.SYS_RESOURCE)
                      .withSecurityOpts(
                          List.of(
                              "seccomp=unconfined", "apparmor=unconfined"))
                      .withCgroupnsMode("host")
                      .withPortBindings(
                          new PortBinding(Ports.Binding.bindIp("127.0.0.1"), ExposedPort.tcp(22)));
                });
    try {
      c.start();
      awaitBoot(c, name);
      exec(c, "chown -R deploy:deploy /home/deploy/.ssh").orThrow();
      String actual =
          c.getContainerInfo().getNetworkSettings().getNetworks().values().stream()
              .map(ContainerNetwork::getIpAddress)
              .findFirst()
              .orElseThrow();
      if (!actual.equals(address)) {
        throw new IllegalStateException(name + " got address " + actual + ", not " + address);
      }
      int port = c.getMappedPort(22);
      awaitSshBanner(name, port);
      List<String> keys =
          exec(c, "cat /etc/ssh/ssh_host_ed25519_key.pub /etc/ssh/ssh_host_ecdsa_key.pub"
                  + " /etc/ssh/ssh_host_rsa_key.pub")
              .orThrow()
              .stdout()
              .lines()
              .map(l -> String.join(" ", List.of(l.split(" ")).subList(0, 2)))
              .collect(Collectors.toList());
      return new Booted(new LabHost(name, address, "127.0.0.1", port, instance), c, keys);
    } catch (Exception | Error e) {
      String logs = c.getContainerId() == null ? "" : tail(c.getLogs());
      c.stop();
      throw new IllegalStateException(name + " did not boot: " + e.getMessage() + logs, e);
    }
  }

  /** Waits until systemd finished booting and sshd and PostgreSQL are active. */
  private static void awaitBoot(GenericContainer<?> c, String name) throws InterruptedException {
    long deadline = System.nanoTime() + BOOT_TIMEOUT.toNanos();
    ExecResult last = null;
    while (System.nanoTime() < deadline) {
      last =
          exec(c, "systemctl is-system-running --wait >/dev/null 2>&1;"
                  + " systemctl is-active ssh.service postgresql@15-main.service");
      if (last.ok()) {
        return;
      }
      Thread.sleep(200);
    }
    throw new IllegalStateException(name + ": sshd and PostgreSQL not active in time: " + last);
  }

  private static void awaitSshBanner(String name, int port) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    IOException last = null;
    while (System.nanoTime() < deadline) {
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress("127.0.0.1", port), 2000);
        s.setSoTimeout(2000);
        InputStream in = s.getInputStream();
        byte[] banner = in.readNBytes(4);
        if (new String(banner, StandardCharsets.US_ASCII).equals("SSH-")) {
          return;
        }
      } catch (IOException e) {
        last = e;
      }
      Thread.sleep(200);
    }
    throw new IllegalStateException(name + ": no SSH banner at 127.0.0.1:" + port + ": " + last);
  }

  private static String tail(String logs) {
    List<String> lines = logs.lines().collect(Collectors.toList());
    return "\n--- console (last lines)\n"
        + String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
  }

  private void writeKnownHosts() throws IOException {
    StringBuilder out = new StringBuilder();
    for (Booted b : booted) {
      for (String key : b.hostKeys()) {
        out.append(b.host().knownHostsName()).append(' ').append(key).append('\n');
      }
    }
    Path tmp = knownHosts().resolveSibling("known_hosts.tmp");
    Files.writeString(tmp, out.toString());
    Files.move(tmp, knownHosts(), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
  }

  /** The controller's key, made as bin/lab makes it when there is none yet. */
  static Path ensureKey(Path root) throws IOException, InterruptedException {
    Path key = root.resolve(".lab/id_ed25519");
    if (!Files.exists(key)) {
      Files.createDirectories(key.getParent());
      Exec.run(
              List.of("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "plumb-lab", "-f",
                  key.toString()),
              root,
              Duration.ofSeconds(30))
          .orThrow();
    }
    return key.resolveSibling("id_ed25519.pub");
  }

  private GenericContainer<?> container(LabHost host) {
    return booted.stream()
        .filter(b -> b.host().equals(host) || b.host().name().equals(host.name()))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException(host + " is not in the docker lab"))
        .container();
  }

  private static ExecResult exec(GenericContainer<?> c, String command) {
    try {
      Container.ExecResult r = c.execInContainer("sh", "-c", command);
      return new ExecResult(r.getExitCode(), r.getStdout(), r.getStderr(), false);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Override
  public ExecResult enter(LabHost host, String command) {
    return exec(container(host), command);
  }

  /** The host's eth0 goes down: the published port answers, but nothing gets through. */
  @Override
  public void linkDown(LabHost host) {
    enter(host, "ip link set eth0 down").orThrow();
  }

  @Override
  public void linkUp(LabHost host) {
    enter(host, "ip link set eth0 up && ip route replace default via " + subnetPrefix() + ".1")
        .orThrow();
  }

  /** {@code docker pause}: the cgroup freezer stops every process of the host. */
  @Override
  public void pause(LabHost host) {
    DockerClientFactory.instance().client().pauseContainerCmd(container(host).getContainerId()).exec();
  }

  @Override
  public void resume(LabHost host) {
    DockerClient client = DockerClientFactory.instance().client();
    String id = container(host).getContainerId();
    if (Boolean.TRUE.equals(client.inspectContainerCmd(id).exec().getState().getPaused())) {
      client.unpauseContainerCmd(id).exec();
    }
  }

  @Override
  public synchronized void close() {
    for (Booted b : booted) {
      resume(b.host());
      b.container().stop();
    }
    booted.clear();
    if (network != null) {
      network.close();
      network = null;
    }
    try {
      Files.deleteIfExists(knownHosts());
      Files.deleteIfExists(fullInventory());
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IOException | IllegalStateException e) {
      // shutting down already, or nothing to delete
    }
  }

  /** Removes the containers and networks labelled for this instance that a killed run left. */
  static void removeLeftovers(DockerClient client, int instance) {
    List<String> label = List.of(LABEL + "=" + instance);
    client.listContainersCmd().withShowAll(true).withLabelFilter(label).exec()
        .forEach(c -> client.removeContainerCmd(c.getId()).withForce(true).withRemoveVolumes(true).exec());
    client.listNetworksCmd().withFilter("label", label).exec()
        .forEach(n -> client.removeNetworkCmd(n.getId()).exec());
  }

  /** Waits for nothing: {@link #awaitBoot} checks the host once it runs. */
  private static final class Booting extends AbstractWaitStrategy {
    @Override
    protected void waitUntilReady() {}
  }
}
