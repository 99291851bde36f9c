package dev.plumb.lab;

/**
 * One lab host and how the controller reaches it. The names below are those of lab instance 0
 * of the nspawn lab; instance K > 0 (see {@code bin/lab}) puts K into them, as the accessors do.
 *
 * @param name {@code hostN}, also its hostname and its name in the inventory
 * @param address the host's address in the lab, where the other hosts reach it: {@code
 *     198.18.K.(10+N)} on nspawn (K being the lab instance), {@code 198.19.(100+K).(10+N)} on
 *     docker
 * @param sshAddress where the controller's SSH connects: the address on nspawn, 127.0.0.1 (the
 *     published port) on docker
 * @param port the SSH port: 22 on nspawn, the published port on docker
 * @param instance the lab instance K the host belongs to, 0..9
 */
public record LabHost(String name, String address, String sshAddress, int port, int instance) {

  /** A host that SSH reaches at its lab address. */
  public LabHost(String name, String address, int port, int instance) {
    this(name, address, address, port, instance);
  }

  static LabHost numbered(int instance, int number) {
    return new LabHost("host" + number, "198.18." + instance + "." + (10 + number), 22, instance);
  }

  /** The same host under another name (a second inventory entry for it). */
  public LabHost named(String other) {
    return new LabHost(other, address, sshAddress, port, instance);
  }

  /** The host's value in an inventory's {@code hosts:}, as flow YAML. */
  public String inventoryEntry() {
    return sshAddress.equals(address)
        ? "{address: " + address + ", port: " + port + "}"
        : "{address: " + address + ", ssh_address: " + sshAddress + ", port: " + port + "}";
  }

  /** Where SSH connects, {@code sshAddress:port}, as plumb's messages name it. */
  public String sshEndpoint() {
    return sshAddress + ":" + port;
  }

  /** How known_hosts names the host: its SSH address, as {@code [address]:port} off port 22. */
  public String knownHostsName() {
    return port == 22 ? sshAddress : "[" + sshAddress + "]:" + port;
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
