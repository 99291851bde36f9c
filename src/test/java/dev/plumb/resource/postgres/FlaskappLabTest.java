package dev.plumb.resource.postgres;

import static dev.plumb.shell.Shell.quote;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.plumb.cli.Cli;
import dev.plumb.lab.LabHosts;
import dev.plumb.lab.PgLab;

/**
 * The seed's database side (playbooks/flaskapp.yml, play {@code db}) through the real command
 * line against host1, from the fresh Debian server where only peer authentication works (issue 4)
 * and with its Flyway migrations (issue 6): one plan shows everything, apply converges, the app
 * logs in over TCP, a migration added later is one pending change, an edited one is drift.
 */
@LabHosts(count = 3)
class FlaskappLabTest {
    static final String ADMIN_PW = "lab-admin-pw-7f3e";
    static final String APP_PW = "flask-pw-0451";
    static final String DB = "flaskapp_prod";

    @RegisterExtension
    static final PgLab pg = new PgLab().admin(ADMIN_PW).secret("FLASKAPP_DB_PASSWORD", APP_PW).web(2);

    private static void assertNoSecret(Cli.Result r) {
        assertThat(r.all()).doesNotContain(ADMIN_PW).doesNotContain(APP_PW).doesNotContain("SCRAM-SHA-256$");
    }

    @Test
    void theSeedAppliesFromAFreshServerMigratesAndTheAppLogsInOverTcp() {
        pg.ws().usePlaybook(pg.lab().projectRoot().resolve("playbooks/flaskapp.yml"));

        Cli.Result plan = pg.ws().plumb("plan", "--limit", "db");
        assertThat(plan.exit()).as("%s", plan).isEqualTo(2);
        assertNoSecret(plan);
        assertThat(plan.changeLines()).as("%s", plan).containsExactly(
                "  ~ postgres/admin postgres  (set the admin password via the local socket)",
                "  + postgres/role flaskapp",
                "  + postgres/database flaskapp_prod",
                "  ~ postgres/schema flaskapp_prod.public",
                "  + postgres/grant flaskapp@database:flaskapp_prod",
                "  + postgres/hba host:flaskapp_prod:flaskapp:127.0.0.1/32",
                "  + postgres/hba host:flaskapp_prod:flaskapp:198.18.0.0/24",
                "  ~ postgres/setting listen_addresses  (needs a server restart, which follows)",
                "  + postgres/migrations flaskapp_prod",
                "  + postgres/migrations flaskapp_prod");
        assertThat(plan.out()).contains("owner: postgres", "privileges: CONNECT, CREATE, TEMPORARY",
                "script: V1__create_notes.sql", "script: V2__index_notes.sql",
                "Plan: 7 to create, 3 to update, 0 to delete, 0 restarts on 1 host.");
        // Planning changed nothing: still the peer-only server.
        assertThat(pg.psql("postgres", "SELECT (SELECT rolpassword IS NULL FROM pg_authid WHERE rolname = 'postgres'),"
                + " (SELECT count(*) FROM pg_roles WHERE rolname = 'flaskapp'),"
                + " (SELECT count(*) FROM pg_database WHERE datname = 'flaskapp_prod')")).isEqualTo("t|0|0");

        assertNoSecret(pg.ws().converge("--limit", "db"));

        // The app's role logs in over TCP with its password, as the seed guide checks it.
        assertThat(pg.ssh("PGPASSWORD=" + quote(APP_PW) + " psql -X -A -t"
                + " 'postgresql://flaskapp@127.0.0.1:5432/flaskapp_prod'"
                + " -c 'SELECT current_database(), current_user'").orThrow().out())
                .isEqualTo("flaskapp_prod|flaskapp");
        // A wrong password is refused: the login above is password authentication, not trust.
        assertThat(pg.ssh("PGPASSWORD=wrong psql -X -A -t"
                + " 'postgresql://flaskapp@127.0.0.1:5432/flaskapp_prod' -c 'SELECT 1'").exitCode()).isEqualTo(2);
        assertThat(pg.psql("postgres", "SELECT pg_get_userbyid(datdba), has_database_privilege('flaskapp', datname,"
                + " 'CONNECT, CREATE, TEMPORARY') FROM pg_database WHERE datname = 'flaskapp_prod'"))
                .isEqualTo("postgres|t");
        // Both migrations ran once, as the app's role, which owns what they created.
        assertThat(pg.psql(DB, """
                SELECT string_agg(version || ':' || success || ':' || installed_by, ',' ORDER BY installed_rank)
                  FROM flyway_schema_history;
                SELECT tableowner FROM pg_tables WHERE tablename = 'notes';
                SELECT tableowner FROM pg_tables WHERE tablename = 'flyway_schema_history';
                SELECT count(*) FROM pg_indexes WHERE indexname = 'notes_created_at_idx';"""))
                .isEqualTo("1:true:flaskapp,2:true:flaskapp\nflaskapp\nflaskapp\n1");
    }

    @Test
    void aMigrationAddedLaterIsOnePendingChangeAndAnEditedOneIsDrift() throws IOException {
        Path migrations = pg.ws().copy(pg.lab().projectRoot().resolve("playbooks/migrations/flaskapp"),
                "migrations/flaskapp");
        // The seed's database, role and grants (no pg_hba rules or server settings: no restart).
        pg.ws().playbook("""
                secrets:
                  db_password: {env: FLASKAPP_DB_PASSWORD}
                  pg_admin: {env: PLUMB_PG_ADMIN_PASSWORD}
                plays:
                  - hosts: db
                    postgres:
                      admin: {user: postgres, password: "${secret.pg_admin}"}
                      roles:
                        - {name: flaskapp, login: true, password: "${secret.db_password}"}
                      databases:
                        - {name: flaskapp_prod, owner: postgres, encoding: UTF8}
                      schemas:
                        - {database: flaskapp_prod, name: public, owner: flaskapp}
                      grants:
                        - {role: flaskapp, privileges: [ALL], on: {database: flaskapp_prod}}
                      migrations:
                        - {database: flaskapp_prod, user: flaskapp, location: migrations/flaskapp}
                """);
        pg.ws().converge();
        assertThat(pg.ws().plumb("drift").exit()).isZero();

        Files.writeString(migrations.resolve("V3__note_titles.sql"), "ALTER TABLE notes ADD COLUMN title text;\n");
        Cli.Result plan = pg.ws().plumb("plan");
        assertThat(plan.exit()).as("%s", plan).isEqualTo(2);
        assertThat(plan.changeLines()).as("%s", plan).containsExactly("  + postgres/migrations flaskapp_prod");
        assertThat(plan.out()).contains("version: 3", "description: note titles", "script: V3__note_titles.sql",
                "Plan: 1 to create, 0 to update, 0 to delete, 0 restarts on 1 host.");
        assertThat(plan.out()).doesNotContain("V1__", "V2__");
        pg.ws().converge();
        assertThat(pg.psql(DB, """
                SELECT string_agg(version, ',' ORDER BY installed_rank) FROM flyway_schema_history;
                SELECT count(*) FROM information_schema.columns WHERE table_name = 'notes' AND column_name = 'title';"""))
                .isEqualTo("1,2,3\n1");

        // Editing a migration that has run: drift, with what happened and what to do.
        String checksums = pg.psql(DB, "SELECT string_agg(checksum::text, ',' ORDER BY installed_rank)"
                + " FROM flyway_schema_history");
        Files.writeString(migrations.resolve("V1__create_notes.sql"), "-- reformatted by hand\n",
                StandardOpenOption.APPEND);
        Cli.Result drift = pg.ws().plumb("drift");
        assertThat(drift.exit()).as("%s", drift).isEqualTo(2);
        assertThat(drift.changeLines()).as("%s", drift).containsExactly(
                "  ~ postgres/migrations flaskapp_prod  (V1__create_notes.sql was edited after it was applied (its"
                        + " checksum differs from the history's); restore it as applied and put the change in a new"
                        + " migration)");
        assertThat(drift.out()).contains("script: V1__create_notes.sql", "problem: edited after it was applied",
                "Drift: 0 to create, 1 to update, 0 to delete, 0 restarts on 1 host.");
        // Reading is all drift did: the history is as it was.
        assertThat(pg.psql(DB, "SELECT string_agg(checksum::text, ',' ORDER BY installed_rank)"
                + " FROM flyway_schema_history")).isEqualTo(checksums);
        // Apply refuses before changing anything, and never repairs.
        Cli.Result apply = pg.ws().plumb("apply");
        assertThat(apply.exit()).as("%s", apply).isEqualTo(1);
        assertThat(apply.out()).contains("plumb never repairs migrations");
        assertThat(pg.psql(DB, "SELECT string_agg(checksum::text, ',' ORDER BY installed_rank)"
                + " FROM flyway_schema_history")).isEqualTo(checksums);
    }
}
