package dev.plumb.resource.postgres;

import static dev.plumb.resource.postgres.ServerStates.priv;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Test;

import dev.plumb.model.Presence;
import dev.plumb.model.Redactor;
import dev.plumb.model.ResourceAddress;
import dev.plumb.model.Sensitive;
import dev.plumb.model.Text;
import dev.plumb.plan.Change;
import dev.plumb.plan.HostPlan;
import dev.plumb.plan.Plan;
import dev.plumb.plan.TextRenderer;

/** Desired objects + facts → changes and steps, with no server. */
class PgPlannerTest {
    static final String H = "db1";
    static final String APP_PW = "app-Secret-0451";
    static final String ADMIN_PW = "admin-Secret-7";
    static final PostgresServer SERVER = new PostgresServer("postgres", Sensitive.of(ADMIN_PW), "postgres",
            Optional.empty(), Optional.empty(), Set.of());
    static final Redactor REDACTOR = Redactor.of(List.of(APP_PW, ADMIN_PW));

    // --- spec helpers ----------------------------------------------------------------------------

    static RoleSpec app(Map<String, String> settings, List<String> memberOf) {
        return new RoleSpec(H, "flaskapp", true, false, false, false, true, false, false, -1, Optional.empty(),
                Optional.of(Sensitive.of(APP_PW)), settings, Map.of(), memberOf, Presence.PRESENT);
    }

    static RoleSpec app() {
        Map<String, String> settings = new LinkedHashMap<>(); // declaration order, as the loader keeps it
        settings.put("client_encoding", "utf8");
        settings.put("default_transaction_isolation", "read committed");
        settings.put("timezone", "UTC");
        return app(settings, List.of());
    }

    static DatabaseSpec db(String name, Optional<String> owner) {
        return new DatabaseSpec(H, name, owner, Optional.of("UTF8"), Optional.empty(), Optional.empty(),
                Optional.empty(), -1, Presence.PRESENT, false);
    }

    static GrantSpec grant(String role, List<String> privileges, GrantTarget target) {
        return new GrantSpec(H, role, privileges, target, false, Presence.PRESENT);
    }

    static HbaRule hba(String db, String user, String address) {
        return new HbaRule(H, Optional.empty(), HbaRule.Type.HOST, db, user, Optional.of(address), "scram-sha-256",
                Map.of(), Presence.PRESENT);
    }

    static SettingSpec setting(String name, String value, boolean restart) {
        return new SettingSpec(H, name, Optional.of(Text.plain(value)), restart, Presence.PRESENT);
    }

    /** The seed guide's PostgreSQL part, as playbooks/flaskapp.yml declares it. */
    static List<PostgresResource> seed() {
        return List.of(setting("listen_addresses", "*", true), app(), db("flaskapp_prod", Optional.of("flaskapp")),
                new SchemaSpec(H, "flaskapp_prod", "public", Optional.of("flaskapp"), Presence.PRESENT),
                grant("flaskapp", List.of("ALL"), new GrantTarget.OnDatabase("flaskapp_prod")),
                grant("flaskapp", List.of("ALL"), new GrantTarget.OnSchema("flaskapp_prod", "public")),
                hba("flaskapp_prod", "flaskapp", "127.0.0.1/32"),
                hba("flaskapp_prod", "flaskapp", "198.18.0.0/24"));
    }

    static PgWork plan(List<PostgresResource> resources, ServerState facts) {
        PgWork w = PgPlanner.plan(H, SERVER, resources, facts, REDACTOR);
        assertNoSecret(w);
        return w;
    }

    /** Nothing shown (changes, step descriptions, notes, errors, toString) holds a secret or a verifier. */
    static void assertNoSecret(PgWork w) {
        List<String> shown = new ArrayList<>();
        shown.add(TextRenderer.render(new Plan(List.of(new HostPlan(H, w.changes(), Optional.empty())))));
        w.steps().forEach(s -> {
            shown.add(s.describe());
            shown.add(s.toString());
        });
        shown.addAll(w.notes());
        shown.addAll(w.errors());
        for (String s : shown) {
            assertThat(s).doesNotContain(APP_PW).doesNotContain(ADMIN_PW).doesNotContain("SCRAM-SHA-256$");
        }
    }

    static List<String> labels(PgWork w) {
        return w.changes().stream().map(c -> c.action().symbol() + " " + c.label()).toList();
    }

    static List<String> sql(PgWork w) {
        return w.steps().stream().map(PgStep::describe).toList();
    }

    static String render(PgWork w) {
        return TextRenderer.render(new Plan(List.of(new HostPlan(H, w.changes(), Optional.empty()))));
    }

    /** The facts of a fresh server once the seed is applied (and the server restarted). */
    static ServerStates seeded() {
        ServerStates f = ServerStates.fresh();
        f.role(ServerStates.role("flaskapp").login(true).scram(APP_PW).setting("client_encoding", "utf8")
                .setting("default_transaction_isolation", "read committed").setting("timezone", "UTC").build());
        f.database(new ServerState.Database("flaskapp_prod", "flaskapp", "UTF8", "C.UTF-8", "C.UTF-8", -1, false, true, 1,
                List.of(priv("PUBLIC", "CONNECT"), priv("PUBLIC", "TEMPORARY"), priv("flaskapp", "CONNECT"),
                        priv("flaskapp", "CREATE"), priv("flaskapp", "TEMPORARY"))));
        f.objects("flaskapp_prod", new ServerState.DatabaseObjects(Map.of("public", ServerStates.publicSchema("flaskapp")),
                List.of(), List.of(), Map.of()));
        List<HbaRule> rules = seed().stream().filter(HbaRule.class::isInstance).map(HbaRule.class::cast).toList();
        f.hba(HbaFile.splice(ServerStates.DEBIAN_HBA, HbaFile.block(rules)));
        f.setting("listen_addresses", "*", null, "string", "postmaster");
        return f;
    }

    // --- the seed --------------------------------------------------------------------------------

    @Test
    void seedOnAFreshServer() {
        PgWork w = plan(seed(), ServerStates.fresh().build());
        assertThat(w.errors()).isEmpty();
        assertThat(labels(w)).containsExactly(
                "+ postgres/role flaskapp",
                "+ postgres/database flaskapp_prod",
                "~ postgres/schema flaskapp_prod.public",
                "+ postgres/hba host:flaskapp_prod:flaskapp:127.0.0.1/32",
                "+ postgres/hba host:flaskapp_prod:flaskapp:198.18.0.0/24",
                "~ postgres/setting listen_addresses");
        assertThat(render(w)).contains("password: (sensitive)", "setting timezone: UTC", "owner: flaskapp",
                "encoding: UTF8", "owner: pg_database_owner → flaskapp", "value: localhost → *",
                "needs a server restart, which follows");
        // The owner holds every database privilege already, and public's ACL moves to the new owner:
        // the two ALL grants need no statement.
        assertThat(sql(w)).containsExactly(
                "CREATE ROLE \"flaskapp\" WITH NOSUPERUSER NOCREATEDB NOCREATEROLE INHERIT LOGIN NOREPLICATION"
                        + " NOBYPASSRLS CONNECTION LIMIT -1 PASSWORD (sensitive)",
                "ALTER ROLE \"flaskapp\" SET \"client_encoding\" TO 'utf8'",
                "ALTER ROLE \"flaskapp\" SET \"default_transaction_isolation\" TO 'read committed'",
                "ALTER ROLE \"flaskapp\" SET \"timezone\" TO 'UTC'",
                "CREATE DATABASE \"flaskapp_prod\" OWNER \"flaskapp\" ENCODING 'UTF8'",
                "ALTER SCHEMA \"public\" OWNER TO \"flaskapp\"",
                "write " + ServerStates.HBA_PATH,
                "reload the server configuration",
                "ALTER SYSTEM SET \"listen_addresses\" = '*'",
                "reload the server configuration",
                "restart the server (listen_addresses)");
        PgStep.Sql create = (PgStep.Sql) w.steps().get(0);
        assertThat(create.statement().sensitive()).isTrue();
        assertThat(create.statement().reveal()).matches("CREATE ROLE .* PASSWORD 'SCRAM-SHA-256\\$4096:[^']+'");
        PgStep.Sql createDb = (PgStep.Sql) w.steps().get(4);
        assertThat(createDb.inTransaction()).isFalse();
        PgStep.HbaWrite write = (PgStep.HbaWrite) w.steps().get(6);
        assertThat(write.content().reveal()).startsWith(ServerStates.DEBIAN_HBA.substring(0, 100))
                .contains(HbaFile.BEGIN + "\n# rule: host:flaskapp_prod:flaskapp:127.0.0.1/32\n"
                        + "host    flaskapp_prod   flaskapp        127.0.0.1/32            scram-sha-256\n");
    }

    @Test
    void seedTwiceIsEmpty() {
        PgWork w = plan(seed(), seeded().build());
        assertThat(w.changes()).isEmpty();
        assertThat(w.steps()).isEmpty();
        assertThat(w.errors()).isEmpty();
        assertThat(w.notes()).isEmpty();
        assertThat(w.isEmpty()).isTrue();
    }

    @Test
    void bootstrapComesFirstWhenTheAdminCannotLogIn() {
        ServerStates f = ServerStates.fresh();
        f.adminLogin = Optional.of("password authentication failed for user \"postgres\"");
        PgWork w = plan(seed(), f.build());
        assertThat(labels(w).get(0)).isEqualTo("~ postgres/admin postgres");
        assertThat(w.changes().get(0).reason()).contains("set the admin password via the local socket");
        assertThat(w.steps().get(0)).isEqualTo(new PgStep.Bootstrap("postgres", SERVER.adminPassword()));
        assertThat(w.steps()).hasSize(12);

        f.local = false;
        assertThat(plan(seed(), f.build()).errors()).anySatisfy(e -> assertThat(e)
                .startsWith("the admin cannot log in").contains("not on the SSH host"));
    }

    // --- passwords -------------------------------------------------------------------------------

    private static PgWork passwordPlan(ServerState.StoredPassword stored, boolean superuser) {
        ServerStates f = seeded();
        f.superuser = superuser;
        f.role(ServerStates.role("flaskapp").login(true).password(stored).setting("client_encoding", "utf8")
                .setting("default_transaction_isolation", "read committed").setting("timezone", "UTC").build());
        return plan(List.of(app()), f.build());
    }

    @Test
    void theSamePasswordIsNoChange() {
        Sensitive<String> stored = Scram.verifier(Sensitive.of(APP_PW));
        assertThat(passwordPlan(new ServerState.Stored(stored), true).changes()).isEmpty();
    }

    @Test
    void anotherPasswordIsAnUpdateThatShowsNoSecret() {
        PgWork w = passwordPlan(new ServerState.Stored(Scram.verifier(Sensitive.of("old one"))), true);
        assertThat(labels(w)).containsExactly("~ postgres/role flaskapp");
        assertThat(render(w)).contains("password: (sensitive) → (sensitive)");
        assertThat(sql(w)).containsExactly("ALTER ROLE \"flaskapp\" WITH PASSWORD (sensitive)");
    }

    @Test
    void anMd5PasswordIsUpdatedToScram() {
        String md5Same = "md5" + md5Hex(APP_PW + "flaskapp");
        PgWork w = passwordPlan(new ServerState.Stored(Sensitive.of(md5Same)), true);
        assertThat(render(w)).contains("password: (sensitive, stored as md5; same password, stored again as"
                + " SCRAM-SHA-256) → (sensitive)");
        assertThat(((PgStep.Sql) w.steps().get(0)).statement().reveal()).contains("PASSWORD 'SCRAM-SHA-256$4096:");

        PgWork other = passwordPlan(new ServerState.Stored(Sensitive.of("md5" + md5Hex("other" + "flaskapp"))), true);
        assertThat(render(other)).contains("password: (sensitive, stored as md5) → (sensitive)");
    }

    private static PgWork prehashedPlan(String declared, Optional<ServerState.StoredPassword> stored) {
        ServerStates f = seeded();
        f.superuser = true;
        stored.ifPresent(p -> f.role(ServerStates.role("flaskapp").login(true).password(p)
                .setting("client_encoding", "utf8").setting("default_transaction_isolation", "read committed")
                .setting("timezone", "UTC").build()));
        RoleSpec a = app();
        RoleSpec spec = new RoleSpec(H, "flaskapp", true, false, false, false, true, false, false, -1,
                Optional.empty(), Optional.of(Sensitive.of(declared)), a.settings().orElseThrow(), Map.of(), List.of(),
                Presence.PRESENT);
        return plan(List.of(spec), f.build());
    }

    @Test
    void aVerifierGivenAsThePasswordIsStoredAsItIsNeverHashedAgain() {
        String verifier = Scram.verifier(Sensitive.of("only-the-team-knows")).reveal();
        assertThat(prehashedPlan(verifier, Optional.of(new ServerState.Stored(Sensitive.of(verifier)))).changes())
                .as("the stored verifier is the declared one").isEmpty();

        PgWork update = prehashedPlan(verifier, Optional.of(new ServerState.Stored(Scram.verifier(Sensitive.of("x")))));
        assertThat(render(update)).contains("password: (sensitive) → (sensitive)");
        assertThat(((PgStep.Sql) update.steps().get(0)).statement().reveal())
                .isEqualTo("ALTER ROLE \"flaskapp\" WITH PASSWORD '" + verifier + "'");

        PgWork create = prehashedPlan(verifier, Optional.empty());
        assertThat(create.steps()).map(st -> st instanceof PgStep.Sql q ? q.statement().reveal() : "")
                .anyMatch(sql -> sql.endsWith("PASSWORD '" + verifier + "'"));
        assertThat(render(create)).doesNotContain(verifier);
    }

    @Test
    void anMd5HashGivenAsThePasswordIsStoredAsItIsWithANote() {
        String md5 = "md5" + md5Hex("pw" + "flaskapp");
        PgWork w = prehashedPlan(md5, Optional.of(new ServerState.NoPassword()));
        assertThat(((PgStep.Sql) w.steps().get(0)).statement().reveal()).endsWith("PASSWORD '" + md5 + "'");
        assertThat(w.notes()).anyMatch(n -> n.contains("md5 hash") && n.contains("deprecated"));
        assertThat(prehashedPlan(md5, Optional.of(new ServerState.Stored(Sensitive.of(md5)))).changes()).isEmpty();
    }

    @Test
    void passwordNullRemovesAStoredPasswordAndIsThenNoChange() {
        RoleSpec a = app();
        RoleSpec none = new RoleSpec(H, "flaskapp", true, false, false, false, true, false, false, -1, Optional.empty(),
                Optional.empty(), a.settings().orElseThrow(), Map.of(), List.of(), Presence.PRESENT, Optional.empty(), true);
        ServerStates f = seeded();
        f.superuser = true;
        f.role(ServerStates.role("flaskapp").login(true).password(new ServerState.Stored(Scram.verifier(
                Sensitive.of("old")))).setting("client_encoding", "utf8")
                .setting("default_transaction_isolation", "read committed").setting("timezone", "UTC").build());
        PgWork w = plan(List.of(none), f.build());
        assertThat(render(w)).contains("password: (sensitive) → (none)");
        assertThat(sql(w)).containsExactly("ALTER ROLE \"flaskapp\" WITH PASSWORD NULL");

        ServerStates g = seeded();
        g.superuser = true;
        g.role(ServerStates.role("flaskapp").login(true).password(new ServerState.NoPassword())
                .setting("client_encoding", "utf8").setting("default_transaction_isolation", "read committed")
                .setting("timezone", "UTC").build());
        assertThat(plan(List.of(none), g.build()).changes()).isEmpty();
    }

    @Test
    void aMissingPasswordIsSet() {
        assertThat(render(passwordPlan(new ServerState.NoPassword(), true))).contains("password: (none) → (sensitive)");
    }

    @Test
    void anUnreadablePasswordCannotBeVerifiedAndIsNotClaimedAsChanged() {
        PgWork w = passwordPlan(new ServerState.Unreadable(), false);
        assertThat(w.changes()).isEmpty();
        assertThat(w.steps()).isEmpty();
        assertThat(w.notes()).singleElement().asString().contains("flaskapp: password: cannot verify");
    }

    private static String md5Hex(String s) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("MD5")
                    .digest(s.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    // --- roles -----------------------------------------------------------------------------------

    @Test
    void roleDriftAttributesSettingsAndMemberships() {
        ServerStates f = seeded();
        f.version = 160002;
        f.role(ServerStates.role("readers").build());
        f.role(ServerStates.role("writers").build());
        f.role(ServerStates.role("flaskapp").login(true).superuser(true).connectionLimit(10).scram(APP_PW)
                .setting("client_encoding", "utf8").setting("default_transaction_isolation", "read committed")
                .setting("timezone", "Europe/Paris").setting("work_mem", "1GB")
                .setting("flaskapp_prod", "work_mem", "8MB")
                .member("writers", "postgres").member("writers", "alice").build());
        PgWork w = plan(List.of(app(Map.of("client_encoding", "utf8", "default_transaction_isolation",
                "READ COMMITTED", "TimeZone", "UTC"), List.of("readers"))), f.build());
        assertThat(render(w)).contains("superuser: true → false", "connection_limit: 10 → -1",
                "setting timezone: Europe/Paris → UTC", "setting work_mem: 1GB → (none)",
                "setting in flaskapp_prod: work_mem: 8MB → (none)", "member_of: writers → readers");
        assertThat(render(w)).doesNotContain("client_encoding", "default_transaction_isolation");
        assertThat(sql(w)).containsExactly(
                "ALTER ROLE \"flaskapp\" WITH NOSUPERUSER CONNECTION LIMIT -1",
                "GRANT \"readers\" TO \"flaskapp\"",
                "REVOKE \"writers\" FROM \"flaskapp\" GRANTED BY \"postgres\"",
                "REVOKE \"writers\" FROM \"flaskapp\" GRANTED BY \"alice\"",
                "ALTER ROLE \"flaskapp\" SET \"timezone\" TO 'UTC'",
                "ALTER ROLE \"flaskapp\" RESET \"work_mem\"",
                "ALTER ROLE \"flaskapp\" IN DATABASE \"flaskapp_prod\" RESET \"work_mem\"");
    }

    @Test
    void hostileNamesAreQuotedWhereverSqlIsWritten() {
        String name = "a\"b'c $(rm -rf /)\n;DROP ROLE x";
        RoleSpec r = new RoleSpec(H, name, false, false, false, false, true, false, false, -1,
                Optional.of("2031-02-03 04:05:06+02"), Optional.empty(), Map.of("search_path", "x', y"), Map.of(),
                List.of(), Presence.PRESENT);
        PgWork w = plan(List.of(r), ServerStates.fresh().build());
        String quoted = "\"a\"\"b'c $(rm -rf /)\n;DROP ROLE x\"";
        assertThat(sql(w)).containsExactly(
                "CREATE ROLE " + quoted + " WITH NOSUPERUSER NOCREATEDB NOCREATEROLE INHERIT NOLOGIN NOREPLICATION"
                        + " NOBYPASSRLS CONNECTION LIMIT -1 VALID UNTIL '2031-02-03T02:05:06Z'",
                "ALTER ROLE " + quoted + " SET \"search_path\" TO 'x''', 'y'");
    }

    @Test
    void theFirstAndTheLastMembershipShowAsNotSet() {
        ServerStates f = seeded();
        f.role(ServerStates.role("readers").build());
        PgWork joins = plan(List.of(app(Map.of(), List.of("readers"))), f.build());
        assertThat(render(joins)).contains("      member_of: readers\n");

        f.role(ServerStates.role("flaskapp").login(true).scram(APP_PW).member("readers", "postgres").build());
        PgWork leaves = plan(List.of(app(Map.of(), List.of())), f.build());
        assertThat(render(leaves)).contains("      member_of: readers → (none)\n");
    }

    @Test
    void membershipInAnUnknownRoleIsAnError() {
        PgWork w = plan(List.of(app(Map.of(), List.of("nobody"))), ServerStates.fresh().build());
        assertThat(w.errors()).singleElement().asString().contains("member_of nobody");
        assertThat(w.steps()).isEmpty();
    }

    @Test
    void anAbsentRoleIsDroppedAfterEverythingElse() {
        ServerStates f = seeded();
        f.role(ServerStates.role("old").build());
        RoleSpec old = new RoleSpec(H, "old", false, false, false, false, true, false, false, -1, Optional.empty(),
                Optional.empty(), Map.of(), Map.of(), List.of(), Presence.ABSENT);
        List<PostgresResource> all = new ArrayList<>(List.of(old));
        all.add(new DatabaseSpec(H, "gone", Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), -1, Presence.ABSENT, false));
        all.add(setting("work_mem", "64MB", false));
        f.database("gone", "old", true);
        PgWork w = plan(all, f.build());
        assertThat(labels(w)).containsExactly("~ postgres/setting work_mem", "- postgres/database gone",
                "- postgres/role old");
        assertThat(sql(w)).containsExactly("ALTER SYSTEM SET \"work_mem\" = '64MB'", "DROP DATABASE \"gone\"",
                "DROP ROLE \"old\"", "reload the server configuration");
    }

    // --- databases -------------------------------------------------------------------------------

    @Test
    void changingTheEncodingOfAnExistingDatabaseIsAnErrorThatExplains() {
        ServerStates f = seeded();
        f.database(new ServerState.Database("flaskapp_prod", "flaskapp", "SQL_ASCII", "C", "C", -1, false, true, 0,
                List.of()));
        PgWork w = plan(List.of(app(), db("flaskapp_prod", Optional.of("flaskapp"))), f.build());
        assertThat(w.errors()).singleElement().asString()
                .contains("database flaskapp_prod: encoding is SQL_ASCII, declared UTF8")
                .contains("cannot change the encoding or locale of an existing database")
                .contains("never drops one to recreate it");
        assertThat(w.steps()).isEmpty();
    }

    @Test
    void encodingsAndLocalesCompareAsPostgresqlReadsThem() {
        ServerStates f = seeded();
        f.database(new ServerState.Database("flaskapp_prod", "flaskapp", "UTF8", "en_US.utf8", "en_US.utf8", -1, false,
                true, 0, List.of()));
        DatabaseSpec d = new DatabaseSpec(H, "flaskapp_prod", Optional.of("flaskapp"), Optional.of("utf-8"),
                Optional.of("en_US.UTF-8"), Optional.of("en_US.UTF-8"), Optional.empty(), -1, Presence.PRESENT, false);
        assertThat(plan(List.of(app(), d), f.build()).changes()).isEmpty();
    }

    @Test
    void aDatabaseInAnotherEncodingThanTemplate1IsCopiedFromTemplate0() {
        DatabaseSpec d = new DatabaseSpec(H, "legacy", Optional.empty(), Optional.of("LATIN1"), Optional.of("C"),
                Optional.of("C"), Optional.empty(), 5, Presence.PRESENT, false);
        PgWork w = plan(List.of(d), ServerStates.fresh().build());
        assertThat(sql(w)).containsExactly("CREATE DATABASE \"legacy\" TEMPLATE \"template0\" ENCODING 'LATIN1'"
                + " LC_COLLATE 'C' LC_CTYPE 'C' CONNECTION LIMIT 5");
        assertThat(w.changes().get(0).reason()).hasValueSatisfying(r -> assertThat(r).startsWith("template0, since"));
    }

    @Test
    void aDatabaseWithSessionsIsDroppedOnlyWithForce() {
        ServerStates f = ServerStates.fresh();
        f.database(new ServerState.Database("busy", "postgres", "UTF8", "C.UTF-8", "C.UTF-8", -1, false, true, 2,
                List.of()));
        DatabaseSpec drop = new DatabaseSpec(H, "busy", Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), -1, Presence.ABSENT, false);
        assertThat(plan(List.of(drop), f.build()).errors()).singleElement().asString()
                .contains("busy has 2 open connections").contains("force: true");
        DatabaseSpec force = new DatabaseSpec(H, "busy", Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), -1, Presence.ABSENT, true);
        PgWork w = plan(List.of(force), f.build());
        assertThat(sql(w)).containsExactly("DROP DATABASE \"busy\" WITH (FORCE)");
        assertThat(((PgStep.Sql) w.steps().get(0)).inTransaction()).isFalse();
        assertThat(render(w)).contains("connections: 2 → 0 (ended by force: true)");
    }

    // --- grants ----------------------------------------------------------------------------------

    @Test
    void grantsAreExactPerRoleAndObject() {
        ServerStates f = seeded();
        f.role(ServerStates.role("reporter").build());
        f.database(new ServerState.Database("flaskapp_prod", "flaskapp", "UTF8", "C.UTF-8", "C.UTF-8", -1, false, true, 0,
                List.of(priv("PUBLIC", "CONNECT"), priv("flaskapp", "CONNECT"), priv("flaskapp", "CREATE"),
                        priv("flaskapp", "TEMPORARY"), priv("reporter", "CREATE"), priv("reporter", "TEMPORARY"))));
        PgWork w = plan(List.of(grant("reporter", List.of("CONNECT", "TEMP"), new GrantTarget.OnDatabase(
                "flaskapp_prod")), grant("PUBLIC", List.of("CONNECT"), new GrantTarget.OnDatabase("flaskapp_prod"))),
                f.build());
        assertThat(labels(w)).containsExactly("~ postgres/grant reporter@database:flaskapp_prod");
        assertThat(render(w)).contains("privileges: CREATE, TEMPORARY → CONNECT, TEMPORARY");
        assertThat(sql(w)).containsExactly("GRANT CONNECT ON DATABASE \"flaskapp_prod\" TO \"reporter\"",
                "REVOKE CREATE ON DATABASE \"flaskapp_prod\" FROM \"reporter\"");
    }

    @Test
    void grantOptionIsGrantedAndRevoked() {
        ServerStates f = seeded();
        f.role(ServerStates.role("reporter").build());
        f.objects("flaskapp_prod", new ServerState.DatabaseObjects(Map.of("public", new ServerState.Schema("public",
                "flaskapp", List.of(priv("flaskapp", "CREATE"), priv("flaskapp", "USAGE"),
                new ServerState.Privilege("reporter", "USAGE", true)))), List.of(), List.of(), Map.of()));
        PgWork w = plan(List.of(grant("reporter", List.of("USAGE"), new GrantTarget.OnSchema("flaskapp_prod",
                "public"))), f.build());
        assertThat(sql(w)).containsExactly("REVOKE GRANT OPTION FOR USAGE ON SCHEMA \"public\" FROM \"reporter\"");
        GrantSpec withOption = new GrantSpec(H, "reporter", List.of("ALL"), new GrantTarget.OnSchema("flaskapp_prod",
                "public"), true, Presence.PRESENT);
        assertThat(sql(plan(List.of(withOption), f.build()))).containsExactly(
                "GRANT CREATE ON SCHEMA \"public\" TO \"reporter\" WITH GRANT OPTION");
    }

    @Test
    void allOnTablesIncludesMaintainFromPostgresql17() {
        ServerStates f = seeded();
        ServerState.DbObject users = new ServerState.DbObject(ObjectType.TABLES, "public", "users", "public.users",
                "flaskapp", List.of(priv("flaskapp", "SELECT")));
        f.objects("flaskapp_prod", new ServerState.DatabaseObjects(Map.of("public", ServerStates.publicSchema("flaskapp")),
                List.of(users), List.of(), Map.of()));
        GrantSpec all = grant("flaskapp", List.of("ALL"), new GrantTarget.OnObjects("flaskapp_prod", "public",
                ObjectType.TABLES, List.of()));
        assertThat(sql(plan(List.of(all), f.build()))).containsExactly(
                "GRANT DELETE, INSERT, REFERENCES, TRIGGER, TRUNCATE, UPDATE ON TABLE public.users TO \"flaskapp\"");
        f.version = 170000;
        assertThat(sql(plan(List.of(all), f.build()))).containsExactly(
                "GRANT DELETE, INSERT, MAINTAIN, REFERENCES, TRIGGER, TRUNCATE, UPDATE ON TABLE public.users"
                        + " TO \"flaskapp\"");
    }

    @Test
    void namedObjectsFunctionsAndDefaultPrivileges() {
        ServerStates f = seeded();
        f.role(ServerStates.role("reporter").build());
        ServerState.DbObject add = new ServerState.DbObject(ObjectType.FUNCTIONS, "public", "add(integer, integer)",
                "public.add(integer, integer)", "flaskapp", List.of(priv("PUBLIC", "EXECUTE"), priv("flaskapp", "EXECUTE")));
        ServerState.DefaultAcl defaults = new ServerState.DefaultAcl("flaskapp", Optional.of("public"), ObjectType.TABLES,
                List.of(priv("reporter", "SELECT"), priv("reporter", "DELETE")));
        f.objects("flaskapp_prod", new ServerState.DatabaseObjects(Map.of("public", ServerStates.publicSchema("flaskapp")),
                List.of(add), List.of(defaults), Map.of("\"public\".add(int, int)", "add(integer, integer)")));
        PgWork w = plan(List.of(
                new GrantSpec(H, "PUBLIC", List.of("EXECUTE"), new GrantTarget.OnObjects("flaskapp_prod", "public",
                        ObjectType.FUNCTIONS, List.of("add(int, int)")), false, Presence.ABSENT),
                grant("reporter", List.of("SELECT"), new GrantTarget.OnObjects("flaskapp_prod", "public",
                        ObjectType.TABLES, List.of("missing"))),
                grant("reporter", List.of("SELECT"), new GrantTarget.DefaultPrivileges("flaskapp_prod", "public",
                        "flaskapp", ObjectType.TABLES))), f.build());
        assertThat(labels(w)).containsExactly(
                "~ postgres/grant reporter@default:flaskapp_prod.public:flaskapp:tables",
                "- postgres/grant PUBLIC@functions:flaskapp_prod.public:add(int, int)");
        assertThat(sql(w)).containsExactly(
                "ALTER DEFAULT PRIVILEGES FOR ROLE \"flaskapp\" IN SCHEMA \"public\" REVOKE DELETE ON TABLES FROM"
                        + " \"reporter\"",
                "REVOKE EXECUTE ON FUNCTION public.add(integer, integer) FROM PUBLIC");
        assertThat(w.missing()).singleElement().satisfies(m -> {
            assertThat(m.database()).isEqualTo("flaskapp_prod");
            assertThat(m.message()).contains("table public.missing does not exist in database flaskapp_prod");
        });
    }

    @Test
    void aNewOwnerInheritsTheOldOwnersPrivilegesSoNoGrantIsPlanned() {
        ServerStates f = seeded();
        f.database(new ServerState.Database("flaskapp_prod", "postgres", "UTF8", "C.UTF-8", "C.UTF-8", -1, false, true, 0,
                List.of(priv("PUBLIC", "CONNECT"), priv("postgres", "CONNECT"), priv("postgres", "CREATE"),
                        priv("postgres", "TEMPORARY"))));
        PgWork w = plan(List.of(app(), db("flaskapp_prod", Optional.of("flaskapp")),
                grant("flaskapp", List.of("ALL"), new GrantTarget.OnDatabase("flaskapp_prod"))), f.build());
        assertThat(sql(w)).containsExactly("ALTER DATABASE \"flaskapp_prod\" OWNER TO \"flaskapp\"");
    }

    @Test
    void grantsOnWhatDoesNotExistAreErrors() {
        PgWork w = plan(List.of(grant("ghost", List.of("ALL"), new GrantTarget.OnDatabase("postgres")),
                grant("postgres", List.of("USAGE"), new GrantTarget.OnSchema("nodb", "public")),
                grant("postgres", List.of("USAGE"), new GrantTarget.OnSchema("postgres", "noschema"))),
                ServerStates.fresh().objects("postgres", new ServerState.DatabaseObjects(Map.of(), List.of(), List.of(), Map.of()))
                        .build());
        assertThat(w.errors()).hasSize(2).anySatisfy(e -> assertThat(e).contains("role ghost does not exist"))
                .anySatisfy(e -> assertThat(e).contains("database nodb does not exist"));
        assertThat(w.missing()).singleElement().satisfies(m -> assertThat(m.message())
                .contains("schema noschema does not exist in database postgres"));
    }

    @Test
    void aMissingFunctionIsNamedInTheServersTypesWithTheArgumentListsItHas() {
        ServerStates f = seeded();
        ServerState.DbObject add = new ServerState.DbObject(ObjectType.FUNCTIONS, "public", "add(bigint, bigint)",
                "public.add(bigint, bigint)", "flaskapp", List.of());
        ServerState.DbObject addText = new ServerState.DbObject(ObjectType.FUNCTIONS, "public", "add(text)",
                "public.add(text)", "flaskapp", List.of());
        f.objects("flaskapp_prod", new ServerState.DatabaseObjects(Map.of("public", ServerStates.publicSchema("flaskapp")),
                List.of(add, addText), List.of(), Map.of(),
                Map.of("\"public\".add(int, int)", List.of(Optional.of("integer"), Optional.of("integer")),
                        "\"public\".add(nosuch, int)", List.of(Optional.empty(), Optional.of("integer")))));
        PgWork w = plan(List.of(grant("PUBLIC", List.of("EXECUTE"), new GrantTarget.OnObjects("flaskapp_prod", "public",
                ObjectType.FUNCTIONS, List.of("add(int, int)", "add(nosuch, int)")))), f.build());
        assertThat(w.changes()).isEmpty();
        assertThat(w.missing()).extracting(PgWork.Missing::message).containsExactly(
                "grant PUBLIC@functions:flaskapp_prod.public:add(int, int),add(nosuch, int): function"
                        + " public.add(integer, integer) does not exist in database flaskapp_prod; public.add takes"
                        + " (bigint, bigint) or (text)",
                "grant PUBLIC@functions:flaskapp_prod.public:add(int, int),add(nosuch, int): function"
                        + " public.add(nosuch, int): type nosuch does not exist in database flaskapp_prod");
    }

    @Test
    void missingObjectsAreErrorsUnlessTheDatabasesMigrationsRunInThePlan() {
        ResourceAddress x = new ResourceAddress(H, "postgres/grant", "x");
        ResourceAddress y = new ResourceAddress(H, "postgres/grant", "y");
        List<PgWork.Missing> missing = List.of(new PgWork.Missing("app", "grant x", "table public.t does not exist", x),
                new PgWork.Missing("other", "grant y", "schema s does not exist", y));
        List<String> errors = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        Map<String, PgWork.About> about = new LinkedHashMap<>();
        assertThat(PostgresPart.missing(missing, Set.of("app"), errors, notes, about)).isTrue();
        assertThat(notes).containsExactly("grant x: table public.t does not exist; checked again after the migrations"
                + " of app, which may create it, and granted then");
        assertThat(errors).singleElement().asString().startsWith("schema s does not exist (plumb grants only");
        assertThat(about).containsOnlyKeys(errors.get(0));
        assertThat(about.get(errors.get(0)).address()).isEqualTo(y);
        errors.clear();
        assertThat(PostgresPart.missing(missing.subList(0, 1), Set.of(), errors, new ArrayList<>(), about)).isFalse();
        assertThat(errors).hasSize(1);
    }

    @Test
    void aGrantOnASchemaThePlanCreatesIsPlannedAndOneOnASchemaItDropsIsMissing() {
        ServerStates f = seeded();
        f.role(ServerStates.role("reporter").build());
        PgWork w = plan(List.of(new SchemaSpec(H, "flaskapp_prod", "reports", Optional.empty(), Presence.PRESENT),
                grant("reporter", List.of("USAGE"), new GrantTarget.OnSchema("flaskapp_prod", "reports"))), f.build());
        assertThat(w.missing()).isEmpty();
        assertThat(sql(w)).containsExactly("CREATE SCHEMA \"reports\"",
                "GRANT USAGE ON SCHEMA \"reports\" TO \"reporter\"");
        PgWork dropped = plan(List.of(new SchemaSpec(H, "flaskapp_prod", "public", Optional.empty(), Presence.ABSENT),
                grant("reporter", List.of("USAGE"), new GrantTarget.OnSchema("flaskapp_prod", "public"))), f.build());
        assertThat(dropped.missing()).singleElement().satisfies(m -> assertThat(m.message())
                .endsWith("schema public is to be dropped from database flaskapp_prod"));
    }

    static ServerStates withContents(List<ServerState.Content> contents) {
        ServerStates f = seeded();
        ServerState.Schema s = new ServerState.Schema("it's", "flaskapp", List.of(), contents);
        f.objects("flaskapp_prod", new ServerState.DatabaseObjects(Map.of("public", ServerStates.publicSchema("flaskapp"),
                "it's", s), List.of(), List.of(), Map.of()));
        return f;
    }

    static final List<ServerState.Content> CONTENTS = List.of(
            new ServerState.Content("table", 2, List.of("\"it's\".a", "\"it's\".b"), false),
            new ServerState.Content("function", 1, List.of("\"it's\".f(integer)"), false),
            new ServerState.Content("view", 1, List.of("public.v"), true));

    @Test
    void aSchemaThatIsNotEmptyIsDroppedOnlyWithCascadeAndThePlanSaysWhatGoes() {
        SchemaSpec absent = new SchemaSpec(H, "flaskapp_prod", "it's", Optional.empty(), Presence.ABSENT);
        PgWork refused = plan(List.of(absent), withContents(CONTENTS).build());
        assertThat(refused.steps()).isEmpty();
        assertThat(refused.about()).containsOnlyKeys(refused.errors());
        assertThat(refused.about().values()).extracting(PgWork.About::address).containsOnly(absent.address());
        assertThat(refused.errors()).containsExactly("not empty, so it is not dropped:"
                + " it holds 2 tables (\"it's\".a, \"it's\".b), 1 function (\"it's\".f(integer)); in other schemas,"
                + " depending on it: 1 view (public.v); declare cascade: true on it to drop all of this with it, or"
                + " empty it first");

        SchemaSpec cascade = new SchemaSpec(H, "flaskapp_prod", "it's", Optional.empty(), Presence.ABSENT, true);
        PgWork w = plan(List.of(cascade), withContents(CONTENTS).build());
        assertThat(w.errors()).isEmpty();
        assertThat(sql(w)).containsExactly("DROP SCHEMA \"it's\" CASCADE");
        assertThat(render(w)).contains("- postgres/schema flaskapp_prod.it's",
                "dropped with it (CASCADE): 2 tables (\"it's\".a, \"it's\".b), 1 function (\"it's\".f(integer))",
                "dropped with it from other schemas (CASCADE): 1 view (public.v)");

        assertThat(sql(plan(List.of(absent), withContents(List.of()).build()))).containsExactly("DROP SCHEMA \"it's\"");
    }

    @Test
    void exclusiveSchemasDoNotDropOneThatIsNotEmpty() {
        PostgresServer exclusive = SERVER.withExclusive(Set.of(PostgresKind.SCHEMA));
        PgWork w = PgPlanner.plan(H, exclusive, List.of(new SchemaSpec(H, "flaskapp_prod", "public",
                Optional.of("flaskapp"), Presence.PRESENT)), withContents(CONTENTS).build(), REDACTOR);
        assertThat(w.about().values()).extracting(a -> a.address().name()).containsExactly("flaskapp_prod.it's");
        assertThat(w.errors()).singleElement().asString().startsWith("not empty, so it is not dropped: it holds 2 tables")
                .endsWith("declare it to keep it, or declare it with state: absent and cascade: true to drop all of"
                        + " this with it");
    }

    // --- pg_hba.conf -----------------------------------------------------------------------------

    @Test
    void aHandEditedLineInTheBlockIsDrift() {
        ServerStates f = seeded();
        String edited = f.hba.orElseThrow().content().replace(
                "flaskapp        127.0.0.1/32            scram-sha-256", "flaskapp 127.0.0.1/32 trust");
        f.hba(edited);
        PgWork w = plan(seed(), f.build());
        assertThat(labels(w)).containsExactly("~ postgres/hba host:flaskapp_prod:flaskapp:127.0.0.1/32");
        assertThat(w.changes().get(0).reason()).isEmpty();
        assertThat(render(w)).contains("line: host    flaskapp_prod   flaskapp 127.0.0.1/32 trust → host    ");
        assertThat(w.steps()).hasSize(2).first().isInstanceOf(PgStep.HbaWrite.class);
        assertThat(((PgStep.HbaWrite) w.steps().get(0)).content().reveal()).isEqualTo(seeded().hba.orElseThrow()
                .content());
    }

    @Test
    void undeclaredRulesAndStrayLinesInTheBlockAreRemoved() {
        ServerStates f = seeded();
        String content = f.hba.orElseThrow().content().replace(HbaFile.END, "# rule: old\nhost all all 0.0.0.0/0 trust\n"
                + HbaFile.END);
        f.hba(content);
        PgWork w = plan(seed(), f.build());
        assertThat(labels(w)).containsExactly("- postgres/hba old");

        f.hba(seeded().hba.orElseThrow().content().replace(HbaFile.END, "local all all trust\n" + HbaFile.END));
        PgWork stray = plan(seed(), f.build());
        assertThat(labels(stray)).containsExactly("~ postgres/hba " + PgPlanner.HBA_BLOCK);
        assertThat(stray.changes().get(0).diff()).hasValueSatisfying(d -> assertThat(d).contains("-local all all trust"));
    }

    @Test
    void hbaNeedsTheServerOnTheHostAndACleanFile() {
        ServerStates f = ServerStates.fresh();
        f.local = false;
        assertThat(plan(seed(), f.build()).errors()).anySatisfy(e -> assertThat(e).contains("no direct:"));
        ServerStates broken = ServerStates.fresh();
        broken.hba = Optional.of(new ServerState.Hba(ServerStates.HBA_PATH, ServerStates.DEBIAN_HBA, "x",
                List.of(new ServerState.HbaError(3, "invalid authentication method \"nope\"")), true));
        assertThat(plan(seed(), broken.build()).errors()).singleElement().asString()
                .contains("line 3: invalid authentication method");
        ServerStates stale = seeded();
        stale.hba = stale.hba.map(h -> new ServerState.Hba(h.path(), h.content(), h.sha256(), List.of(), false));
        PgWork unloaded = plan(seed(), stale.build());
        assertThat(unloaded.changes()).as("a file changed after the server loaded it is a note, not drift").isEmpty();
        assertThat(unloaded.steps()).isEmpty();
        assertThat(unloaded.notes()).singleElement().asString().contains("changed after the server last loaded it",
                "plumb leaves loading it");
        ServerStates seededBroken = seeded();
        seededBroken.hba = seededBroken.hba.map(h -> new ServerState.Hba(h.path(), h.content(), h.sha256(),
                List.of(new ServerState.HbaError(3, "invalid authentication method \"nope\"")), true));
        PgWork untouched = plan(seed(), seededBroken.build());
        assertThat(untouched.errors()).as("a bad line outside the block matters only to a write").isEmpty();
        assertThat(untouched.changes()).isEmpty();
        assertThat(untouched.notes()).singleElement().asString().contains("line 3: invalid authentication method");
    }

    // --- server settings -------------------------------------------------------------------------

    @Test
    void settingsCompareInTheServersUnits() {
        ServerStates f = seeded();
        f.setting("work_mem", "65536", "kB", "integer", "user");
        f.setting("shared_buffers", "131072", "8kB", "integer", "postmaster");
        assertThat(plan(List.of(setting("work_mem", "64MB", false), setting("shared_buffers", "1GB", false)),
                f.build()).changes()).isEmpty();
        PgWork w = plan(List.of(setting("work_mem", "128MB", false)), f.build());
        assertThat(render(w)).contains("value: 65536kB → 128MB");
        assertThat(sql(w)).containsExactly("ALTER SYSTEM SET \"work_mem\" = '128MB'", "reload the server configuration");
    }

    @Test
    void aSettingThatNeedsARestartWaitsForRestartTrue() {
        ServerStates f = seeded();
        PgWork w = plan(List.of(setting("shared_buffers", "1GB", false)), f.build());
        assertThat(w.changes()).singleElement().extracting(Change::reason).asString()
                .contains("plumb restarts it only with restart: true");
        assertThat(sql(w)).doesNotContain("restart the server (shared_buffers)");
        assertThat(w.notes()).hasSize(1);

        f.setting(new ServerState.Setting("shared_buffers", "16384", Optional.of("8kB"), "integer", "postmaster", true,
                Optional.of("1GB"), true));
        PgWork written = plan(List.of(setting("shared_buffers", "1GB", false)), f.build());
        assertThat(written.changes()).isEmpty();
        assertThat(written.notes()).singleElement().asString().contains("written but takes effect only when");
        PgWork restart = plan(List.of(setting("shared_buffers", "1024MB", true)), f.build());
        assertThat(labels(restart)).containsExactly("↻ postgres/setting shared_buffers");
        assertThat(restart.steps()).containsExactly(new PgStep.Restart("/var/lib/postgresql/15/main",
                "shared_buffers"));

        // Reset: the plan says whether the restart that applies it follows.
        f.setting(new ServerState.Setting("shared_buffers", "131072", Optional.of("8kB"), "integer", "postmaster", false,
                Optional.empty(), true));
        PgWork reset = plan(List.of(new SettingSpec(H, "shared_buffers", Optional.empty(), true, Presence.ABSENT)),
                f.build());
        assertThat(labels(reset)).containsExactly("- postgres/setting shared_buffers");
        assertThat(reset.changes()).singleElement().extracting(Change::reason).asString()
                .contains("needs a server restart, which follows");
        assertThat(reset.steps()).last().isEqualTo(new PgStep.Restart("/var/lib/postgresql/15/main",
                "shared_buffers"));
        PgWork waits = plan(List.of(new SettingSpec(H, "shared_buffers", Optional.empty(), false, Presence.ABSENT)),
                f.build());
        assertThat(waits.changes()).singleElement().extracting(Change::reason).asString()
                .contains("plumb restarts it only with restart: true");
    }

    @Test
    void settingsUnknownFixedOrResetAndSecretValues() {
        ServerStates f = seeded();
        f.setting("block_size", "8192", null, "integer", "internal");
        f.setting(new ServerState.Setting("work_mem", "65536", Optional.of("kB"), "integer", "user", false,
                Optional.empty(), true));
        f.setting("ssl_key_file", "/etc/ssl/a.key", null, "string", "sighup");
        PgWork w = plan(List.of(setting("no_such_thing", "1", false), setting("block_size", "4096", false)),
                f.build());
        assertThat(w.errors()).hasSize(2);
        PgWork reset = plan(List.of(new SettingSpec(H, "work_mem", Optional.empty(), false, Presence.ABSENT)),
                f.build());
        assertThat(labels(reset)).containsExactly("- postgres/setting work_mem");
        assertThat(sql(reset)).containsExactly("ALTER SYSTEM RESET \"work_mem\"", "reload the server configuration");
        SettingSpec secret = new SettingSpec(H, "ssl_key_file", Optional.of(Text.secret(APP_PW)), false,
                Presence.PRESENT);
        PgWork s = plan(List.of(secret), f.build());
        assertThat(sql(s)).first().isEqualTo("ALTER SYSTEM SET \"ssl_key_file\" = (sensitive)");
        assertThat(((PgStep.Sql) s.steps().get(0)).statement().sensitive()).isTrue();
    }

    // --- exclusive -------------------------------------------------------------------------------

    @Test
    void exclusiveRolesAndDatabasesDropWhatIsNotDeclaredButNeverTheAdmin() {
        ServerStates f = seeded();
        f.role(ServerStates.role("stray").build());
        f.role(ServerStates.role("pg_monitor").build());
        f.database("straydb", "stray", true);
        PostgresServer exclusive = new PostgresServer("postgres", Sensitive.of(ADMIN_PW), "postgres",
                Optional.empty(), Optional.empty(), Set.of(PostgresKind.ROLE, PostgresKind.DATABASE));
        PgWork w = PgPlanner.plan(H, exclusive, seed(), f.build(), REDACTOR);
        assertThat(labels(w)).containsExactly("- postgres/database straydb", "- postgres/role stray");
        assertThat(sql(w)).containsExactly("DROP DATABASE \"straydb\"", "DROP ROLE \"stray\"");
    }

    @Test
    void validUntilParsing() {
        assertThat(PgPlanner.validUntil("infinity")).isEmpty();
        assertThat(PgPlanner.validUntil("2030-01-01")).hasValueSatisfying(i -> assertThat(i)
                .hasToString("2030-01-01T00:00:00Z"));
        assertThat(PgPlanner.validUntil("2030-01-01 12:30:00+0200")).hasValueSatisfying(i -> assertThat(i)
                .hasToString("2030-01-01T10:30:00Z"));
        assertThat(PgPlanner.validUntil("2030-01-01T12:30:00.5Z")).hasValueSatisfying(i -> assertThat(i)
                .hasToString("2030-01-01T12:30:00.500Z"));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> PgPlanner.validUntil("next tuesday"))
                .hasMessageContaining("not a date-time");
    }
}
