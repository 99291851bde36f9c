package dev.plumb.shell;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs generated scripts with this machine's {@code /bin/sh} as plumb runs them on a host (the
 * script on stdin), and plays an attacker who wins a race: {@link #after} wraps a command so that
 * right after one chosen call, a shell command changes the file system.
 */
public final class LocalSh {
    /** What a script did. */
    public record Result(int exit, String out, String err) {
        public List<String> lines() {
            return out.lines().toList();
        }
    }

    private final Path bin;

    /** A shell whose {@code PATH} starts with {@code bin} (wrappers go there). */
    public LocalSh(Path bin) {
        this.bin = bin;
    }

    public static boolean root() {
        return "root".equals(System.getProperty("user.name"));
    }

    /** Runs {@code script} in {@code /}, with a 30 s bound. */
    public Result run(String script) {
        try {
            ProcessBuilder pb = new ProcessBuilder("/bin/sh", "-s").directory(Path.of("/").toFile());
            pb.environment().put("PATH", bin + ":" + System.getenv("PATH"));
            Process p = pb.start();
            CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> read(p.getInputStream()));
            CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(p.getErrorStream()));
            try (var in = p.getOutputStream()) {
                in.write(script.getBytes(StandardCharsets.UTF_8));
            }
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("script did not end within 30 s");
            }
            return new Result(p.exitValue(), out.join(), err.join());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /**
     * Wraps {@code command} so that once, right after a call whose last argument matches the
     * shell pattern {@code lastArg}, {@code change} runs (with {@code $1} that argument, in the
     * caller's working directory) before the caller goes on.
     */
    public void after(String command, String lastArg, String change) {
        wrap(command, "\"$real\" \"$@\"; rc=$?\n"
                + "eval \"last=\\${$#}\"\n"
                + "case $last in " + lastArg + ")\n"
                + "  if mkdir \"$0.done\" 2>/dev/null; then set -- \"$last\"; " + change + "\n  fi ;;\nesac\n"
                + "exit $rc\n");
    }

    /** Replaces {@code command} by {@code body} (a shell script; {@code $real} is the real command). */
    public void wrap(String command, String body) {
        try {
            String real = which(command);
            Path w = bin.resolve(command);
            Files.writeString(w, "#!/bin/sh\nreal=" + Shell.quote(real) + "\n" + body);
            Files.setPosixFilePermissions(w, PosixFilePermissions.fromString("rwxr-xr-x"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String which(String command) {
        for (String dir : System.getenv("PATH").split(":")) {
            Path p = Path.of(dir, command);
            if (Files.isExecutable(p)) {
                return p.toString();
            }
        }
        throw new AssertionError("no " + command + " on PATH");
    }

    private static String read(java.io.InputStream in) {
        try {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
