package dev.plumb.git;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.Config;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.storage.file.FileBasedConfig;
import org.eclipse.jgit.util.FS;
import org.eclipse.jgit.util.SystemReader;

/**
 * Temporary repositories built with JGit, and a JGit environment cut off from this machine:
 * the user config, JGit's own config and the environment variables the tests set come from the
 * test, the host name is {@code testhost}. Install before each test, uninstall after.
 */
final class Fixture {
    static final PersonIdent ALICE = new PersonIdent("Alice", "alice@example.org");

    /** Environment variables JGit sees, over the real ones; a null value unsets one. */
    static final Map<String, String> ENV = new HashMap<>();
    private static SystemReader saved;

    private Fixture() {
    }

    /** Isolates JGit from the machine, keeping the package's own reader underneath. */
    static void isolate(Path dir) {
        NoGitBinary.install();
        saved = SystemReader.getInstance();
        ENV.clear();
        ENV.put("USER", "tester");
        ENV.put("GIT_CONFIG_NOSYSTEM", "1");
        for (String unset : new String[] {"GIT_AUTHOR_NAME", "GIT_AUTHOR_EMAIL", "GIT_CONFIG_SYSTEM"}) {
            ENV.put(unset, null);
        }
        File userConfig = dir.resolve("home-gitconfig").toFile();
        File jgitConfig = dir.resolve("home-jgitconfig").toFile();
        SystemReader.setInstance(new SystemReader.Delegate(saved) {
            @Override
            public String getenv(String name) {
                return ENV.containsKey(name) ? ENV.get(name) : super.getenv(name);
            }

            @Override
            public String getHostname() {
                return "testhost";
            }

            @Override
            public FileBasedConfig openUserConfig(Config parent, FS fs) {
                return new FileBasedConfig(parent, userConfig, fs);
            }

            @Override
            public FileBasedConfig openJGitConfig(Config parent, FS fs) {
                return new FileBasedConfig(parent, jgitConfig, fs);
            }
        });
    }

    static void restore() {
        SystemReader.setInstance(saved);
    }

    /** A new repository with a work tree at {@code dir}, on branch main, with no commits. */
    static Git init(Path dir) {
        try {
            return Git.init().setDirectory(dir.toFile()).setInitialBranch("main").call();
        } catch (GitAPIException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A new bare repository at {@code dir}, HEAD on main. */
    static Git bare(Path dir) {
        try {
            return Git.init().setBare(true).setDirectory(dir.toFile()).setInitialBranch("main").call();
        } catch (GitAPIException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Writes files (path, text, path, text ...; a null text deletes) into the work tree, stages
     * everything and commits it.
     */
    static RevCommit commit(Git git, String message, String... pathsAndTexts) {
        write(git, pathsAndTexts);
        try {
            git.add().addFilepattern(".").call();
            git.add().addFilepattern(".").setUpdate(true).call();
            return git.commit().setMessage(message).setAuthor(ALICE).setCommitter(ALICE).setSign(false).call();
        } catch (GitAPIException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Writes (or, for a null text, deletes) files in the work tree without staging them. */
    static void write(Git git, String... pathsAndTexts) {
        Map<String, String> files = new LinkedHashMap<>();
        for (int i = 0; i < pathsAndTexts.length; i += 2) {
            files.put(pathsAndTexts[i], pathsAndTexts[i + 1]);
        }
        Path root = git.getRepository().getWorkTree().toPath();
        try {
            for (Map.Entry<String, String> f : files.entrySet()) {
                Path p = root.resolve(f.getKey());
                if (f.getValue() == null) {
                    Files.delete(p);
                } else {
                    Files.createDirectories(p.getParent());
                    Files.writeString(p, f.getValue());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static String text(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    /** Every file below {@code dir} (the git directory's objects and logs left out) with its bytes, for before/after checks. */
    static Map<String, String> snapshot(Path dir) {
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                String rel = dir.relativize(p).toString();
                if (Files.isRegularFile(p) && !rel.matches("(.*/)?(objects|logs)(/.*)?")) {
                    out.put(rel, new String(Files.readAllBytes(p), StandardCharsets.ISO_8859_1)
                            + "@" + Files.getLastModifiedTime(p).toMillis());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }
}
