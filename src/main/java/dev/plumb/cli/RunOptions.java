package dev.plumb.cli;

import picocli.CommandLine.Option;

/** Options for plan, apply and drift: those of {@link ConnectOptions} and the apply's own. */
final class RunOptions extends ConnectOptions {
    @Option(names = "--lock-timeout", paramLabel = "SECONDS", defaultValue = "60",
            description = "How long apply waits for another plumb run's lock on a host before failing"
                    + " (default: ${DEFAULT-VALUE}).")
    int lockTimeout;

    @Option(names = "--fail-fast",
            description = "Apply: after the first host fails, start no other (those are reported as skipped).")
    boolean failFast;

    @Option(names = {"-v", "--verbose"}, description = "Also print per-host round-trip counts.")
    boolean verbose;
}
