package dev.plumb.resource.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Test;

import dev.plumb.model.Presence;
import dev.plumb.model.Redactor;
import dev.plumb.model.Sensitive;
import dev.plumb.model.Text;

/** The hba planner refuses a pg_hba.conf that would keep plumb's own admin connection out. */
class HbaLockoutTest {
    static final String H = "db1";
    static final String BIND_PW = "bind-Secret-9";
    static final Redactor REDACTOR = Redactor.of(List.of("admin-Secret-7", BIND_PW));
    static final String DEBIAN_IPV4 = "line 12 (host    all             all             127.0.0.1/32            scram-sha-256)";
    static final String ADMIN_RULE = "{type: host, database: postgres, user: postgres, address: 127.0.0.1/32,"
            + " method: scram-sha-256}";

    static PostgresServer server(Optional<String> sslmode, Set<PostgresKind> exclusive) {
        return new PostgresServer("postgres", Sensitive.of("admin-Secret-7"), "postgres", Optional.empty(), sslmode,
                exclusive);
    }

    static HbaRule rule(String name, HbaRule.Type type, String user, Optional<String> address, String method,
                        Map<String, Text> options) {
        return new HbaRule(H, Optional.of(name), type, "all", user, address, method, options, Presence.PRESENT);
    }

    static HbaRule host(String name, String user, String address, String method) {
        return rule(name, HbaRule.Type.HOST, user, Optional.of(address), method, Map.of());
    }

    static final HbaRule ADMIN = host("admin", "postgres", "127.0.0.1/32", "scram-sha-256");
    static final HbaRule DENY_ALL = host("deny-all", "all", "0.0.0.0/0", "reject");

    static PgWork plan(ServerStates facts, PostgresServer server, HbaRule... rules) {
        return PgPlanner.plan(H, server, List.of(rules), facts.build(), REDACTOR);
    }

    static PgWork plan(HbaRule... rules) {
        return plan(ServerStates.fresh(), server(Optional.empty(), Set.of()), rules);
    }

    static void assertWritten(PgWork w) {
        assertThat(w.errors()).isEmpty();
        assertThat(w.steps()).hasAtLeastOneElementOfType(PgStep.HbaWrite.class);
    }

    static void assertRefused(PgWork w, String... parts) {
        assertThat(w.errors()).singleElement().satisfies(e -> assertThat(e).contains(parts)
                .startsWith(ServerStates.HBA_PATH + " would lock plumb out: the admin's connection (")
                .contains("; nothing was changed. Declare a rule that lets it in above any that refuses it, such as {"));
        assertThat(w.steps()).isEmpty();
    }

    @Test
    void exclusiveHbaThatDropsTheAdminsOnlyWayInIsRefused() {
        HbaRule localPeer = rule("local", HbaRule.Type.LOCAL, "all", Optional.empty(), "peer", Map.of());
        Set<PostgresKind> exclusive = Set.of(PostgresKind.HBA);
        assertRefused(plan(ServerStates.fresh(), server(Optional.empty(), exclusive), localPeer),
                "the admin's connection (TCP from 127.0.0.1 without TLS, user postgres, database postgres) would"
                        + " match no line once " + DEBIAN_IPV4 + ", which lets it in now, is gone",
                "such as " + ADMIN_RULE);
        assertWritten(plan(ServerStates.fresh(), server(Optional.empty(), exclusive), localPeer, ADMIN));
    }

    @Test
    void aHostNameIsNotCountedAsTheAdminsWayIn() {
        HbaRule localPeer = rule("local", HbaRule.Type.LOCAL, "all", Optional.empty(), "peer", Map.of());
        Set<PostgresKind> exclusive = Set.of(PostgresKind.HBA);
        assertRefused(plan(ServerStates.fresh(), server(Optional.empty(), exclusive), localPeer,
                        host("by-name", "postgres", "localhost", "scram-sha-256")),
                "would match no line once " + DEBIAN_IPV4 + ", which lets it in now, is gone (line 11,"
                        + " host    all             postgres        localhost               scram-sha-256, may let it"
                        + " in, but it names a host (localhost), and plumb does not ask DNS: plumb does not count on"
                        + " that for its own way in)", "such as " + ADMIN_RULE);
        assertWritten(plan(ServerStates.fresh(), server(Optional.empty(), exclusive), localPeer,
                host("by-name", "postgres", "localhost", "scram-sha-256"), ADMIN));
        assertWritten(plan(host("same-host", "postgres", "samehost", "scram-sha-256")));
        assertThat(plan(ServerStates.fresh(), server(Optional.empty(), exclusive), localPeer,
                host("same-host", "postgres", "samehost", "scram-sha-256")).errors())
                .as("samehost holds 127.0.0.1, the tunnel's address").isEmpty();
    }

    @Test
    void aDeclaredRejectAboveTheAdminsRuleIsRefusedByName() {
        assertRefused(plan(DENY_ALL), "would first match hba rule deny-all at line 9 (host    all             all"
                + "             0.0.0.0/0               reject), which keeps it out: its method is reject");
        assertWritten(plan(ADMIN, DENY_ALL));
        assertWritten(plan(host("deny-remote", "all", "10.0.0.0/8", "reject")));
    }

    @Test
    void theSessionThatReadTheFactsIsTheConnectionChecked() {
        HbaRule noTls = rule("tls-only", HbaRule.Type.HOSTNOSSL, "all", Optional.of("0.0.0.0/0"), "reject", Map.of());
        ServerStates overTls = ServerStates.fresh();
        overTls.session = Optional.of(new ServerState.Session("127.0.0.1", true));
        assertWritten(plan(overTls, server(Optional.of("require"), Set.of()), noTls));
        ServerStates plain = ServerStates.fresh();
        plain.session = Optional.of(new ServerState.Session("127.0.0.1", false));
        assertRefused(plan(plain, server(Optional.empty(), Set.of()), noTls),
                "(TCP from 127.0.0.1 without TLS, user postgres, database postgres) would first match hba rule tls-only");

        HbaRule tls = rule("no-tls", HbaRule.Type.HOSTSSL, "all", Optional.of("0.0.0.0/0"), "reject", Map.of());
        assertWritten(plan(ServerStates.fresh(), server(Optional.of("disable"), Set.of()), tls));
        assertRefused(plan(ServerStates.fresh(), server(Optional.of("prefer"), Set.of()), tls),
                "(TCP from 127.0.0.1 over TLS, user postgres, database postgres) would first match hba rule no-tls",
                "such as {type: hostssl, ");

        ServerStates elsewhere = ServerStates.fresh();
        elsewhere.session = Optional.of(new ServerState.Session("::1", false));
        assertRefused(plan(elsewhere, server(Optional.empty(), Set.of()), host("v6", "all", "::1/128", "reject")),
                "(TCP from ::1 without TLS", "address: ::1/128");
    }

    @Test
    void theAdminsGroupsCount() {
        HbaRule denyOps = host("deny-ops", "+ops", "0.0.0.0/0", "reject");
        assertWritten(plan(denyOps));
        ServerStates member = ServerStates.fresh();
        member.role(ServerStates.role("postgres").superuser(true).login(true).member("staff", "postgres").build());
        member.role(ServerStates.role("staff").member("ops", "postgres").build());
        member.role(ServerStates.role("ops").build());
        assertRefused(plan(member, server(Optional.empty(), Set.of()), denyOps), "hba rule deny-ops");
    }

    @Test
    void aLineShownInTheRefusalHasItsSecretsMasked() {
        HbaRule ldap = rule("ldap", HbaRule.Type.HOST, "all", Optional.of("0.0.0.0/0"), "ldap",
                Map.of("ldapbindpasswd", Text.secret(BIND_PW)));
        PgWork w = plan(ldap);
        assertRefused(w, "hba rule ldap", "ldapbindpasswd=(sensitive)",
                "method ldap has the password sent in clear text, which plumb does not do unless"
                        + " allow_cleartext_password: true");
        assertThat(w.errors().get(0)).doesNotContain(BIND_PW);
    }

    @Test
    void aFileChangedByHandIsCheckedBeforeItIsReloaded() {
        ServerStates f = ServerStates.fresh();
        f.hba(ServerStates.DEBIAN_HBA.replace("# IPv4 local connections:", "host all postgres 127.0.0.1/32 reject"));
        f.hba = f.hba.map(h -> new ServerState.Hba(h.path(), h.content(), h.sha256(), List.of(), false));
        PgWork w = plan(f, server(Optional.empty(), Set.of()), host("app", "app", "10.0.0.0/8", "scram-sha-256"));
        assertThat(w.errors()).singleElement().satisfies(e -> assertThat(e)
                .contains("would first match line 15 (host all postgres 127.0.0.1/32 reject)"));
        assertThat(w.steps()).isEmpty();
    }

    @Test
    void whatPlumbCannotJudgeIsANoteAndTheAfterReloadCheckDecides() {
        ServerStates f = ServerStates.fresh();
        f.hba(ServerStates.DEBIAN_HBA.replace("# IPv4 local connections:", "host all all db.example.com reject"));
        PgWork w = plan(f, server(Optional.empty(), Set.of()), host("app", "app", "10.0.0.0/8", "scram-sha-256"));
        assertWritten(w);
        assertThat(w.notes()).singleElement().satisfies(n -> assertThat(n).isEqualTo(ServerStates.HBA_PATH
                + ": whether the admin's connection (TCP from 127.0.0.1 without TLS, user postgres, database postgres)"
                + " is let in depends on line 15 (host all all db.example.com reject): it names a host"
                + " (db.example.com), and plumb does not ask DNS; after the reload plumb logs in anew and puts the old"
                + " file back if it cannot"));
    }
}
