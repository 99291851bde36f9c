package dev.plumb.resource.postgres.migrations;

import static dev.plumb.resource.postgres.migrations.Fixtures.spec;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.SQLException;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.plumb.model.Presence;
import dev.plumb.model.Sensitive;
import dev.plumb.resource.postgres.MigrationSpec;
import dev.plumb.resource.postgres.PostgresServer;
import dev.plumb.resource.postgres.RoleSpec;
import dev.plumb.transport.jdbc.PgSecurity;
import org.flywaydb.core.api.FlywayException;
import org.junit.jupiter.api.Test;

/** Whom to connect as, where, and what a failure says: all without a server. */
class ConnectingTest {
    static final PostgresServer SERVER = new PostgresServer("postgres", Sensitive.of("admin-secret"), "postgres",
            Optional.empty(), Optional.empty(), EnumSet.noneOf(dev.plumb.resource.postgres.PostgresKind.class));

    static RoleSpec role(String name, boolean login, Optional<String> password, Presence state) {
        return new RoleSpec("db1", name, login, false, false, false, true, false, false, -1, Optional.empty(),
                password.map(Sensitive::of), Map.of(), Map.of(), List.of(), state);
    }

    @Test
    void migrationsLogInAsTheirUserWithTheDeclaredPassword() throws Exception {
        Login login = Login.of(spec(), SERVER, List.of(
                role("other", true, Optional.of("x"), Presence.PRESENT),
                role("flaskapp", true, Optional.of("app-secret"), Presence.PRESENT)));
        assertThat(login.user()).isEqualTo("flaskapp");
        assertThat(login.password().reveal()).isEqualTo("app-secret");
        assertThat(login.toString()).doesNotContain("app-secret");
    }

    @Test
    void withoutUserOrAsTheAdminTheyLogInAsTheAdmin() throws Exception {
        MigrationSpec noUser = new MigrationSpec("db1", "d", spec().location(), Optional.empty(), List.of(),
                Optional.empty(), MigrationSpec.DEFAULT_TABLE);
        assertThat(Login.of(noUser, SERVER, List.of()).user()).isEqualTo("postgres");
        MigrationSpec asAdmin = new MigrationSpec("db1", "d", spec().location(), Optional.of("postgres"), List.of(),
                Optional.empty(), MigrationSpec.DEFAULT_TABLE);
        assertThat(Login.of(asAdmin, SERVER, List.of()).password().reveal()).isEqualTo("admin-secret");
    }

    @Test
    void aUserWithoutADeclaredPasswordIsAnError() {
        assertThatThrownBy(() -> Login.of(spec(), SERVER, List.of()))
                .hasMessage("migrations of flaskapp_prod run as flaskapp, which this playbook does not declare;"
                        + " declare the role with login: true and a password, or leave out user: to run them as postgres");
        assertThatThrownBy(() -> Login.of(spec(), SERVER,
                List.of(role("flaskapp", true, Optional.empty(), Presence.PRESENT))))
                .hasMessageContaining("whose password this playbook does not declare");
        assertThatThrownBy(() -> Login.of(spec(), SERVER,
                List.of(role("flaskapp", false, Optional.of("x"), Presence.PRESENT))))
                .hasMessageContaining("which cannot log in; declare it with login: true");
        assertThatThrownBy(() -> Login.of(spec(), SERVER,
                List.of(role("flaskapp", true, Optional.of("x"), Presence.ABSENT))))
                .hasMessageContaining("which this playbook declares absent");
        RoleSpec elsewhere = new RoleSpec("db2", "flaskapp", true, false, false, false, true, false, false, -1,
                Optional.empty(), Optional.of(Sensitive.of("x")), Map.of(), Map.of(), List.of(), Presence.PRESENT);
        assertThatThrownBy(() -> Login.of(spec(), SERVER, List.of(elsewhere)))
                .hasMessageContaining("which this playbook does not declare");
    }

    @Test
    void targetsHoldNoCredentialsInTheUrlOrTheirText() {
        JdbcTarget t = new Login("flaskapp", Sensitive.of("s3cret")).at("127.0.0.1", 40123,
                new PgSecurity("disable", Optional.empty(), false));
        assertThat(t.url("flaskapp_prod")).isEqualTo("jdbc:postgresql://127.0.0.1:40123/flaskapp_prod");
        assertThat(t.url("we ird/db")).isEqualTo("jdbc:postgresql://127.0.0.1:40123/we+ird%2Fdb");
        assertThat(new JdbcTarget("::1", 5432, "u", Sensitive.of("p"), Optional.empty()).url("d"))
                .isEqualTo("jdbc:postgresql://[::1]:5432/d");
        assertThat(t.toString()).doesNotContain("s3cret");
        assertThat(t.describe("flaskapp_prod")).isEqualTo("flaskapp@127.0.0.1:40123/flaskapp_prod");
        assertThat(t.properties(false)).containsEntry("user", "flaskapp").containsEntry("password", "s3cret")
                .containsEntry("sslmode", "disable").containsEntry("ApplicationName", "plumb")
                .containsEntry("authenticationPluginClassName", "dev.plumb.transport.jdbc.NoCleartextPassword")
                .doesNotContainKey("readOnly");
        assertThat(t.properties(true)).containsEntry("readOnly", "true").containsEntry("readOnlyMode", "always");
        assertThatThrownBy(() -> new JdbcTarget("h", 0, "u", Sensitive.of("p"), Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new JdbcTarget("h", 5432, "u", Sensitive.of("p"), Optional.of("sometimes")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aFailedScriptIsOneLineWithItsLineAndSqlState() {
        SQLException sql = new SQLException("ERROR: relation \"nonexistent\" does not exist\n  Position: 15", "42P01");
        FlywayException e = new FlywayException("""
                Failed to execute script V3__bad.sql
                ------------------------------------
                SQL State  : 42P01
                Error Code : 0
                Message    : ERROR: relation "nonexistent" does not exist
                Location   : /somewhere/V3__bad.sql (/somewhere/V3__bad.sql)
                Line       : 2
                Statement  : Run Flyway with -X option to see the actual statement causing the problem
                """, new FlywayException("inner", sql));
        assertThat(Errors.script(e)).contains(
                "V3__bad.sql failed at line 2: ERROR: relation \"nonexistent\" does not exist (SQLSTATE 42P01)");
        assertThat(Errors.isConnect(e)).isFalse();
        assertThat(Errors.script(new FlywayException("Migration R__views.sql failed\n---"))).contains("R__views.sql failed");
        assertThat(Errors.script(new FlywayException("Validate failed: Migrations have failed validation"))).isEmpty();
        assertThat(Errors.script(new FlywayException("Migration checksum mismatch for migration version 1"))).isEmpty();
    }

    @Test
    void connectionFailuresAreToldApart() {
        FlywayException refused = new FlywayException("Unable to obtain connection from database\n---",
                new SQLException("FATAL: password authentication failed for user \"app\"", "28P01"));
        assertThat(Errors.isConnect(refused)).isTrue();
        assertThat(Errors.script(refused)).isEmpty();
        assertThat(Errors.sqlMessage(Errors.sql(refused).orElseThrow()))
                .isEqualTo("FATAL: password authentication failed for user \"app\" (SQLSTATE 28P01)");
        assertThat(Errors.isConnect(new SQLException("refused", "08001"))).isTrue();
        assertThat(Errors.isConnect(new SQLException("no db", "3D000"))).isTrue();
        assertThat(Errors.isConnect(new SQLException("canceled", "57014"))).isFalse();
        assertThat(Errors.isConnect(new FlywayException("no sql here"))).isFalse();
    }

    @Test
    void otherFailuresKeepTheirFirstLineAndSqlCause() {
        assertThat(Errors.describe(new FlywayException("Found non-empty schema(s) \"public\"\nUse baseline()")))
                .isEqualTo("Found non-empty schema(s) \"public\"");
        assertThat(Errors.describe(new FlywayException("Unable to read history",
                new SQLException("ERROR: permission denied for table flyway_schema_history", "42501"))))
                .isEqualTo("Unable to read history: ERROR: permission denied for table flyway_schema_history"
                        + " (SQLSTATE 42501)");
        assertThat(Errors.describe(new FlywayException((String) null))).isEqualTo("unknown error");
    }

    @Test
    void messagesAreRedacted() {
        assertThat(Errors.exception("oops s3cret", dev.plumb.model.Redactor.of(List.of("s3cret"))).getMessage())
                .isEqualTo("oops (sensitive)");
    }

    @Test
    void anUnreachableServerIsAOneLineError() {
        // Nothing listens on port 1 of loopback: the driver's "connection refused".
        JdbcTarget nowhere = new JdbcTarget("127.0.0.1", 1, "flaskapp", Sensitive.of("s3cret"), Optional.empty());
        assertThatThrownBy(() -> Migrations.read(spec(), nowhere))
                .isInstanceOf(MigrationException.class)
                .hasMessageStartingWith("migrations of flaskapp_prod: cannot connect as flaskapp to 127.0.0.1:1: ")
                .hasMessageContaining("(SQLSTATE 08001)")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n").doesNotContain("s3cret"));
        assertThatThrownBy(() -> Migrations.apply(spec(), nowhere))
                .isInstanceOf(MigrationException.class)
                .hasMessageStartingWith("migrations of flaskapp_prod: cannot connect as flaskapp to 127.0.0.1:1: ")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n").doesNotContain("s3cret"));
    }
}
