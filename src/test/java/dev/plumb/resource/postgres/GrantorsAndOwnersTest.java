package dev.plumb.resource.postgres;

import static dev.plumb.resource.postgres.PgPlannerTest.H;
import static dev.plumb.resource.postgres.PgPlannerTest.plan;
import static dev.plumb.resource.postgres.PgPlannerTest.render;
import static dev.plumb.resource.postgres.PgPlannerTest.seeded;
import static dev.plumb.resource.postgres.PgPlannerTest.sql;
import static dev.plumb.resource.postgres.ServerStates.priv;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.plumb.config.Config;
import dev.plumb.model.Presence;

/**
 * Issue 14, classes 1 to 3, as plans: revocations per grantor, dependent privileges cascaded in
 * the open, and role drops that reassign or refuse. The lab proves the statements on a server
 * ({@link GrantorsAndOwnersLabTest}).
 */
class GrantorsAndOwnersTest {
    private static final GrantTarget SCHEMA = new GrantTarget.OnSchema("flaskapp_prod", "public");

    @TempDir
    Path dir;

    private static ServerState.Privilege by(String grantee, String privilege, boolean grantable, String grantor) {
        return new ServerState.Privilege(grantee, privilege, grantable, Optional.of(grantor));
    }

    /** The seeded server where lead holds USAGE on schema public with grant option and gave it to {@code to}. */
    private static ServerStates leadRegranted(String... to) {
        ServerStates f = seeded();
        f.role(ServerStates.role("lead").build());
        List<ServerState.Privilege> acl = new java.util.ArrayList<>(List.of(priv("flaskapp", "CREATE"),
                priv("flaskapp", "USAGE"), by("lead", "USAGE", true, "flaskapp")));
        for (String r : to) {
            f.role(ServerStates.role(r).build());
            acl.add(by(r, "USAGE", false, "lead"));
        }
        f.objects("flaskapp_prod", new ServerState.DatabaseObjects(Map.of("public", new ServerState.Schema("public",
                "flaskapp", acl)), List.of(), List.of(), Map.of()));
        return f;
    }

    private static GrantSpec usage(String role, boolean grantOption, Presence state) {
        return new GrantSpec(H, role, List.of("USAGE"), SCHEMA, grantOption, state);
    }

    // --- 1: grants by another grantor --------------------------------------------------------------

    @Test
    void aPrivilegeFromAnotherGrantorIsRevokedAsThatGrantor() {
        PgWork w = plan(List.of(usage("lead", true, Presence.PRESENT), usage("intern", false, Presence.ABSENT)),
                leadRegranted("intern").build());
        assertThat(w.errors()).isEmpty();
        assertThat(sql(w)).containsExactly("SET ROLE \"lead\"", "REVOKE USAGE ON SCHEMA \"public\" FROM \"intern\"",
                "RESET ROLE");
        assertThat(render(w)).contains("revoked as grantor lead: USAGE of intern → (none)");
    }

    @Test
    void anAdminThatCannotActAsTheGrantorIsRefusedAtPlanTimeNamingIt() {
        ServerStates f = leadRegranted("intern");
        f.superuser = false;
        PgWork w = plan(List.of(usage("intern", false, Presence.ABSENT)), f.build());
        assertThat(w.steps()).isEmpty();
        assertThat(w.errors()).singleElement().asString().contains("USAGE on schema public was granted to intern by"
                + " lead, and only lead can revoke it");
    }

    @Test
    void aMemberOfTheGrantorMaySetRoleToIt() {
        ServerStates f = leadRegranted("intern");
        f.superuser = false;
        f.role(ServerStates.role("postgres").login(true).member("lead", "postgres").build());
        assertThat(plan(List.of(usage("intern", false, Presence.ABSENT)), f.build()).errors()).isEmpty();
    }

    // --- 2: dependent privileges --------------------------------------------------------------------

    @Test
    void turningOffAGrantOptionCascadesShowsTheDependentsAndGrantsBackTheWantedOnes() {
        PgWork w = plan(List.of(usage("lead", false, Presence.PRESENT), usage("kept", false, Presence.PRESENT)),
                leadRegranted("intern", "kept").build());
        assertThat(sql(w)).containsExactly(
                "REVOKE GRANT OPTION FOR USAGE ON SCHEMA \"public\" FROM \"lead\" CASCADE",
                "GRANT USAGE ON SCHEMA \"public\" TO \"kept\"");
        assertThat(render(w)).contains("also revoked (CASCADE): USAGE of intern (granted by lead), USAGE of kept"
                + " (granted by lead) → (none)", "granted again by the owner: USAGE of kept");
    }

    @Test
    void aDependentAlreadyRevokedByACascadeIsNotRevokedAgain() {
        PgWork w = plan(List.of(usage("lead", false, Presence.PRESENT), usage("intern", false, Presence.ABSENT)),
                leadRegranted("intern").build());
        assertThat(sql(w)).containsExactly("REVOKE GRANT OPTION FOR USAGE ON SCHEMA \"public\" FROM \"lead\" CASCADE");
    }

    @Test
    void theLedgerCascadesThroughChainsButNotPastAnotherSourceOfTheGrantOption() {
        AclLedger ledger = new AclLedger("owner", List.of(by("a", "SELECT", true, "owner"),
                by("b", "SELECT", true, "a"), by("c", "SELECT", false, "b"), by("d", "SELECT", true, "a"),
                by("d", "SELECT", true, "owner"), by("e", "SELECT", false, "d")));
        AclLedger.Revocation r = ledger.revoke("a", java.util.Set.of("SELECT"), false);
        assertThat(r.parts()).containsExactly(new AclLedger.Part("owner", java.util.Set.of("SELECT")));
        assertThat(r.cascaded()).extracting(AclLedger.Entry::show).containsExactlyInAnyOrder(
                "SELECT of b (granted by a)", "SELECT of c (granted by b)", "SELECT of d (granted by a)");
        assertThat(ledger.holds("e", "SELECT")).isTrue();
    }

    // --- 3: dropping a role that owns or holds ------------------------------------------------------

    private static ServerStates withOld(List<ServerState.Dependency> deps) {
        ServerStates f = seeded();
        f.role(new ServerState.Role("old", false, false, false, false, true, false, false, -1, Optional.empty(),
                new ServerState.NoPassword(), List.of(), Map.of(), Map.of(), deps));
        f.role(ServerStates.role("heir").build());
        return f;
    }

    private static final List<ServerState.Dependency> OLD_DEPS = List.of(
            new ServerState.Dependency(Optional.of("flaskapp_prod"), ServerState.How.OWNS, "relation", 2),
            new ServerState.Dependency(Optional.of("flaskapp_prod"), ServerState.How.PRIVILEGES, "schema", 1),
            new ServerState.Dependency(Optional.empty(), ServerState.How.OWNS, "database flaskapp_prod", 1));

    private static RoleSpec dropOld(Optional<String> reassignTo) {
        return new RoleSpec(H, "old", false, false, false, false, true, false, false, -1, Optional.empty(),
                Optional.empty(), Map.of(), Map.of(), List.of(), Presence.ABSENT, reassignTo);
    }

    @Test
    void aRoleThatOwnsOrHoldsIsRefusedAtPlanTimeWithTheList() {
        PgWork w = plan(List.of(dropOld(Optional.empty())), withOld(OLD_DEPS).build());
        assertThat(w.steps()).isEmpty();
        assertThat(w.errors()).containsExactly("role old owns objects or holds privileges, so it cannot be dropped:"
                + " in database flaskapp_prod: owns 2 relations; privileges on 1 schema; on the server: owns database"
                + " flaskapp_prod. Set reassign_owned_to: ROLE on it to reassign what it owns and revoke its"
                + " privileges, or remove them first");
    }

    @Test
    void reassignOwnedToReassignsAndDropsOwnedInEachDatabaseThenDropsTheRole() {
        PgWork w = plan(List.of(dropOld(Optional.of("heir"))), withOld(OLD_DEPS).build());
        assertThat(w.errors()).isEmpty();
        assertThat(sql(w)).containsExactly("REASSIGN OWNED BY \"old\" TO \"heir\"", "DROP OWNED BY \"old\"",
                "REASSIGN OWNED BY \"old\" TO \"heir\"", "DROP OWNED BY \"old\"", "DROP ROLE \"old\"");
        assertThat(w.steps()).extracting(s -> ((PgStep.Sql) s).database()).containsExactly("flaskapp_prod",
                "flaskapp_prod", "postgres", "postgres", "postgres");
        assertThat(render(w)).contains("- postgres/role old",
                "in database flaskapp_prod: owns 2 relations; privileges on 1 schema → reassigned to heir,"
                        + " privileges revoked", "on the server: owns database flaskapp_prod → reassigned to heir");
    }

    @Test
    void aReassignTargetThatWillNotExistIsAnError() {
        PgWork w = plan(List.of(dropOld(Optional.of("nobody"))), withOld(OLD_DEPS).build());
        assertThat(w.errors()).containsExactly("role old: reassign_owned_to nobody, which does not exist after this"
                + " plan");
    }

    @Test
    void whatIsInADatabaseThePlanDropsDoesNotHoldTheRoleBack() {
        DatabaseSpec gone = new DatabaseSpec(H, "flaskapp_prod", Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), -1, Presence.ABSENT, true);
        PgWork w = plan(List.of(gone, dropOld(Optional.empty())), withOld(OLD_DEPS).build());
        assertThat(w.errors()).isEmpty();
        assertThat(sql(w)).endsWith("DROP ROLE \"old\"");
    }

    @Test
    void reassignOwnedToIsOnlyForAnAbsentRoleWithALocatedError() throws IOException {
        Path playbook = Files.writeString(dir.resolve("playbook.yml"), """
                plays:
                  - hosts: all
                    postgres:
                      admin: {password: x}
                      roles:
                        - {name: old, reassign_owned_to: heir}
                """);
        Path inventory = Files.writeString(dir.resolve("inventory.yml"), "hosts:\n  h1: {address: 10.0.0.1}\n");
        var loaded = Config.load(playbook, inventory, Map.of());
        assertThat(loaded.diagnostics()).singleElement().extracting(d -> d.render().lines().findFirst().orElseThrow()
                .replace(dir + "/", "")).isEqualTo("playbook.yml:6:42: error: reassign_owned_to applies only to a role"
                + " with state: absent");
    }
}
