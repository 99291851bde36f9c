package dev.plumb.resource.postgres;

import static dev.plumb.resource.postgres.PgPlannerTest.H;
import static dev.plumb.resource.postgres.PgPlannerTest.plan;
import static dev.plumb.resource.postgres.PgPlannerTest.sql;
import static dev.plumb.resource.postgres.ServerStates.priv;
import static org.assertj.core.api.Assertions.assertThat;

import dev.plumb.model.Presence;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue 14, classes 4 and 5, with no server: a key left out is left as it is, a stated one (an
 * empty value included) is exact; {@code member_of} entries with options, per PostgreSQL version
 * and grantor.
 */
class UnmanagedKeysTest {
    private static final Instant EXPIRES = Instant.parse("2031-02-03T04:05:06Z");

    /** A live role with a non-default value for every key. */
    private static ServerStates live(ServerState.Membership readers) {
        ServerStates f = PgPlannerTest.seeded();
        f.role(ServerStates.role("readers").build());
        f.role(ServerStates.role("hand").login(true).createdb(true).connectionLimit(7).validUntil(EXPIRES)
                .setting("work_mem", "8MB").setting("flaskapp_prod", "work_mem", "4MB").member(readers).build());
        return f;
    }

    private static ServerStates live() {
        return live(new ServerState.Membership("readers", "postgres", true, Optional.empty(), Optional.empty()));
    }

    /** The role {@code hand} stating only {@code keys}. */
    @SuppressWarnings("unchecked")
    private static RoleSpec hand(Map<String, Object> keys) {
        return new RoleSpec(H, "hand", opt(keys, "login"), opt(keys, "superuser"), opt(keys, "createdb"),
                opt(keys, "createrole"), opt(keys, "inherit"), opt(keys, "replication"), opt(keys, "bypassrls"),
                opt(keys, "connection_limit"), opt(keys, "valid_until"), Optional.empty(), opt(keys, "settings"),
                opt(keys, "database_settings"), opt(keys, "member_of"), Presence.PRESENT, Optional.empty(), false);
    }

    @SuppressWarnings("unchecked")
    private static <T> Optional<T> opt(Map<String, Object> keys, String key) {
        return Optional.ofNullable((T) keys.get(key));
    }

    private static List<String> roleSql(RoleSpec spec, ServerState facts) {
        PgWork w = plan(List.of(spec), facts);
        assertThat(w.errors()).isEmpty();
        return sql(w);
    }

    @Test
    void aRoleThatStatesNoKeyIsLeftAsItIs() {
        PgWork w = plan(List.of(RoleSpec.bare(H, "hand", Presence.PRESENT)), live().build());
        assertThat(w.errors()).isEmpty();
        assertThat(w.changes()).isEmpty();
        assertThat(w.steps()).isEmpty();
    }

    /** Each key stated alone (the "none" or default value) changes that key and nothing else. */
    static Stream<Arguments> eachRoleKey() {
        return Stream.of(
                Arguments.of("login", false, "ALTER ROLE \"hand\" WITH NOLOGIN"),
                Arguments.of("superuser", true, "ALTER ROLE \"hand\" WITH SUPERUSER"),
                Arguments.of("createdb", false, "ALTER ROLE \"hand\" WITH NOCREATEDB"),
                Arguments.of("createrole", true, "ALTER ROLE \"hand\" WITH CREATEROLE"),
                Arguments.of("inherit", false, "ALTER ROLE \"hand\" WITH NOINHERIT"),
                Arguments.of("replication", true, "ALTER ROLE \"hand\" WITH REPLICATION"),
                Arguments.of("bypassrls", true, "ALTER ROLE \"hand\" WITH BYPASSRLS"),
                Arguments.of("connection_limit", -1, "ALTER ROLE \"hand\" WITH CONNECTION LIMIT -1"),
                Arguments.of("valid_until", "infinity", "ALTER ROLE \"hand\" WITH VALID UNTIL 'infinity'"),
                Arguments.of("settings", Map.of(), "ALTER ROLE \"hand\" RESET \"work_mem\""),
                Arguments.of("database_settings", Map.of(),
                        "ALTER ROLE \"hand\" IN DATABASE \"flaskapp_prod\" RESET \"work_mem\""),
                Arguments.of("member_of", List.of(), "REVOKE \"readers\" FROM \"hand\""));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("eachRoleKey")
    void aStatedRoleKeyIsExactAndTheOthersAreLeft(String key, Object value, String statement) {
        assertThat(roleSql(hand(Map.of(key, value)), live().build())).containsExactly(statement);
    }

    @Test
    void statedSettingsAreExactAbsentOnesAreNot() {
        RoleSpec spec = hand(Map.of("settings", Map.of("statement_timeout", "5s")));
        assertThat(roleSql(spec, live().build())).containsExactly(
                "ALTER ROLE \"hand\" SET \"statement_timeout\" TO '5s'", "ALTER ROLE \"hand\" RESET \"work_mem\"");
    }

    @Test
    void aNewRoleGetsPostgresDefaultsForWhatItLeavesOut() {
        assertThat(roleSql(RoleSpec.bare(H, "fresh", Presence.PRESENT), PgPlannerTest.seeded().build()))
                .containsExactly("CREATE ROLE \"fresh\"");
    }

    // ---- databases, schemas, grants ----

    private static ServerStates liveDatabase() {
        ServerStates f = PgPlannerTest.seeded();
        f.role(ServerStates.role("other").build());
        f.database(new ServerState.Database("flaskapp_prod", "flaskapp", "UTF8", "C.UTF-8", "C.UTF-8", 5, false, true, 1,
                List.of(priv("flaskapp", "CONNECT"), priv("flaskapp", "CREATE"), priv("flaskapp", "TEMPORARY"))));
        return f;
    }

    private static DatabaseSpec database(Optional<String> owner, Optional<Integer> connectionLimit) {
        return new DatabaseSpec(H, "flaskapp_prod", owner, Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), connectionLimit, Presence.PRESENT, false);
    }

    @Test
    void databaseConnectionLimitAndOwnerLeftOutAreLeft() {
        PgWork w = plan(List.of(database(Optional.empty(), Optional.empty())), liveDatabase().build());
        assertThat(w.changes()).isEmpty();
        assertThat(sql(plan(List.of(database(Optional.empty(), Optional.of(-1))), liveDatabase().build())))
                .containsExactly("ALTER DATABASE \"flaskapp_prod\" WITH CONNECTION LIMIT -1");
        assertThat(sql(plan(List.of(database(Optional.of("other"), Optional.empty())), liveDatabase().build())))
                .containsExactly("ALTER DATABASE \"flaskapp_prod\" OWNER TO \"other\"");
    }

    @Test
    void schemaOwnerLeftOutIsLeft() {
        ServerStates f = PgPlannerTest.seeded();
        PgWork w = plan(List.of(new SchemaSpec(H, "flaskapp_prod", "public", Optional.empty(), Presence.PRESENT)),
                f.build());
        assertThat(w.changes()).isEmpty();
    }

    @Test
    void grantOptionLeftOutIsLeftFalseRevokesIt() {
        ServerStates f = PgPlannerTest.seeded();
        f.role(ServerStates.role("lead").build());
        f.database(new ServerState.Database("flaskapp_prod", "flaskapp", "UTF8", "C.UTF-8", "C.UTF-8", -1, false, true, 1,
                List.of(priv("flaskapp", "CONNECT"), priv("flaskapp", "CREATE"), priv("flaskapp", "TEMPORARY"),
                        new ServerState.Privilege("lead", "CONNECT", true, Optional.of("flaskapp")))));
        GrantTarget on = new GrantTarget.OnDatabase("flaskapp_prod");
        GrantSpec absent = new GrantSpec(H, "lead", List.of("CONNECT"), on, Optional.empty(), Presence.PRESENT);
        assertThat(plan(List.of(absent), f.build()).changes()).isEmpty();
        GrantSpec none = new GrantSpec(H, "lead", List.of("CONNECT"), on, false, Presence.PRESENT);
        assertThat(sql(plan(List.of(none), f.build())))
                .containsExactly("REVOKE GRANT OPTION FOR CONNECT ON DATABASE \"flaskapp_prod\" FROM \"lead\"");
    }

    // ---- member_of options (class 5) ----

    private static RoleSpec memberOf(RoleSpec.Member... members) {
        return hand(Map.of("member_of", List.of(members)));
    }

    private static RoleSpec.Member member(Boolean admin, Boolean inherit, Boolean set) {
        return new RoleSpec.Member("readers", Optional.ofNullable(admin), Optional.ofNullable(inherit),
                Optional.ofNullable(set));
    }

    @Test
    void aPlainEntryMeansNoAdminOption() {
        assertThat(roleSql(memberOf(RoleSpec.Member.plain("readers")), live().build()))
                .containsExactly("REVOKE ADMIN OPTION FOR \"readers\" FROM \"hand\"");
    }

    @Test
    void anEntryWithoutAdminLeavesIt() {
        assertThat(roleSql(memberOf(member(null, null, null)), live().build())).isEmpty();
        assertThat(roleSql(memberOf(member(true, null, null)), live().build())).isEmpty();
    }

    @Test
    void adminTrueGrantsTheOptionOnFifteen() {
        ServerStates f = live(new ServerState.Membership("readers", "postgres"));
        PgWork w = plan(List.of(memberOf(member(true, null, null))), f.build());
        assertThat(sql(w)).containsExactly("GRANT \"readers\" TO \"hand\" WITH ADMIN OPTION");
        assertThat(PgPlannerTest.render(w)).contains("member_of readers: admin");
    }

    @Test
    void inheritOrSetOnAServerBeforeSixteenIsAPlanErrorNamingTheEntry() {
        PgWork w = plan(List.of(memberOf(member(true, false, null))), live().build());
        assertThat(w.errors()).singleElement().satisfies(e -> assertThat(e)
                .contains("role hand: member_of readers: inherit per membership needs PostgreSQL 16")
                .contains("the server is 15.4"));
        assertThat(w.steps()).isEmpty();
    }

    private static ServerState.Membership grant(String grantor, boolean admin, boolean inherit, boolean set) {
        return new ServerState.Membership("readers", grantor, admin, Optional.of(inherit), Optional.of(set));
    }

    private static ServerStates sixteen(int version, ServerState.Membership... grants) {
        ServerStates f = live(grants[0]);
        f.version = version;
        ServerStates.RoleBuilder hand = ServerStates.role("hand").login(true).createdb(true).connectionLimit(7)
                .validUntil(EXPIRES).setting("work_mem", "8MB").setting("flaskapp_prod", "work_mem", "4MB");
        for (ServerState.Membership g : grants) {
            hand.member(g);
        }
        f.role(hand.build());
        return f;
    }

    @Test
    void aNewMembershipWithOptionsOnSixteenAndSeventeen() {
        for (int version : new int[] {160002, 170000}) {
            ServerStates f = PgPlannerTest.seeded();
            f.version = version;
            f.role(ServerStates.role("readers").build());
            RoleSpec spec = new RoleSpec(H, "newbie", Optional.empty(), Optional.empty(), Optional.empty(),
                    Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                    Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                    Optional.of(List.of(member(true, false, false))), Presence.PRESENT, Optional.empty(), false);
            assertThat(roleSql(spec, f.build())).containsExactly("CREATE ROLE \"newbie\"",
                    "GRANT \"readers\" TO \"newbie\" WITH ADMIN TRUE, INHERIT FALSE, SET FALSE");
            assertThat(PgPlannerTest.render(plan(List.of(spec), f.build()))).contains("member_of readers: admin: true",
                    "member_of readers: inherit: false", "member_of readers: set: false");
        }
    }

    @Test
    void optionsTurnedOnAreGrantedOnceByTheAdmin() {
        ServerStates f = sixteen(160002, grant("postgres", false, false, false));
        assertThat(roleSql(memberOf(member(true, true, true)), f.build()))
                .containsExactly("GRANT \"readers\" TO \"hand\" WITH ADMIN TRUE, INHERIT TRUE, SET TRUE");
    }

    @Test
    void anOptionTurnedOffIsRevokedFromEveryGrantThatGivesItAsItsGrantor() {
        ServerStates f = sixteen(170000, grant("postgres", true, true, true), grant("lead", false, true, false));
        assertThat(roleSql(memberOf(member(null, false, null)), f.build())).containsExactly(
                "REVOKE INHERIT OPTION FOR \"readers\" FROM \"hand\" GRANTED BY \"postgres\"",
                "REVOKE INHERIT OPTION FOR \"readers\" FROM \"hand\" GRANTED BY \"lead\"");
        assertThat(roleSql(memberOf(member(false, null, false)), f.build())).containsExactly(
                "REVOKE ADMIN OPTION FOR \"readers\" FROM \"hand\" GRANTED BY \"postgres\"",
                "REVOKE SET OPTION FOR \"readers\" FROM \"hand\" GRANTED BY \"postgres\"");
        assertThat(roleSql(memberOf(member(null, true, true)), f.build())).isEmpty(); // any grant gives them
    }

    @Test
    void aMembershipIsRevokedOncePerGrantorOnSixteen() {
        ServerStates f = sixteen(160002, grant("postgres", false, true, true), grant("lead", false, true, true));
        assertThat(roleSql(hand(Map.of("member_of", List.of())), f.build())).containsExactly(
                "REVOKE \"readers\" FROM \"hand\" GRANTED BY \"postgres\"",
                "REVOKE \"readers\" FROM \"hand\" GRANTED BY \"lead\"");
    }

    /** A non-superuser admin ({@code plumb}, a member of {@code lead} only) acts as a grantor it belongs to. */
    private static ServerStates notSuperuser(ServerState.Membership... grants) {
        ServerStates f = sixteen(160002, grants);
        f.superuser = false;
        f.user = "plumb";
        f.role(ServerStates.role("lead").build());
        f.role(ServerStates.role("plumb").login(true).member("lead", "postgres").build());
        return f;
    }

    @Test
    void aGrantByAnotherRoleIsRevokedAsThatGrantorWhenTheAdminMayBecomeIt() {
        ServerStates f = notSuperuser(grant("lead", false, true, true));
        assertThat(roleSql(hand(Map.of("member_of", List.of())), f.build())).containsExactly(
                "SET ROLE \"lead\"", "REVOKE \"readers\" FROM \"hand\" GRANTED BY \"lead\"", "RESET ROLE");
    }

    @Test
    void aGrantByARoleTheAdminCannotBecomeIsRefusedNamingTheGrantor() {
        ServerStates f = notSuperuser(grant("postgres", true, true, true));
        PgWork w = plan(List.of(memberOf(member(false, null, null))), f.build());
        assertThat(w.errors()).singleElement().satisfies(e -> assertThat(e)
                .contains("admin option of the membership in readers was granted by postgres")
                .contains("is neither a superuser nor a member of postgres"));
    }
}
