package dev.plumb.resource.postgres.migrations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;

import dev.plumb.lab.LabHosts;
import dev.plumb.lab.PgLab;
import dev.plumb.model.Sensitive;
import dev.plumb.plan.Action;
import dev.plumb.plan.Attr;
import dev.plumb.plan.Change;
import dev.plumb.resource.postgres.MigrationSpec;
import dev.plumb.transport.ssh.Forward;
import dev.plumb.transport.ssh.SshSession;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Flyway against a lab host's real PostgreSQL, through an SSH tunnel, as an app role that owns
 * what it creates. Each test uses its own role and database, on a fresh server.
 */
@LabHosts(count = 3)
class MigrationsLabTest {
    @RegisterExtension
    static final PgLab pg = new PgLab();

    private final String id = UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    private final String role = "mig_app_" + id;
    private final String database = "mig_db_" + id;
    private final String password = "pw-" + UUID.randomUUID();

    @TempDir
    Path tmp;

    @BeforeEach
    void createRole() {
        pg.psql("postgres", "CREATE ROLE " + role + " LOGIN PASSWORD '" + password + "';");
    }

    @Test
    void freshDatabaseIsMigratedOnceAsTheAppRoleAndDriftIsReported() throws Exception {
        Path folder = copy(pg.lab().projectRoot().resolve("playbooks/migrations/flaskapp"), tmp.resolve("migrations"));
        MigrationSpec spec = spec(folder, Optional.empty());
        try (SshSession session = SshSession.open(pg.sshTarget());
             Forward forward = Forward.open(session, "127.0.0.1", 5432)) {
            JdbcTarget jdbc = new JdbcTarget("127.0.0.1", forward.localPort(), role, Sensitive.of(password),
                    Optional.empty());

            // Before the database exists (it is created earlier in the same run): everything is pending.
            MigrationStatus absent = Migrations.read(spec, jdbc);
            assertThat(absent.databaseExists()).isFalse();
            assertThat(versions(Migrations.plan(spec, absent))).containsExactly("1", "2");

            pg.psql("postgres", "CREATE DATABASE " + database + " OWNER " + role + ";");
            MigrationStatus fresh = Migrations.read(spec, jdbc);
            assertThat(fresh.databaseExists()).isTrue();
            List<Change> plan = Migrations.plan(spec, fresh);
            assertThat(plan).extracting(c -> c.address().toString())
                    .containsOnly(pg.host().name() + "/postgres/migrations/" + database);
            assertThat(plan).extracting(Change::action).containsOnly(Action.CREATE);
            assertThat(versions(plan)).containsExactly("1", "2");

            MigrateResult result = Migrations.apply(spec, jdbc);
            assertThat(result.applied()).extracting(Migration::script)
                    .containsExactly("V1__create_notes.sql", "V2__index_notes.sql");
            assertThat(result.to()).contains("2");

            MigrationStatus after = Migrations.read(spec, jdbc);
            assertThat(after.inSync()).as("%s", after).isTrue();
            assertThat(Migrations.plan(spec, after)).isEmpty();
            assertThat(Migrations.drift(spec, after)).isEmpty();
            assertThat(Migrations.apply(spec, jdbc).applied()).isEmpty();
            assertThat(pg.psql(database, "SELECT tableowner FROM pg_tables WHERE tablename = 'notes';"))
                    .isEqualTo(role);
            assertThat(pg.psql(database, "SELECT DISTINCT installed_by FROM flyway_schema_history;")).isEqualTo(role);

            // A newer app version brings a third migration: exactly one pending change.
            Path newer = copy(folder, tmp.resolve("newer"));
            Files.writeString(newer.resolve("V3__tags.sql"), "CREATE TABLE tags (id bigserial PRIMARY KEY, name text NOT NULL);\n");
            MigrationSpec newerSpec = spec(newer, Optional.empty());
            assertThat(Migrations.plan(newerSpec, Migrations.read(newerSpec, jdbc))).singleElement()
                    .satisfies(c -> assertThat(c.attrs()).contains(Attr.set("version", "3"),
                            Attr.set("script", "V3__tags.sql")));

            // An applied migration edited afterwards is drift, and migrate refuses in one line.
            Files.writeString(folder.resolve("V1__create_notes.sql"), "-- edited after apply\n",
                    StandardOpenOption.APPEND);
            MigrationStatus edited = Migrations.read(spec, jdbc);
            assertThat(edited.problems()).singleElement().satisfies(p -> {
                assertThat(p.kind()).isEqualTo(Problem.Kind.EDITED);
                assertThat(p.message()).startsWith("V1__create_notes.sql was edited after it was applied");
            });
            assertThat(Migrations.drift(spec, edited)).singleElement()
                    .satisfies(c -> assertThat(c.action()).isEqualTo(Action.UPDATE));
            assertThatThrownBy(() -> Migrations.apply(spec, jdbc))
                    .isInstanceOf(MigrationException.class)
                    .hasMessageStartingWith("migrations of " + database + ": refusing to migrate: V1__create_notes.sql"
                            + " was edited after it was applied")
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n").doesNotContain(password));
        }
    }

    @Test
    void anExistingSchemaIsAdoptedWithABaseline() throws Exception {
        Path folder = copy(pg.lab().projectRoot().resolve("playbooks/migrations/flaskapp"), tmp.resolve("migrations"));
        pg.psql("postgres", "CREATE DATABASE " + database + " OWNER " + role + ";");
        pg.psql(database, "SET ROLE " + role + ";\n" + Files.readString(folder.resolve("V1__create_notes.sql")));
        try (SshSession session = SshSession.open(pg.sshTarget());
             Forward forward = Forward.open(session, "127.0.0.1", 5432)) {
            JdbcTarget jdbc = new JdbcTarget("127.0.0.1", forward.localPort(), role, Sensitive.of(password),
                    Optional.empty());

            MigrationSpec unadopted = spec(folder, Optional.empty());
            MigrationStatus status = Migrations.read(unadopted, jdbc);
            assertThat(status.blocking()).extracting(Problem::kind).containsExactly(Problem.Kind.UNMANAGED_SCHEMA);
            assertThatThrownBy(() -> Migrations.apply(unadopted, jdbc))
                    .hasMessageContaining("set baseline_version");

            MigrationSpec adopted = spec(folder, Optional.of("1"));
            List<Change> plan = Migrations.plan(adopted, Migrations.read(adopted, jdbc));
            assertThat(plan).hasSize(2);
            assertThat(plan.get(0).attrs()).containsExactly(Attr.set("baseline", "1"));
            assertThat(versions(plan.subList(1, 2))).containsExactly("2");
            assertThat(Migrations.apply(adopted, jdbc).applied()).extracting(Migration::script)
                    .containsExactly("V2__index_notes.sql");
            assertThat(Migrations.read(adopted, jdbc).inSync()).isTrue();
        }
    }

    @Test
    void migrationsOfANewerAppAreDriftThatDoesNotBlock() throws Exception {
        Path folder = copy(pg.lab().projectRoot().resolve("playbooks/migrations/flaskapp"), tmp.resolve("migrations"));
        Path newer = copy(folder, tmp.resolve("newer"));
        Files.writeString(newer.resolve("V3__tags.sql"), "CREATE TABLE tags (id bigserial PRIMARY KEY);\n");
        pg.psql("postgres", "CREATE DATABASE " + database + " OWNER " + role + ";");
        try (SshSession session = SshSession.open(pg.sshTarget());
             Forward forward = Forward.open(session, "127.0.0.1", 5432)) {
            JdbcTarget jdbc = new JdbcTarget("127.0.0.1", forward.localPort(), role, Sensitive.of(password),
                    Optional.empty());
            Migrations.apply(spec(newer, Optional.empty()), jdbc);

            MigrationSpec spec = spec(folder, Optional.empty());
            MigrationStatus status = Migrations.read(spec, jdbc);
            assertThat(status.currentVersion()).contains("3");
            assertThat(status.problems()).singleElement().satisfies(p -> {
                assertThat(p.kind()).isEqualTo(Problem.Kind.FUTURE);
                assertThat(p.blocksMigrate()).isFalse();
            });
            assertThat(Migrations.plan(spec, status)).isEmpty();
            assertThat(Migrations.drift(spec, status)).hasSize(1);
            assertThat(Migrations.apply(spec, jdbc).applied()).isEmpty();
        }
    }

    private MigrationSpec spec(Path folder, Optional<String> baseline) {
        return new MigrationSpec(pg.host().name(), database, folder, Optional.of(role), List.of(), baseline,
                MigrationSpec.DEFAULT_TABLE);
    }

    private static List<String> versions(List<Change> changes) {
        return changes.stream().flatMap(c -> c.attrs().stream())
                .filter(a -> a.name().equals("version"))
                .map(a -> a.after().orElseThrow())
                .toList();
    }

    private static Path copy(Path from, Path to) throws IOException {
        Files.createDirectories(to);
        try (Stream<Path> files = Files.list(from)) {
            for (Path f : files.toList()) {
                Files.copy(f, to.resolve(f.getFileName()));
            }
        }
        return to;
    }
}
