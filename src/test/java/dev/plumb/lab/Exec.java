package dev.plumb.lab;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs a process on the controller with a bounded time, capturing both outputs. */
final class Exec {

  private Exec() {}

  static ExecResult run(List<String> argv, Path directory, Duration timeout) {
    return run(argv, directory, timeout, Map.of());
  }

  /** Like {@link #run(List, Path, Duration)}, with {@code environment} added to ours. */
  static ExecResult run(
      List<String> argv, Path directory, Duration timeout, Map<String, String> environment) {
    ProcessBuilder builder = new ProcessBuilder(argv).redirectInput(ProcessBuilder.Redirect.PIPE);
    builder.environment().putAll(environment);
    if (directory != null) {
      builder.directory(directory.toFile());
    }
    Process process;
    try {
      process = builder.start();
      process.getOutputStream().close();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + argv, e);
    }
    Drain out = Drain.start(process.getInputStream(), "stdout of " + argv.get(0));
    Drain err = Drain.start(process.getErrorStream(), "stderr of " + argv.get(0));
    boolean finished;
    try {
      finished = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      finished = false;
    }
    if (!finished) {
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly();
      try {
        process.waitFor(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    return new ExecResult(finished ? process.exitValue() : -1, out.text(), err.text(), !finished);
  }

  /** Reads a stream to its end on its own thread, so neither pipe can fill and block. */
  private static final class Drain extends Thread {
    private final InputStream in;
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();

    private Drain(InputStream in, String name) {
      super(name);
      this.in = in;
      setDaemon(true);
    }

    static Drain start(InputStream in, String name) {
      Drain drain = new Drain(in, name);
      drain.start();
      return drain;
    }

    @Override
    public void run() {
      byte[] chunk = new byte[8192];
      try (in) {
        int n;
        while ((n = in.read(chunk)) >= 0) {
          synchronized (buffer) {
            buffer.write(chunk, 0, n);
          }
        }
      } catch (IOException e) {
        // The process was killed or closed the stream; keep what was read.
      }
    }

    String text() {
      try {
        join(5_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      synchronized (buffer) {
        return buffer.toString(StandardCharsets.UTF_8);
      }
    }
  }
}
