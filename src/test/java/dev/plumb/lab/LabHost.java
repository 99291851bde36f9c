package dev.plumb.lab;

/**
 * One lab host as the controller reaches it. The names below are those of lab instance 0;
 * instance K > 0 (see {@code bin/lab}) puts K into them, as the accessors do.
 *
 * @param name {@code hostN}, also its hostname and its name in the inventory
 * @param address {@code 198.18.K.(10+N)}, K being the lab instance: {@code 198.18.0.(10+N)}
 * @param port the SSH port, 22
 * @param instance the lab instance K the host belongs to, 0..9
 */
public record LabHost(String name, String address, int port, int instance) {

  static LabHost numbered(int instance, int number) {
    return new LabHost("host" + number, "198.18." + instance + "." + (10 + number), 22, instance);
  }

  /** N in {@code hostN}, 1-based. */
  public int number() {
    return Integer.parseInt(name.substring("host".length()));
  }

  /** The host's network namespace on the controller: {@code plumb-hostN}, or {@code plumbK-hostN}. */
  public String netns() {
    return prefix() + "-host" + number();
  }

  /**
   * The controller-side end of the host's veth pair, on {@link #bridge()}: {@code plumbvN}, or
   * {@code plumbKvN}.
   */
  public String veth() {
    return prefix() + "v" + number();
  }

  /** The bridge the host's veth is on: {@code plumbbr0}, or {@code plumbbrK}. */
  public String bridge() {
    return "plumbbr" + instance;
  }

  /**
   * The host's cgroup under each writable cgroup hierarchy: {@code plumb-hostN}, or {@code
   * plumbK-hostN}; the container itself is {@code <cgroup>/payload}.
   */
  public String cgroup() {
    return prefix() + "-host" + number();
  }

  /** The prefix of the instance's machine-wide names: plumb, or plumbK. */
  private String prefix() {
    return instance == 0 ? "plumb" : "plumb" + instance;
  }
}
