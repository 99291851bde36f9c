package dev.plumb.lab;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * Boots the lab once per test run on its {@link LabBackend} (nspawn: {@code bin/lab up M};
 * docker: Testcontainers) and resolves {@link Lab} parameters. M is the largest count asked
 * for so far, at least {@code plumb.lab.hosts} (default 4), so that later classes asking for
 * fewer hosts reuse the running lab; a class asking for more boots more. {@code bin/lab up}
 * is itself a no-op when the lab is already up with M healthy hosts, so consecutive Maven
 * runs reuse the nspawn lab too; the docker lab ends with the run.
 *
 * <p>System properties: {@code plumb.lab} (the backend, default the environment variable
 * {@code PLUMB_LAB}: nspawn or docker), {@code plumb.lab.hosts} (minimum hosts to boot), {@code
 * plumb.lab.keep} (default true; false runs {@code bin/lab down} when the run ends), {@code
 * plumb.projectRoot} (default: the nearest directory above the working directory holding
 * {@code bin/lab}), {@code plumb.lab.instance} (the lab instance K, 0..9; default: the
 * environment variable {@code PLUMB_LAB_INSTANCE}, else 0). The instance is passed on to
 * {@code bin/lab}, and {@link LabHost} and {@link Lab} use its names and subnet 198.18.K.0/24,
 * so test runs in two work trees with different instances do not disturb each other.
 */
public final class LabExtension implements BeforeAllCallback, ParameterResolver {

  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(LabExtension.class);

  @Override
  public void beforeAll(ExtensionContext context) {
    lab(context); // boot now, so a broken lab fails the class rather than each test
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == Lab.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    try {
      return lab(context);
    } catch (RuntimeException e) {
      throw new ParameterResolutionException("the lab is not available: " + e.getMessage(), e);
    }
  }

  /** The first {@link LabHosts#count()} hosts for the context's class; boots the lab on first use. */
  static Lab lab(ExtensionContext context) {
    int count = requestedCount(context);
    Booted booted =
        context
            .getRoot()
            .getStore(NAMESPACE)
            .getOrComputeIfAbsent(
                Booted.class, k -> new Booted(projectRoot(), instance()), Booted.class);
    return booted.lab(count);
  }

  private static int requestedCount(ExtensionContext context) {
    for (Class<?> c = context.getRequiredTestClass(); c != null; c = c.getEnclosingClass()) {
      Optional<LabHosts> annotation = AnnotationSupport.findAnnotation(c, LabHosts.class);
      if (annotation.isPresent()) {
        int count = annotation.get().count();
        if (count < 1) {
          throw new IllegalArgumentException("@LabHosts(count = " + count + ") on " + c);
        }
        return count;
      }
    }
    return 1;
  }

  /**
   * The lab instance: system property {@code plumb.lab.instance}, else the environment variable
   * {@code PLUMB_LAB_INSTANCE}, else 0 (empty counts as unset, as in {@code bin/lab}).
   */
  static int instance() {
    return instance(System.getProperty("plumb.lab.instance"), System.getenv("PLUMB_LAB_INSTANCE"));
  }

  static int instance(String property, String environment) {
    String configured = property;
    String source = "-Dplumb.lab.instance";
    if (configured == null || configured.isBlank()) {
      configured = environment;
      source = "PLUMB_LAB_INSTANCE";
    }
    if (configured == null || configured.isBlank()) {
      return 0;
    }
    if (!configured.strip().matches("[0-9]")) {
      throw new IllegalStateException(source + " must be one of 0..9, not '" + configured + "'");
    }
    return Integer.parseInt(configured.strip());
  }

  static Path projectRoot() {
    String configured = System.getProperty("plumb.projectRoot");
    if (configured != null && !configured.isBlank()) {
      return Paths.get(configured).toAbsolutePath().normalize();
    }
    for (Path p = Paths.get("").toAbsolutePath(); p != null; p = p.getParent()) {
      if (Files.isExecutable(p.resolve("bin/lab"))) {
        return p;
      }
    }
    throw new IllegalStateException(
        "no bin/lab above " + Paths.get("").toAbsolutePath() + "; set -Dplumb.projectRoot");
  }

  /** The lab of this test run: its backend, or why booting failed. */
  static final class Booted implements AutoCloseable {
    private final Path root;
    private final int instance;
    private LabBackend backend;
    private List<LabHost> up = List.of();
    private String failure;

    Booted(Path root, int instance) {
      this.root = root;
      this.instance = instance;
    }

    synchronized Lab lab(int wanted) {
      if (failure != null) {
        throw new IllegalStateException(failure);
      }
      try {
        if (backend == null) {
          backend = LabBackend.choose(root, instance);
        }
        if (wanted > up.size()) {
          up = backend.up(Math.max(wanted, Integer.getInteger("plumb.lab.hosts", 4)));
        }
      } catch (RuntimeException e) {
        failure = "the " + (backend == null ? "" : backend.name() + " ") + "lab (instance "
            + instance + ") did not come up: " + e.getMessage();
        throw new IllegalStateException(failure, e);
      }
      List<LabHost> hosts = up.subList(0, wanted);
      Path inventory =
          wanted == up.size()
              ? backend.fullInventory()
              : writeInventory(
                  root.resolve(".lab/lab-" + backend.name() + "-" + wanted + ".yml"),
                  hosts,
                  root.resolve(".lab/id_ed25519"),
                  backend.knownHosts());
      return new Lab(root, instance, hosts, inventory, backend);
    }

    @Override
    public synchronized void close() {
      if (backend != null) {
        backend.close();
      }
    }
  }

  /**
   * Writes an inventory like inventory/lab.yml with exactly these hosts: user root, group db
   * host1, group web every other host (host1 when there is only one), vars workers 2.
   */
  static Path writeInventory(Path file, List<LabHost> hosts, Path identity, Path knownHosts) {
    StringBuilder yaml = new StringBuilder();
    Path dir = file.toAbsolutePath().getParent();
    yaml.append("# generated by LabExtension; do not edit\n")
        .append("ssh:\n")
        .append("  user: root\n")
        .append("  identity: ").append(dir.relativize(identity.toAbsolutePath())).append('\n')
        .append("  known_hosts: ").append(dir.relativize(knownHosts.toAbsolutePath())).append('\n')
        .append("hosts:\n");
    for (LabHost h : hosts) {
      yaml.append("  ").append(h.name()).append(": ").append(h.inventoryEntry()).append('\n');
    }
    String web =
        hosts.size() == 1
            ? "host1"
            : hosts.stream().skip(1).map(LabHost::name).collect(Collectors.joining(", "));
    yaml.append("groups:\n")
        .append("  db: [host1]\n")
        .append("  web: [").append(web).append("]\n")
        .append("vars:\n")
        .append("  workers: 2\n");
    try {
      Files.createDirectories(dir);
      Files.writeString(file, yaml.toString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return file;
  }
}
