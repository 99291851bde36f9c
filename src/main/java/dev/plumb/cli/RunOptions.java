package dev.plumb.cli;

import picocli.CommandLine.Option;

/** Options for commands that talk to hosts. */
final class RunOptions {
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

    @Option(names = "--lock-timeout", paramLabel = "SECONDS", defaultValue = "60",
            description = "How long apply waits for another plumb run's lock on a host before failing"
                    + " (default: ${DEFAULT-VALUE}).")
    int lockTimeout;

    @Option(names = "--fail-fast",
            description = "Apply: after the first host fails, start no other (those are reported as skipped).")
    boolean failFast;

    @Option(names = {"-q", "--quiet"}, description = "No progress display.")
    boolean quiet;

    @Option(names = {"-v", "--verbose"}, description = "Also print per-host round-trip counts.")
    boolean verbose;
}
