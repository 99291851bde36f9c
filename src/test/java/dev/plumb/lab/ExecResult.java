package dev.plumb.lab;

/**
 * What a command printed and how it ended.
 *
 * @param exitCode the exit status, or -1 when the command timed out and was killed
 * @param timedOut whether the command was killed for running past its timeout
 */
public record ExecResult(int exitCode, String stdout, String stderr, boolean timedOut) {

  public boolean ok() {
    return exitCode == 0 && !timedOut;
  }

  /** Stdout without leading and trailing white space. */
  public String out() {
    return stdout.strip();
  }

  /** Returns this result if the command succeeded, or throws with everything it printed. */
  public ExecResult orThrow() {
    if (!ok()) {
      throw new AssertionError("command failed: " + this);
    }
    return this;
  }

  @Override
  public String toString() {
    return (timedOut ? "timed out" : "exit " + exitCode)
        + "\n--- stdout\n" + stdout + "\n--- stderr\n" + stderr;
  }
}
