package dev.plumb.resource.postgres;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import dev.plumb.json.JsonReader;
import dev.plumb.model.Redactor;
import dev.plumb.model.Sensitive;
import dev.plumb.resource.postgres.migrations.Login;
import dev.plumb.resource.postgres.migrations.MigrationException;
import dev.plumb.resource.postgres.migrations.MigrationStatus;
import dev.plumb.resource.postgres.migrations.Migrations;
import dev.plumb.transport.jdbc.PgException;
import dev.plumb.transport.ssh.SshSession;

/**
 * What a failed login can be explained with, read on the server's host as {@code postgres} over
 * the local socket (so it works whatever is wrong with passwords and pg_hba.conf): whether the role
 * and the database exist, the role's stored verifier (compared here, never shown), listen_addresses,
 * the port, pg_hba.conf as the server would read it, and what listens on the port. For
 * {@code plumb verify}'s diagnoses.
 *
 * @param verifier the role's stored password (a SCRAM verifier); empty when none or no role
 */
public record ServerFacts(boolean roleExists, Optional<Sensitive<String>> verifier, boolean databaseExists,
                          String listenAddresses, String port, String hba, List<String> hbaErrors,
                          List<String> listening) {

    /** How the declared password compares with what the server stores. */
    public enum Password { MATCHES, DIFFERS, NONE, NOT_SCRAM, NO_ROLE }

    public ServerFacts {
        hbaErrors = List.copyOf(hbaErrors);
        listening = List.copyOf(listening);
    }

    /**
     * A script that prints, between frame lines {@code @pg} and {@code @ss}, the catalog facts for
     * {@code user} and {@code database} as one JSON line, then the listeners on {@code port}.
     */
    public static String script(String user, String database, int port) {
        String sql = "SELECT json_build_object("
                + "'role', (SELECT json_build_object('password', coalesce(rolpassword, '')) FROM pg_authid"
                + " WHERE rolname = " + Sql.literal(user) + "),"
                + "'database', EXISTS (SELECT FROM pg_database WHERE datname = " + Sql.literal(database) + "),"
                + "'listen_addresses', current_setting('listen_addresses'), 'port', current_setting('port'),"
                + "'hba', pg_read_file(current_setting('hba_file')),"
                + "'hba_errors', (SELECT json_agg(line_number || ': ' || error) FROM pg_hba_file_rules"
                + " WHERE error IS NOT NULL))";
        return "echo @pg\n( " + Bootstrap.psql("postgres", sql) + ") 2>&1 | head -c 1048576\n"
                + "echo\necho @ss\ntimeout 10 ss -ltnH 'sport = :" + port + "' | head -n 50\n";
    }

    /** The facts from the script's output; empty when the catalog could not be read (why on the right). */
    @SuppressWarnings("unchecked")
    public static Optional<ServerFacts> parse(List<String> lines, StringBuilder why) {
        int pg = lines.indexOf("@pg");
        int ss = lines.indexOf("@ss");
        if (pg < 0 || ss < pg) {
            why.append("the server's host printed nothing readable");
            return Optional.empty();
        }
        String json = String.join("\n", lines.subList(pg + 1, ss)).strip();
        List<String> listening = lines.subList(ss + 1, lines.size()).stream().filter(l -> !l.isBlank()).toList();
        Object read;
        try {
            read = JsonReader.read(json);
        } catch (RuntimeException e) {
            why.append("psql as postgres failed: ").append(json.lines().findFirst().orElse("no output"));
            return Optional.empty();
        }
        if (!(read instanceof Map<?, ?> m)) {
            why.append("psql as postgres printed no facts");
            return Optional.empty();
        }
        Map<String, Object> role = m.get("role") instanceof Map<?, ?> r ? (Map<String, Object>) r : null;
        Optional<Sensitive<String>> verifier = role == null ? Optional.empty()
                : Optional.of(String.valueOf(role.get("password"))).filter(s -> !s.isEmpty()).map(Sensitive::of);
        List<String> errors = m.get("hba_errors") instanceof List<?> l ? l.stream().map(String::valueOf).toList()
                : List.of();
        return Optional.of(new ServerFacts(role != null, verifier, Boolean.TRUE.equals(m.get("database")),
                String.valueOf(m.get("listen_addresses")), String.valueOf(m.get("port")),
                m.get("hba") == null ? "" : String.valueOf(m.get("hba")), errors, listening));
    }

    /** The declared password against the stored verifier (computed here; neither is shown). */
    public Password password(Sensitive<String> declared) {
        if (!roleExists) {
            return Password.NO_ROLE;
        }
        if (verifier.isEmpty()) {
            return Password.NONE;
        }
        return Scram.parse(verifier.get().reveal()).map(v -> Scram.matches(declared, v) ? Password.MATCHES
                : Password.DIFFERS).orElse(Password.NOT_SCRAM);
    }

    /**
     * The pg_hba.conf line that decides a TCP connection (no TLS) from {@code address} as
     * {@code user} to {@code database}, as PostgreSQL would: {@code line N: TEXT (why)}, or that
     * none matches.
     */
    public String hbaLine(String user, String database, String address) {
        HbaAccess.Verdict v = HbaAccess.decide(hba, new HbaAccess.Client(user, database, address, false,
                Set.of(user), false));
        if (v instanceof HbaAccess.Admitted a) {
            return "line " + a.line().number() + ": " + a.line().text();
        }
        if (v instanceof HbaAccess.Refused r) {
            return r.line().map(l -> "line " + l.number() + ": " + l.text() + " (" + r.why() + ")")
                    .orElse("no line matches it");
        }
        HbaAccess.Unsure u = (HbaAccess.Unsure) v;
        return "line " + u.line().number() + ": " + u.line().text() + " (" + u.why() + ")";
    }

    /** Whether some line of the file matches the connection at all. */
    public boolean hbaMatches(String user, String database, String address) {
        HbaAccess.Verdict v = HbaAccess.decide(hba, new HbaAccess.Client(user, database, address, false,
                Set.of(user), false));
        return !(v instanceof HbaAccess.Refused r && r.line().isEmpty());
    }

    /**
     * {@code spec}'s migration status, read over {@code ssh} (a forward to the server) as the
     * migrations' user, as plan reads it.
     */
    public static MigrationStatus migrations(String host, SshSession ssh, PostgresServer server, List<RoleSpec> roles,
                                             MigrationSpec spec, Redactor redactor)
            throws PgException, MigrationException {
        try (PgHost pg = PgHost.open(host, ssh, server, redactor)) {
            Login login = Login.of(spec, server, roles);
            var e = pg.link().endpoint();
            return Migrations.read(spec, login.at(e.host(), e.port(), pg.link().security()));
        }
    }
}
