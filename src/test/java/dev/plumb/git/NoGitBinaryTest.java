package dev.plumb.git;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;

import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.util.FS;
import org.eclipse.jgit.util.SystemReader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * With a fake {@code git} first on the PATH that JGit sees, nothing the package does runs it,
 * while stock JGit would (the control).
 */
class NoGitBinaryTest {
    @TempDir
    Path tmp;
    Path marker;

    @BeforeEach
    void fakeGit() throws Exception {
        Fixture.isolate(tmp);
        Path bin = Files.createDirectories(tmp.resolve("bin"));
        marker = tmp.resolve("git-was-run");
        Path git = bin.resolve("git");
        Files.writeString(git, "#!/bin/sh\necho \"$@\" >> '" + marker + "'\necho 'git version 2.45.0'\n");
        Files.setPosixFilePermissions(git, PosixFilePermissions.fromString("rwxr-xr-x"));
        Fixture.ENV.put("PATH", bin + ":/usr/bin:/bin");
        Fixture.ENV.remove("GIT_CONFIG_NOSYSTEM");
    }

    @AfterEach
    void restore() {
        Fixture.restore();
    }

    @Test
    void stockJGitWouldRunIt() {
        FS.detect().getGitSystemConfig();
        assertThat(marker).exists();
    }

    @Test
    void theSystemConfigIsReadWithoutIt() throws Exception {
        Path config = tmp.resolve("system-gitconfig");
        Files.writeString(config, "[user]\n\tname = System Person\n\temail = system@example.org\n");
        Fixture.ENV.put("GIT_CONFIG_SYSTEM", config.toString());
        try (Git git = Fixture.init(tmp.resolve("w")); Repo repo = Repo.open(tmp.resolve("w"))) {
            assertThat(repo.author()).isEqualTo(new Author("System Person", "system@example.org"));
            assertThat(git).isNotNull();
        }
        assertThat(SystemReader.getInstance().openSystemConfig(null, FS.detect()).getFile()).isEqualTo(config.toFile());
        assertThat(marker).doesNotExist();
    }

    @Test
    void noOperationRunsIt() throws Exception {
        Path work = tmp.toRealPath().resolve("w");
        Path remote = tmp.toRealPath().resolve("r.git");
        try (Git git = Fixture.init(work)) {
            Fixture.commit(git, "one", "a.yml", "1\n");
            Fixture.commit(git, "two", "a.yml", "2\n");
            Fixture.bare(remote).close();
        }
        String ref = RecordRefs.applied(Path.of("a.yml"));
        try (Repo repo = Repo.find(work.resolve("a.yml")).orElseThrow()) {
            repo.at("HEAD~1").read("a.yml");
            repo.status(List.of(work.resolve("a.yml")));
            repo.appendRecord(ref, Map.of("h.json", Fixture.utf8("{}")), "x", repo.author());
            repo.log(ref, 1);
            repo.diffStat("HEAD~1", "HEAD", List.of());
            repo.commitsBetween("HEAD~1", "HEAD");
            repo.push(remote.toUri().toString(), ref);
        }
        assertThat(marker).doesNotExist();
    }
}
