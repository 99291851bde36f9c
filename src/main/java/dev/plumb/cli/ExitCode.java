package dev.plumb.cli;

/** Exit codes, as Terraform's {@code -detailed-exitcode}. */
final class ExitCode {
    static final int OK = 0;
    static final int ERROR = 1;
    static final int CHANGES = 2;

    private ExitCode() {}
}
