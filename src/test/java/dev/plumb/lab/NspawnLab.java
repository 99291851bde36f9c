package dev.plumb.lab;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * The nspawn lab: {@code bin/lab up M} boots it (a no-op when M healthy hosts are up, so
 * consecutive Maven runs reuse it) and writes {@code inventory/lab.yml} and {@code
 * inventory/known_hosts}; it is left running when the run ends ({@code bin/test} tears it down)
 * unless {@code -Dplumb.lab.keep=false}. See {@code bin/lab} for the names used here.
 */
final class NspawnLab implements LabBackend {

  private static final Duration BOOT_TIMEOUT = Duration.ofMinutes(5);

  private final Path root;
  private final int instance;
  private int count;

  NspawnLab(Path root, int instance) {
    this.root = root;
    this.instance = instance;
  }

  @Override
  public String name() {
    return "nspawn";
  }

  @Override
  public List<LabHost> up(int wanted) {
    if (wanted > count) {
      ExecResult up = binLab("up", Integer.toString(wanted));
      if (!up.ok()) {
        throw new IllegalStateException(
            "PLUMB_LAB_INSTANCE=" + instance + " bin/lab up " + wanted + " failed (" + up + ")");
      }
      count = wanted;
    }
    return IntStream.rangeClosed(1, count)
        .mapToObj(n -> LabHost.numbered(instance, n))
        .collect(Collectors.toList());
  }

  @Override
  public String network() {
    return "198.18." + instance + ".0/24";
  }

  @Override
  public Path knownHosts() {
    return root.resolve("inventory/known_hosts");
  }

  @Override
  public Path fullInventory() {
    return root.resolve("inventory/lab.yml");
  }

  /** Runs bin/lab for this run's instance (set explicitly, so a -D beats the environment). */
  private ExecResult binLab(String... args) {
    List<String> argv = new ArrayList<>();
    argv.add(root.resolve("bin/lab").toString());
    argv.addAll(List.of(args));
    return Exec.run(
        argv, root, BOOT_TIMEOUT, Map.of("PLUMB_LAB_INSTANCE", Integer.toString(instance)));
  }

  @Override
  public ExecResult enter(LabHost host, String command) {
    return Exec.run(
        List.of("nsenter", "-t", Long.toString(initPid(host)), "-a", "--", "sh", "-c", command),
        root,
        Lab.DEFAULT_TIMEOUT);
  }

  @Override
  public void linkDown(LabHost host) {
    run("ip", "link", "set", host.veth(), "down").orThrow();
  }

  @Override
  public void linkUp(LabHost host) {
    run("ip", "link", "set", host.veth(), "master", host.bridge(), "up").orThrow();
  }

  /** SIGSTOPs the host's systemd and all its descendants. */
  @Override
  public void pause(LabHost host) {
    signalAll(host, "STOP");
  }

  @Override
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
                  ProcessHandle.of(init).stream()
                      .flatMap(ProcessHandle::descendants)
                      .map(ProcessHandle::pid))
              .filter(p -> !signalled.contains(p))
              .collect(Collectors.toList());
      if (pids.isEmpty()) {
        return;
      }
      List<String> argv = new ArrayList<>(List.of("kill", "-" + signal));
      pids.forEach(p -> argv.add(Long.toString(p)));
      run(argv.toArray(String[]::new)); // a process may be gone: fine
      signalled.addAll(pids);
    }
  }

  /** Runs a program on the controller inside the host's network namespace. */
  ExecResult netnsExec(LabHost host, List<String> argv) {
    List<String> full = new ArrayList<>(List.of("ip", "netns", "exec", host.netns()));
    full.addAll(argv);
    return Exec.run(full, root, Lab.DEFAULT_TIMEOUT);
  }

  long nspawnPid(LabHost host) {
    return readPid(host, "nspawn.pid");
  }

  long initPid(LabHost host) {
    return readPid(host, "init.pid");
  }

  private long readPid(LabHost host, String file) {
    Path path = root.resolve(".lab/hosts").resolve(host.name()).resolve(file);
    try {
      return Long.parseLong(Files.readString(path).strip());
    } catch (IOException e) {
      throw new UncheckedIOException("no " + file + " for " + host.name() + "; is the lab up?", e);
    }
  }

  private ExecResult run(String... argv) {
    return Exec.run(List.of(argv), root, Lab.DEFAULT_TIMEOUT);
  }

  @Override
  public void close() {
    if (count > 0 && !Boolean.parseBoolean(System.getProperty("plumb.lab.keep", "true"))) {
      ExecResult down = binLab("down");
      if (!down.ok()) {
        System.err.println("bin/lab down failed: " + down);
      }
    }
  }
}
