package dev.plumb.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.plumb.model.Diagnostic;
import dev.plumb.resource.postgres.DatabaseSpec;
import dev.plumb.resource.postgres.GrantSpec;
import dev.plumb.resource.postgres.RoleSpec;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The absent-key rule as the postgres block is read: absent keys are empty, stated ones kept, {} and [] too. */
class PostgresKeysTest {
    @TempDir
    Path dir;

    Loaded<Desired> load(String kinds) throws IOException {
        return Fixtures.loadPostgres(dir, kinds);
    }

    <T extends dev.plumb.model.Resource> T only(String kinds, Class<T> type) throws IOException {
        Loaded<Desired> loaded = load(kinds);
        assertThat(loaded.diagnostics()).as(Fixtures.render(loaded)).isEmpty();
        return loaded.value().orElseThrow().host("host1").orElseThrow().resources(type).get(0);
    }

    String problems(String kinds) throws IOException {
        Loaded<Desired> loaded = load(kinds);
        assertThat(loaded.value()).isEmpty();
        return loaded.diagnostics().stream().map(Diagnostic::render).reduce("", (a, b) -> a + b + "\n");
    }

    @Test
    void aRoleWithOnlyANameStatesNothingElse() throws IOException {
        assertThat(only("roles: [{name: app}]", RoleSpec.class)).isEqualTo(RoleSpec.bare("host1", "app",
                dev.plumb.model.Presence.PRESENT));
    }

    @Test
    void explicitEmptiesAreKeptAsNone() throws IOException {
        RoleSpec r = only("roles: [{name: app, settings: {}, database_settings: {}, member_of: [], connection_limit: -1,"
                + " valid_until: infinity}]", RoleSpec.class);
        assertThat(r.settings()).contains(Map.of());
        assertThat(r.databaseSettings()).contains(Map.of());
        assertThat(r.memberOf()).contains(List.of());
        assertThat(r.connectionLimit()).contains(-1);
        assertThat(r.validUntil()).contains("infinity");
    }

    @Test
    void memberOfTakesNamesAndEntriesWithOptions() throws IOException {
        RoleSpec r = only("roles: [{name: app, member_of: [readers, {role: writers, admin: true, inherit: false},"
                + " {role: pg_monitor}]}]", RoleSpec.class);
        assertThat(r.memberOf()).contains(List.of(RoleSpec.Member.plain("readers"),
                new RoleSpec.Member("writers", Optional.of(true), Optional.of(false), Optional.empty()),
                new RoleSpec.Member("pg_monitor", Optional.empty(), Optional.empty(), Optional.empty())));
    }

    @Test
    void aBadMemberOfEntryIsALocatedError() throws IOException {
        assertThat(problems("roles: [{name: app, member_of: [{role: a, sudo: true}]}]"))
                .contains("unknown key 'sudo'");
        assertThat(problems("roles: [{name: app, member_of: [{admin: true}]}]"))
                .contains("missing required key 'role'");
        assertThat(problems("roles: [{name: app, member_of: [a, {role: a}]}]"))
                .contains("member_of names a twice");
    }

    @Test
    void databaseConnectionLimitAndGrantOptionLeftOutAreEmpty() throws IOException {
        assertThat(only("databases: [{name: d}]", DatabaseSpec.class).connectionLimit()).isEmpty();
        assertThat(only("grants: [{role: app, privileges: [CONNECT], on: {database: d}}]", GrantSpec.class)
                .grantOption()).isEmpty();
        assertThat(only("grants: [{role: app, privileges: [CONNECT], on: {database: d}, grant_option: false}]",
                GrantSpec.class).grantOption()).contains(false);
    }
}
