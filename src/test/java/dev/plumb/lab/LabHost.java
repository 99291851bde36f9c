package dev.plumb.lab;

/**
 * One lab host as the controller reaches it.
 *
 * @param name {@code hostN}, also its hostname and its name in the inventory
 * @param address {@code 198.18.0.(10+N)}
 * @param port the SSH port, 22
 */
public record LabHost(String name, String address, int port) {

  static LabHost numbered(int number) {
    return new LabHost("host" + number, "198.18.0." + (10 + number), 22);
  }

  /** N in {@code hostN}, 1-based. */
  public int number() {
    return Integer.parseInt(name.substring("host".length()));
  }

  /** The host's network namespace on the controller, {@code plumb-hostN}. */
  public String netns() {
    return "plumb-host" + number();
  }

  /** The controller-side end of the host's veth pair, on bridge plumbbr0: {@code plumbvN}. */
  public String veth() {
    return "plumbv" + number();
  }
}
