package dev.plumb.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.plumb.lab.LabHosts;
import dev.plumb.lab.PgLab;

/**
 * {@code plan --rev} on a lab host: the plan, and the apply of the plan saved from it, use the
 * committed source file and migrations while the work tree holds others.
 */
@LabHosts(count = 3)
class RevisionLabTest {
    @RegisterExtension
    static final PgLab pg = new PgLab().admin("rev-admin-pw-3c81");

    private static final PersonIdent OPS = new PersonIdent("Ops", "ops@example.org");

    @Test
    void planAndApplyFromARevisionUseItsSourceFileAndMigrations() throws Exception {
        Workspace ws = pg.ws();
        String path = "/srv/plumbtest/rev-" + System.nanoTime() + ".conf";
        ws.write("files/app.conf", "committed\n");
        ws.write("db/migrations/V1__one.sql", "CREATE TABLE one (id int);\n");
        ws.playbook("""
                secrets:
                  admin: {env: PLUMB_PG_ADMIN_PASSWORD}
                plays:
                  - hosts: db
                    postgres:
                      admin: {password: "${secret.admin}"}
                      databases:
                        - {name: revdb}
                      migrations:
                        - {database: revdb, location: db/migrations}
                    files:
                      - {path: %s, source: files/app.conf}
                """.formatted(path));
        RevCommit commit;
        try (Git git = Git.init().setDirectory(ws.dir().toFile()).setInitialBranch("main").call()) {
            git.add().addFilepattern(".").call();
            commit = git.commit().setMessage("desired").setAuthor(OPS).setCommitter(OPS).setSign(false).call();
        }
        // The work tree moves on without a commit.
        ws.write("files/app.conf", "work tree\n");
        ws.write("db/migrations/V2__two.sql", "CREATE TABLE two (id int);\n");
        Set<Path> copiesBefore = copies();

        Path saved = ws.dir().resolve("plan.json");
        Cli.Result plan = ws.plumb("plan", "--rev", "HEAD", "-o", saved.toString());
        assertThat(plan.exit()).as("%s", plan).isEqualTo(2);
        assertThat(plan.out()).contains("+committed", "V1__one.sql").doesNotContain("work tree", "V2__two.sql");
        assertThat(plan.out()).doesNotContain("rev-admin-pw-3c81");

        Cli.Result apply = Cli.run(pg.env(), "apply", saved.toString(), "-q");
        assertThat(apply.exit()).as("%s", apply).isZero();
        assertThat(pg.ssh("cat " + path).orThrow().out()).isEqualTo("committed");
        assertThat(pg.psql("revdb", "SELECT string_agg(version, ',' ORDER BY installed_rank)"
                + " FROM flyway_schema_history")).isEqualTo("1");

        Cli.Result again = ws.plumb("plan", "--rev", commit.getName());
        assertThat(again.exit()).as("after an apply from the revision, its plan is empty: %s", again).isZero();
        Cli.Result workTree = ws.plumb("plan", "--allow-dirty");
        assertThat(workTree.exit()).as("%s", workTree).isEqualTo(2);
        assertThat(workTree.out()).contains("+work tree", "V2__two.sql");

        // The apply was recorded against the commit it read, and the private copies are gone.
        Cli.Result history = Cli.run(pg.env(), "history", "-i", ws.inventoryFile().toString());
        assertThat(history.out()).contains("applied  from " + commit.getName().substring(0, 12));
        assertThat(copies()).isEqualTo(copiesBefore);
        pg.ssh("rm -f " + path);
    }

    private static Set<Path> copies() throws Exception {
        try (Stream<Path> list = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            return list.filter(p -> p.getFileName().toString().startsWith("plumb-rev-")).collect(Collectors.toSet());
        }
    }
}
