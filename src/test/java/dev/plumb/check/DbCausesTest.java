package dev.plumb.check;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import dev.plumb.model.Sensitive;
import dev.plumb.resource.postgres.Scram;
import dev.plumb.resource.postgres.ServerFacts;
import dev.plumb.resource.postgres.migrations.Migration;
import dev.plumb.resource.postgres.migrations.MigrationStatus;

/** The guide's "common causes": each error text recognised and explained from the server's facts. */
class DbCausesTest {
    private static final String PW = "declared-pw-41";
    private static final Database DB = new Database(new Dsn("flaskapp", Optional.of(Sensitive.of(PW)), "198.18.0.11",
            5432, "flaskapp_prod"), Optional.empty());
    private static final String HBA = "local all postgres peer\nhost flaskapp_prod flaskapp 198.18.0.0/24 md5\n";

    private static ServerFacts facts(String storedPassword, boolean database) {
        return new ServerFacts(true, Optional.of(Scram.verifier(Sensitive.of(storedPassword))), database, "*", "5432",
                HBA, List.of(), List.of("LISTEN 0 244 0.0.0.0:5432 0.0.0.0:*"));
    }

    private static Diagnosis explain(String error, Optional<ServerFacts> facts, Optional<MigrationStatus> status) {
        DbCauses.Found f = DbCauses.find("Traceback ...\n" + error + "\n").orElseThrow();
        return DbCauses.explain(f, DB, facts, "unreachable", status, "198.18.0.12");
    }

    @Test
    void aDatabaseThatDoesNotExistIsNamed() {
        Diagnosis d = explain("FATAL:  database \"flaskapp_prod\" does not exist", Optional.of(facts(PW, false)),
                Optional.empty());
        assertThat(d.cause()).isEqualTo("database flaskapp_prod does not exist on 198.18.0.11");
        assertThat(d.next()).contains("databases:");
        assertThat(d.detail()).contains("seen: FATAL:  database \"flaskapp_prod\" does not exist");
    }

    @Test
    void aMissingTableIsMigrationsNotAppliedWithThePendingOnes() {
        MigrationStatus status = new MigrationStatus(true, Optional.empty(), List.of(),
                List.of(Migration.versioned("1", "create notes", "V1__create_notes.sql"),
                        Migration.versioned("2", "index notes", "V2__index_notes.sql")), Optional.empty(), List.of());
        Diagnosis d = explain("psycopg2.errors.UndefinedTable: relation \"notes\" does not exist", Optional.empty(),
                Optional.of(status));
        assertThat(d.cause()).isEqualTo("table notes is missing: the migrations of flaskapp_prod on 198.18.0.11 are"
                + " not applied (2 pending)");
        assertThat(d.detail()).contains("pending on 198.18.0.11/flaskapp_prod: V1__create_notes.sql, V2__index_notes.sql");
        assertThat(DbCauses.needsMigrations(DbCauses.find("relation \"notes\" does not exist").orElseThrow())).isTrue();
    }

    @Test
    void aRightPasswordRefusedByTheHbaMethodShowsTheDecidingLine() {
        Diagnosis d = explain("FATAL:  password authentication failed for user \"flaskapp\"",
                Optional.of(facts(PW, true)), Optional.empty());
        assertThat(d.cause()).startsWith("the password is right, but pg_hba's method");
        assertThat(d.detail()).anyMatch(l -> l.startsWith("pg_hba.conf line 2: host flaskapp_prod flaskapp"));
        assertThat(String.join("\n", d.detail()) + d.cause() + d.next()).doesNotContain(PW, "SCRAM-SHA-256$");
    }

    @Test
    void aChangedPasswordIsToldByTheStoredVerifier() {
        Diagnosis d = explain("FATAL:  password authentication failed for user \"flaskapp\"",
                Optional.of(facts("another-pw", true)), Optional.empty());
        assertThat(d.cause()).contains("differs from the declared one");
        assertThat(String.join("\n", d.detail()) + d.cause()).doesNotContain(PW, "another-pw", "SCRAM-SHA-256$");
    }

    @Test
    void everyCommonErrorIsRecognised() {
        assertThat(DbCauses.find("no pg_hba.conf entry for host \"198.18.0.12\", user \"flaskapp\"")
                .map(DbCauses.Found::cause)).contains(DbCauses.Cause.NO_HBA);
        assertThat(DbCauses.find("could not connect: Connection refused").map(DbCauses.Found::cause))
                .contains(DbCauses.Cause.REFUSED);
        assertThat(DbCauses.find("role \"app\" does not exist").map(DbCauses.Found::quoted)).contains("app");
        assertThat(DbCauses.find("all is well")).isEmpty();
    }
}
