package dev.plumb.transport.ssh;

import java.nio.charset.StandardCharsets;

/** The outcome of one remote command. */
public record ExecResult(int exitCode, byte[] stdout, String stderr) {
    public String out() {
        return new String(stdout, StandardCharsets.UTF_8);
    }

    public boolean ok() {
        return exitCode == 0;
    }
}
