package dev.plumb.resource.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Test;

import dev.plumb.resource.postgres.HbaAccess.Admitted;
import dev.plumb.resource.postgres.HbaAccess.Client;
import dev.plumb.resource.postgres.HbaAccess.Line;
import dev.plumb.resource.postgres.HbaAccess.Refused;
import dev.plumb.resource.postgres.HbaAccess.Unsure;
import dev.plumb.resource.postgres.HbaAccess.Verdict;

/** Which pg_hba.conf record decides a connection, as PostgreSQL 15 reads the file. */
class HbaAccessTest {
    /** plumb's admin through the SSH tunnel: user postgres, database postgres, from 127.0.0.1, no TLS. */
    static final Client ADMIN = new Client("postgres", "postgres", "127.0.0.1", false, Set.of("postgres"), false);

    static Verdict decide(String content) {
        return HbaAccess.decide(content, ADMIN);
    }

    static Client admin(String address, boolean ssl) {
        return new Client("postgres", "postgres", address, ssl, Set.of("postgres"), false);
    }

    /** The line (number: text) that decides, or "refused: why" / "unsure: number: why". */
    static String decided(Verdict v) {
        if (v instanceof Admitted a) {
            return a.line().number() + ": " + a.line().text();
        }
        if (v instanceof Refused r) {
            return "refused " + r.line().map(l -> l.number() + ": " + l.text()).orElse("(no line)") + " -- " + r.why();
        }
        Unsure u = (Unsure) v;
        return "unsure " + u.line().number() + ": " + u.why();
    }

    @Test
    void debiansDefaultFileLetsTheAdminInByItsIpv4LocalRule() {
        Verdict v = decide(ServerStates.DEBIAN_HBA);
        assertThat(v).isEqualTo(new Admitted(new Line(12, "host    all             all             127.0.0.1/32"
                + "            scram-sha-256")));
        assertThat(decided(HbaAccess.decide(ServerStates.DEBIAN_HBA, admin("::1", false))))
                .isEqualTo("14: host    all             all             ::1/128                 scram-sha-256");
    }

    @Test
    void theFirstMatchingRecordDecides() {
        assertThat(decided(decide("""
                host all all 0.0.0.0/0 reject
                host all all 127.0.0.1/32 scram-sha-256
                """))).isEqualTo("refused 1: host all all 0.0.0.0/0 reject -- its method is reject");
        assertThat(decided(decide("""
                host all all 127.0.0.1/32 scram-sha-256
                host all all 0.0.0.0/0 reject
                """))).isEqualTo("1: host all all 127.0.0.1/32 scram-sha-256");
        assertThat(decided(decide("local all postgres peer\n"))).isEqualTo("refused (no line) -- no record matches it");
        assertThat(decided(decide(""))).isEqualTo("refused (no line) -- no record matches it");
    }

    @Test
    void connectionTypes() {
        String ssl = "hostssl all all 127.0.0.1/32 reject\nhost all all 127.0.0.1/32 md5\n";
        assertThat(decided(HbaAccess.decide(ssl, admin("127.0.0.1", false)))).startsWith("2: ");
        assertThat(decided(HbaAccess.decide(ssl, admin("127.0.0.1", true)))).startsWith("refused 1: ");
        String nossl = "hostnossl all all 127.0.0.1/32 reject\nhost all all 127.0.0.1/32 md5\n";
        assertThat(decided(HbaAccess.decide(nossl, admin("127.0.0.1", false)))).startsWith("refused 1: ");
        assertThat(decided(HbaAccess.decide(nossl, admin("127.0.0.1", true)))).startsWith("2: ");
        assertThat(decided(decide("hostgssenc all all 0.0.0.0/0 reject\nhostnogssenc all all 0.0.0.0/0 trust\n")))
                .as("plumb never uses GSS encryption").startsWith("2: ");
        assertThat(decided(decide("local all all reject\nhost all all all md5\n"))).startsWith("2: ");
    }

    @Test
    void databaseFieldKeywordsListsAndQuotes() {
        String tail = " all 127.0.0.1/32 reject\nhost all all 127.0.0.1/32 md5\n";
        assertThat(decided(decide("host app,postgres" + tail))).startsWith("refused 1");
        assertThat(decided(decide("host app, postgres" + tail))).as("blanks after a comma").startsWith("refused 1");
        assertThat(decided(decide("host app" + tail))).startsWith("2: ");
        assertThat(decided(decide("host sameuser" + tail))).startsWith("refused 1");
        assertThat(decided(HbaAccess.decide("host sameuser" + tail,
                new Client("postgres", "app", "127.0.0.1", false, Set.of("postgres"), false)))).startsWith("2: ");
        assertThat(decided(decide("host samerole" + tail))).as("a role is a member of itself").startsWith("refused 1");
        assertThat(decided(HbaAccess.decide("host samerole" + tail,
                new Client("postgres", "ops", "127.0.0.1", false, Set.of("postgres", "ops"), false))))
                .startsWith("refused 1");
        assertThat(decided(decide("host replication" + tail))).as("only replication connections").startsWith("2: ");
        assertThat(decided(decide("host \"all\"" + tail))).as("a quoted keyword is a name").startsWith("2: ");
        assertThat(decided(decide("host \"postgres\"" + tail))).startsWith("refused 1");
        assertThat(decided(decide("host @dbs.txt" + tail))).isEqualTo("unsure 1: it names roles or databases by a file"
                + " or a regular expression (@dbs.txt), which plumb does not read");
    }

    @Test
    void userFieldGroupsAndQuotes() {
        String head = "host all ";
        String tail = " 127.0.0.1/32 reject\nhost all all 127.0.0.1/32 md5\n";
        Client member = new Client("postgres", "postgres", "127.0.0.1", false, Set.of("postgres", "admins"), false);
        assertThat(decided(HbaAccess.decide(head + "+admins" + tail, member))).startsWith("refused 1");
        assertThat(decided(decide(head + "+admins" + tail))).startsWith("2: ");
        assertThat(decided(decide(head + "app,postgres" + tail))).startsWith("refused 1");
        assertThat(decided(decide(head + "Postgres" + tail))).as("names are case-sensitive").startsWith("2: ");
        assertThat(decided(decide(head + "\"all\"" + tail))).startsWith("2: ");
        assertThat(decided(decide(head + "\"post\"\"gres\"" + tail))).as("\"\" is a quote").startsWith("2: ");
    }

    @Test
    void addresses() {
        String tail = " reject\nhost all all all md5\n";
        assertThat(decided(decide("host all all 127.0.0.0/8" + tail))).startsWith("refused 1");
        assertThat(decided(decide("host all all 10.0.0.0/8" + tail))).startsWith("2: ");
        assertThat(decided(decide("host all all 0.0.0.0/0" + tail))).startsWith("refused 1");
        assertThat(decided(decide("host all all 127.0.0.1 255.255.255.255" + tail))).as("address and mask")
                .startsWith("refused 1");
        assertThat(decided(decide("host all all 127.0.0.2 255.255.255.255" + tail))).startsWith("2: ");
        assertThat(decided(decide("host all all ::1/128" + tail))).as("another family").startsWith("2: ");
        assertThat(decided(decide("host all all ::/0" + tail))).startsWith("2: ");
        assertThat(decided(HbaAccess.decide("host all all ::1/128" + tail, admin("::1", false))))
                .startsWith("refused 1");
        assertThat(decided(HbaAccess.decide("host all all fd00::/8" + tail, admin("fd00::5", false))))
                .startsWith("refused 1");
        assertThat(decided(decide("host all all samehost" + tail))).startsWith("refused 1");
        assertThat(decided(decide("host all all samenet" + tail))).startsWith("refused 1");
        assertThat(decided(HbaAccess.decide("host all all samenet" + tail, admin("198.18.0.1", false))))
                .isEqualTo("unsure 1: samenet depends on the server's own addresses");
        assertThat(decided(decide("host all all localhost" + tail)))
                .isEqualTo("unsure 1: it names a host (localhost), and plumb does not ask DNS");
        assertThat(decided(decide("host all all \"samehost\"" + tail))).as("a quoted keyword is a host name")
                .startsWith("unsure 1: it names a host (samehost)");
    }

    @Test
    void hostNamesAndKeywordsLeanTheSafeWay() {
        for (String name : new String[] {"localhost", ".example.test", "db.example.test"}) {
            assertThat(decided(decide("host all postgres " + name + " scram-sha-256\n")))
                    .as("%s alone is no way in", name).startsWith("refused (no line) -- no record matches it (line 1, ")
                    .endsWith("plumb does not count on that for its own way in)");
            assertThat(decided(decide("host all postgres " + name + " scram-sha-256\nhost all all 127.0.0.1/32 md5\n")))
                    .as("%s before a sure way in", name).startsWith("2: ");
            assertThat(decided(decide("host all postgres " + name + " reject\nhost all all 127.0.0.1/32 md5\n")))
                    .as("%s may refuse: checked again after the reload", name).startsWith("unsure 1: it names a host");
            assertThat(decided(decide("host all app " + name + " reject\nhost all all 127.0.0.1/32 md5\n")))
                    .as("another user's host name rule does not matter").startsWith("2: ");
        }
        assertThat(decided(decide("host all postgres samehost md5\n"))).as("loopback is the server's own")
                .startsWith("1: ");
        assertThat(decided(decide("host all postgres samenet md5\n"))).startsWith("1: ");
        assertThat(decided(decide("host all postgres all md5\n"))).startsWith("1: ");
        assertThat(decided(HbaAccess.decide("host all postgres samenet md5\n", admin("198.18.0.1", false))))
                .startsWith("refused (no line) -- no record matches it (line 1, host all postgres samenet md5, may let"
                        + " it in, but samenet depends on the server's own addresses:");
        assertThat(decided(decide("host all postgres 127.0.0.1 255.255.255.255 md5\n"))).startsWith("1: ");
    }

    @Test
    void linesCompareAsTheServerReadsThem() {
        assertThat(HbaAccess.canonical("host  all   all   10.0.0.1/32   md5"))
                .isEqualTo(HbaAccess.canonical("host all all 10.0.0.1 255.255.255.255 md5"));
        assertThat(HbaAccess.canonical("host all all ::1/128 md5"))
                .isEqualTo(HbaAccess.canonical("host all all 0:0:0:0:0:0:0:1/128 md5"));
        assertThat(HbaAccess.canonical("host all all DB.Example.TEST md5"))
                .isEqualTo(HbaAccess.canonical("host\tall all db.example.test md5"));
        assertThat(HbaAccess.canonical("host all all .Example.test md5")).isEqualTo("host all all .example.test md5");
        assertThat(HbaAccess.canonical("host all all 10.0.0.1/32 md5"))
                .isNotEqualTo(HbaAccess.canonical("host all all 10.0.0.2/32 md5"));
        assertThat(HbaAccess.canonical("host \"all\" all samehost md5")).as("a quoted keyword is a name")
                .isNotEqualTo(HbaAccess.canonical("host all all samehost md5"));
        assertThat(HbaAccess.canonical("host all all samehost md5")).isEqualTo("host all all samehost md5");
        assertThat(HbaAccess.canonical("local all all peer")).isEqualTo("local all all peer");
    }

    @Test
    void methodsPlumbCanAndCannotLogInWith() {
        for (String ok : new String[] {"trust", "md5", "scram-sha-256"}) {
            assertThat(decide("host all all 127.0.0.1/32 " + ok + "\n")).isInstanceOf(Admitted.class);
        }
        assertThat(decided(decide("host all all 127.0.0.1/32 password\n"))).isEqualTo("refused 1: host all all"
                + " 127.0.0.1/32 password -- method password has the password sent in clear text, which plumb does"
                + " not do unless allow_cleartext_password: true");
        Client cleartext = new Client("postgres", "postgres", "127.0.0.1", false, Set.of("postgres"), true);
        assertThat(HbaAccess.decide("host all all 127.0.0.1/32 password\n", cleartext)).isInstanceOf(Admitted.class);
        assertThat(HbaAccess.decide("host all all 127.0.0.1/32 ldap ldapserver=ldap.example.com\n", cleartext))
                .isInstanceOf(Admitted.class);
        assertThat(decided(decide("host all all 127.0.0.1/32 cert\n"))).endsWith("method cert needs a client"
                + " certificate, and plumb presents none");
        assertThat(decided(decide("host all all 127.0.0.1/32 scram-sha-256 clientcert=verify-full\n")))
                .endsWith("it asks for a client certificate (clientcert), and plumb presents none");
        assertThat(decided(decide("host all all 127.0.0.1/32 ident\n"))).endsWith("plumb cannot log in with"
                + " method ident");
    }

    @Test
    void theFileIsReadAsTheServerReadsIt() {
        assertThat(decided(decide("""
                # host all all 127.0.0.1/32 reject
                host all all 127.0.0.1/32 reject # host all all 127.0.0.1/32 trust
                """))).isEqualTo("refused 2: host all all 127.0.0.1/32 reject # host all all 127.0.0.1/32 trust"
                + " -- its method is reject");
        assertThat(decided(decide("""
                host all \\
                    all 127.0.0.1/32 \\
                    reject
                host all all 127.0.0.1/32 md5
                """))).as("a backslash continues a record; its first line names it")
                .startsWith("refused 1: host all     all 127.0.0.1/32     reject");
        assertThat(decided(decide("""
                # a comment that ends in a backslash swallows the next line \\
                host all all 127.0.0.1/32 reject
                host all all 127.0.0.1/32 md5
                """))).startsWith("3: ");
        assertThat(decided(decide("host \"my # db\",postgres all 127.0.0.1/32 reject\n"))).as("# inside quotes")
                .startsWith("refused 1");
        assertThat(decided(decide("host\tall\tall\t127.0.0.1/32\treject\r\n"))).startsWith("refused 1");
    }

    @Test
    void whatPlumbCannotEvaluateMakesTheAnswerUnsureOnlyWhereItMatters() {
        assertThat(decided(decide("""
                host all all db.example.com reject
                host all all 127.0.0.1/32 md5
                """))).as("may refuse before a sure admit").startsWith("unsure 1: it names a host (db.example.com)");
        assertThat(decided(decide("""
                host all all db.example.com md5
                host all all 127.0.0.1/32 reject
                """))).as("a host name that may admit is not counted as a way in").isEqualTo("refused 2: host all all"
                + " 127.0.0.1/32 reject -- its method is reject (line 1, host all all db.example.com md5, may let it in,"
                + " but it names a host (db.example.com), and plumb does not ask DNS: plumb does not count on that"
                + " for its own way in)");
        assertThat(decided(decide("""
                host all @admins 127.0.0.1/32 md5
                host all all 127.0.0.1/32 reject
                """))).as("a file of names may admit: unsure, checked after the reload").startsWith("unsure 1: ");
        assertThat(decided(decide("""
                host all all 127.0.0.1/32 md5
                host all all db.example.com reject
                """))).as("after the deciding record nothing matters").startsWith("1: ");
        assertThat(decided(decide("""
                host all all db.example.com reject
                """))).as("may refuse, else nothing matches: out either way").startsWith("refused (no line)");
        assertThat(decided(decide("include_dir conf.d\nhost all all 127.0.0.1/32 md5\n")))
                .isEqualTo("unsure 1: the server reads the records it includes; plumb does not");
        assertThat(decided(decide("host all\n"))).as("a record the server would reject")
                .isEqualTo("refused (no line) -- no record matches it");
        assertThat(decided(decide("host all\nhost all all 127.0.0.1/32 md5\n")))
                .isEqualTo("unsure 1: plumb cannot read it as PostgreSQL 15 would");
        assertThat(HbaAccess.decide("host all all 127.0.0.1/32 md5\n", admin("not-an-address", false)))
                .as("an address plumb cannot read").isInstanceOf(Unsure.class);
        assertThat(((Refused) decide("local all all peer\n")).line()).isEqualTo(Optional.empty());
    }
}
