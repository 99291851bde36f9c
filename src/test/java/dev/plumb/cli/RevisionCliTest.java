package dev.plumb.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.plumb.config.Config;
import dev.plumb.config.Desired;
import dev.plumb.config.Loaded;
import dev.plumb.git.Repo;
import dev.plumb.git.RevisionFiles;
import dev.plumb.io.SourceTree;
import dev.plumb.resource.Kinds;
import dev.plumb.resource.file.FileContent;
import dev.plumb.resource.file.FileSpec;
import dev.plumb.resource.postgres.MigrationSpec;

/**
 * {@code --rev}: the playbook, the inventory, a source file and the migrations come from a
 * commit while the work tree holds other contents; a bare repository works; each bad revision
 * is one line and exit 1. No host is contacted (validate, and loading itself).
 */
class RevisionCliTest {
    private static final Map<String, String> SECRETS = Map.of(
            "FLASKAPP_DB_PASSWORD", "app-pw-Q7", "PLUMB_PG_ADMIN_PASSWORD", "admin-pw-Z9");
    private static final PersonIdent OPS = new PersonIdent("Ops", "ops@example.org");

    @TempDir
    Path tmp;
    Path work;
    Git git;
    RevCommit committed;
    String wsgi;

    @BeforeEach
    void setUp() throws Exception {
        work = tmp.resolve("infra");
        copy(Path.of("playbooks"), work.resolve("playbooks"));
        Files.createDirectories(work.resolve("inventory"));
        Files.copy(Path.of("src/test/resources/config/lab-inventory.yml"), work.resolve("inventory/lab.yml"));
        git = Git.init().setDirectory(work.toFile()).setInitialBranch("main").call();
        git.add().addFilepattern(".").call();
        committed = git.commit().setMessage("desired state").setAuthor(OPS).setCommitter(OPS).setSign(false).call();
        wsgi = Files.readString(work.resolve("playbooks/app/wsgi.py"));
        // The work tree moves on: an edited source, a new migration, a playbook that no longer parses.
        Files.writeString(work.resolve("playbooks/app/wsgi.py"), wsgi + "# edited in the work tree\n");
        Files.writeString(work.resolve("playbooks/migrations/flaskapp/V3__tags.sql"), "CREATE TABLE tags ();\n");
        Files.writeString(work.resolve("playbooks/flaskapp.yml"), "plays: [\n");
    }

    @AfterEach
    void close() {
        git.close();
    }

    private Cli.Result validate(Path root, String... more) {
        String[] args = Stream.concat(Stream.of("validate", root.resolve("playbooks/flaskapp.yml").toString(),
                "-i", root.resolve("inventory/lab.yml").toString()), Stream.of(more)).toArray(String[]::new);
        return Cli.run(SECRETS, args);
    }

    @Test
    void loadingAtARevisionUsesItsSourceFileAndMigrationsWhileTheWorkTreeDiffers() throws Exception {
        Path playbook = work.resolve("playbooks/flaskapp.yml");
        try (SourceTree at = RevisionFiles.open(Repo.find(playbook).orElseThrow(), "HEAD")) {
            Loaded<Desired> loaded = Config.load(playbook, work.resolve("inventory/lab.yml"), SECRETS,
                    Kinds.builtIn().readers(), at);
            assertThat(loaded.diagnostics()).isEmpty();
            List<FileSpec> files = loaded.value().orElseThrow().hosts().stream()
                    .flatMap(h -> h.resources(FileSpec.class).stream()).toList();
            assertThat(files).filteredOn(f -> f.content().orElse(null) instanceof FileContent.Source)
                    .isNotEmpty()
                    .allSatisfy(f -> assertThat(f.content().orElseThrow().body().reveal()).isEqualTo(wsgi));
            MigrationSpec migrations = loaded.value().orElseThrow().hosts().stream()
                    .flatMap(h -> h.resources(MigrationSpec.class).stream()).findFirst().orElseThrow();
            Path copy = migrations.location();
            assertThat(copy).isNotEqualTo(work.resolve("playbooks/migrations/flaskapp"));
            try (Stream<Path> listed = Files.list(copy)) {
                assertThat(listed.map(p -> p.getFileName().toString()).sorted())
                        .containsExactly("V1__create_notes.sql", "V2__index_notes.sql");
            }
            assertThat(Files.readString(copy.resolve("V1__create_notes.sql"))).isEqualTo(
                    Files.readString(work.resolve("playbooks/migrations/flaskapp/V1__create_notes.sql")));
            assertThat(loaded.value().orElseThrow().sources()).extracting(s -> work.relativize(s.path()).toString())
                    .contains("playbooks/app/wsgi.py", "playbooks/migrations/flaskapp/V1__create_notes.sql")
                    .doesNotContain("playbooks/migrations/flaskapp/V3__tags.sql");
        }
        // Nothing in the work tree or index changed.
        assertThat(git.status().call().getModified()).containsExactlyInAnyOrder("playbooks/app/wsgi.py",
                "playbooks/flaskapp.yml");
        assertThat(git.status().call().getUntracked()).containsExactly("playbooks/migrations/flaskapp/V3__tags.sql");
    }

    @Test
    void validateReadsTheRevisionNotTheBrokenWorkTree() {
        Cli.Result now = validate(work);
        assertThat(now.exit()).isEqualTo(1);
        Cli.Result head = validate(work, "--rev", "HEAD");
        assertThat(head.exit()).as("%s", head).isZero();
        assertThat(head.out()).contains("at HEAD (" + committed.getName().substring(0, 7) + ") is valid");
        assertThat(validate(work, "--rev", committed.getName()).exit()).isZero();
    }

    @Test
    void aBareRepositoryAndADetachedHeadWork() throws Exception {
        Path bare = tmp.resolve("infra.git");
        Git.cloneRepository().setURI(work.toUri().toString()).setDirectory(bare.toFile()).setBare(true).call().close();
        Cli.Result r = validate(bare, "--rev", "main");
        assertThat(r.exit()).as("%s", r).isZero();
        assertThat(r.out()).contains("at main (" + committed.getName().substring(0, 7) + ") is valid");

        git.checkout().setName(committed.getName()).setForced(true).call(); // detached HEAD, clean tree
        assertThat(git.getRepository().getFullBranch()).isEqualTo(committed.getName());
        assertThat(validate(work, "--rev", "HEAD").exit()).isZero();
    }

    @Test
    void badRevisionsAreOneLineErrors() throws Exception {
        Path elsewhere = tmp.resolve("not-a-repo");
        copy(work, elsewhere);
        deleteTree(elsewhere.resolve(".git"));
        expectError(validate(elsewhere, "--rev", "HEAD"), "error: --rev HEAD: " + elsewhere.resolve("playbooks/flaskapp.yml")
                + " is not in a git repository");
        expectError(validate(work, "--rev", "nope"), "error: --rev nope: unknown revision 'nope'");

        Files.writeString(work.resolve("inventory/new.yml"), Files.readString(work.resolve("inventory/lab.yml")));
        Cli.Result missing = Cli.run(SECRETS, "validate", work.resolve("playbooks/flaskapp.yml").toString(), "-i",
                work.resolve("inventory/new.yml").toString(), "--rev", "HEAD");
        expectError(missing, "inventory '" + work.resolve("inventory/new.yml") + "' not found at HEAD ("
                + committed.getName().substring(0, 7) + ")");
        assertThat(missing.err()).contains("--rev reads files from the commit", "not the work tree");

        Path shallow = tmp.resolve("shallow");
        Git.cloneRepository().setURI(work.toUri().toString()).setDirectory(shallow.toFile()).setDepth(1).call().close();
        expectError(validate(shallow, "--rev", "HEAD~1"), "error: --rev HEAD~1: revision 'HEAD~1' is not in this"
                + " shallow clone");
        assertThat(validate(shallow, "--rev", "HEAD").exit()).isZero();
    }

    private static void expectError(Cli.Result r, String message) {
        assertThat(r.exit()).as("%s", r).isEqualTo(1);
        assertThat(r.err()).as("%s", r).contains(message);
        assertThat(r.all()).doesNotContain("Exception", "\tat ");
    }

    private static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path p : walk.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.write(target, Files.readAllBytes(p));
                }
            }
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
