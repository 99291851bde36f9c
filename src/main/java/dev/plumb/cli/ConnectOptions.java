package dev.plumb.cli;

import picocli.CommandLine.Option;

/** Options for every command that connects to hosts (import too). */
class ConnectOptions {
    @Option(names = "--forks", paramLabel = "N", defaultValue = "10",
            description = "Hosts worked on in parallel (default: ${DEFAULT-VALUE}).")
    int forks;

    @Option(names = "--accept-new-host-keys",
            description = "Record the keys of hosts missing from known_hosts (like OpenSSH's accept-new)."
                    + " A listed host's other key, of any type, or a @revoked key, is always refused.")
    boolean acceptNewHostKeys;

    @Option(names = "--connect-timeout", paramLabel = "SECONDS", defaultValue = "10",
            description = "Give up on a host that does not answer SSH within this time, when connecting or at any"
                    + " time after (default: ${DEFAULT-VALUE}).")
    int connectTimeout;

    @Option(names = {"-q", "--quiet"}, description = "No progress display.")
    boolean quiet;
}
