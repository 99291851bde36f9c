package dev.plumb.check;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.plumb.model.Sensitive;
import dev.plumb.resource.postgres.HbaRule;
import dev.plumb.resource.postgres.ServerFacts;
import dev.plumb.resource.postgres.migrations.Migration;
import dev.plumb.resource.postgres.migrations.MigrationStatus;

/**
 * The seed guide's "common causes" of a failed database login or query, recognised in an error
 * text (a psql error, a traceback in the app's journal) and explained from the server's side with
 * what plumb reads there ({@link ServerFacts}, migration status). Pure.
 */
final class DbCauses {
    private DbCauses() {}

    enum Cause { PASSWORD, NO_HBA, NO_DATABASE, NO_ROLE, NO_RELATION, REFUSED, TIMEOUT }

    /** A cause recognised in a text, with the name or address it quotes. */
    record Found(Cause cause, String quoted, String line) {}

    private static final List<Pattern> PATTERNS = List.of(
            Pattern.compile("password authentication failed for user \"([^\"]*)\""),
            Pattern.compile("no pg_hba\\.conf entry for host \"([^\"]*)\"[^\\n]*"),
            Pattern.compile("database \"([^\"]*)\" does not exist"),
            Pattern.compile("role \"([^\"]*)\" does not exist"),
            Pattern.compile("relation \"([^\"]*)\" does not exist"),
            Pattern.compile("[Cc]onnection refused"),
            Pattern.compile("timeout expired|[Cc]onnection timed out"));

    static Optional<Found> find(String text) {
        for (int i = 0; i < PATTERNS.size(); i++) {
            Matcher m = PATTERNS.get(i).matcher(text);
            if (m.find()) {
                return Optional.of(new Found(Cause.values()[i], m.groupCount() > 0 ? m.group(1) : "",
                        lineOf(text, m.start())));
            }
        }
        return Optional.empty();
    }

    private static String lineOf(String text, int at) {
        int s = text.lastIndexOf('\n', at) + 1;
        int e = text.indexOf('\n', at);
        String l = text.substring(s, e < 0 ? text.length() : e).strip();
        return l.length() > 300 ? l.substring(0, 300) + "…" : l;
    }

    /** Whether explaining {@code f} needs the server's migration status. */
    static boolean needsMigrations(Found f) {
        return f.cause() == Cause.NO_RELATION;
    }

    /**
     * @param facts    the server's facts, or empty with {@code why} they could not be read
     * @param status   the migration status of the URL's database, when read
     * @param from     the address the client connects from, as the host's route says
     */
    static Diagnosis explain(Found f, Database db, Optional<ServerFacts> facts, String why,
                             Optional<MigrationStatus> status, String from) {
        Dsn d = db.dsn();
        String server = db.server().map(ServerSide::host).orElse(d.host());
        List<String> detail = new ArrayList<>(List.of("seen: " + f.line()));
        if (facts.isEmpty() && f.cause() != Cause.TIMEOUT && f.cause() != Cause.NO_RELATION) {
            detail.add("could not read " + server + "'s catalog: " + why);
        }
        switch (f.cause()) {
            case PASSWORD -> {
                if (facts.isPresent() && d.password().isPresent()) {
                    Sensitive<String> declared = db.server().flatMap(s -> s.role(d.user()))
                            .flatMap(r -> r.password()).orElse(d.password().get());
                    ServerFacts.Password p = facts.get().password(declared);
                    String hba = facts.get().hbaLine(d.user(), d.database(), from);
                    switch (p) {
                        case DIFFERS -> {
                            return new Diagnosis("role " + d.user() + "'s password on " + server
                                    + " differs from the declared one (its stored SCRAM verifier does not match"
                                    + " the declared password)", "plumb drift shows it; plumb apply sets the"
                                    + " declared password again", detail);
                        }
                        case NONE -> {
                            return new Diagnosis("role " + d.user() + " has no password on " + server,
                                    "plumb apply sets the declared password", detail);
                        }
                        case NOT_SCRAM -> {
                            detail.add("pg_hba.conf " + hba);
                            return new Diagnosis("role " + d.user() + "'s password on " + server
                                    + " is stored as MD5, not SCRAM, which a scram-sha-256 rule cannot check",
                                    "plumb apply stores the declared password as a SCRAM verifier", detail);
                        }
                        case NO_ROLE -> {
                            return new Diagnosis("role " + d.user() + " does not exist on " + server,
                                    "declare it under postgres: roles: and plumb apply", detail);
                        }
                        case MATCHES -> {
                            detail.add("pg_hba.conf " + hba);
                            return new Diagnosis("the password is right, but pg_hba's method for this connection"
                                    + " does not accept it (the line below decides it)", "make that rule"
                                    + " scram-sha-256 (or declare it under hba:) and reload PostgreSQL", detail);
                        }
                    }
                }
                return new Diagnosis("the password in DATABASE_URL is not the role's, or pg_hba's method does"
                        + " not match", "compare the role's password with the declared one: plumb drift", detail);
            }
            case NO_HBA -> {
                String client = f.quoted().isEmpty() ? from : f.quoted();
                Optional<HbaRule> declared = db.server().stream().flatMap(s -> s.hba().stream())
                        .filter(r -> covers(r, d, client)).findFirst();
                String rule = "host " + d.database() + " " + d.user() + " " + client + "/32 scram-sha-256";
                facts.ifPresent(x -> detail.add("pg_hba.conf on " + server + ": " + x.hbaLine(d.user(), d.database(),
                        client)));
                return declared.map(r -> new Diagnosis("pg_hba.conf on " + server + " has no rule for " + d.user()
                        + " to " + d.database() + " from " + client + ": the declared rule "
                        + r.type().keyword() + " " + r.database() + " " + r.user() + " "
                        + r.clientAddress().orElse("") + " " + r.method() + " is missing from it",
                        "plumb apply writes it back and reloads PostgreSQL", detail))
                        .orElseGet(() -> new Diagnosis("no pg_hba.conf rule on " + server + " lets " + d.user()
                                + " connect to " + d.database() + " from " + client + " (missing: " + rule + ")",
                                "declare it under hba: {type: host, database: " + d.database() + ", user: " + d.user()
                                        + ", address: " + client + "/32, method: scram-sha-256} and plumb apply",
                                detail));
            }
            case NO_DATABASE -> {
                return new Diagnosis("database " + f.quoted() + " does not exist on " + server,
                        "declare it under postgres: databases: (or fix DATABASE_URL) and plumb apply", detail);
            }
            case NO_ROLE -> {
                return new Diagnosis("role " + f.quoted() + " does not exist on " + server,
                        "declare it under postgres: roles: (or fix DATABASE_URL) and plumb apply", detail);
            }
            case NO_RELATION -> {
                List<String> pending = status.map(s -> s.pending().stream().map(Migration::script).toList())
                        .orElse(List.of());
                if (status.isPresent()) {
                    detail.add("pending on " + server + "/" + d.database() + ": "
                            + (pending.isEmpty() ? "none" : String.join(", ", pending)));
                    status.get().problems().forEach(p -> detail.add("migrations: " + p.message()));
                }
                return new Diagnosis("table " + f.quoted() + " is missing: the migrations of " + d.database() + " on "
                        + server + " are not applied" + (pending.isEmpty() ? "" : " (" + pending.size() + " pending)"),
                        "plumb apply runs the pending migrations (plumb plan lists them)", detail);
            }
            case REFUSED -> {
                facts.ifPresent(x -> {
                    detail.add("listen_addresses = '" + x.listenAddresses() + "', port " + x.port());
                    detail.add("ss -ltn on " + server + ": " + (x.listening().isEmpty() ? "nothing on port " + d.port()
                            : String.join("; ", x.listening().stream().map(l -> l.trim().replaceAll("\\s+", " "))
                            .toList())));
                });
                return new Diagnosis(facts.isPresent() ? "PostgreSQL on " + server + " is not listening on " + d.host()
                        + ":" + d.port() + " (listen_addresses = '" + facts.get().listenAddresses() + "')"
                        : "nothing accepts connections on " + d.host() + ":" + d.port() + " (is PostgreSQL running?)",
                        "set listen_addresses to include " + d.host() + " (or '*'): declare it under postgres:"
                                + " settings: with restart: true and plumb apply", detail);
            }
            default -> {
                return new Diagnosis("no answer from " + d.host() + ":" + d.port()
                        + ": a firewall or the network drops the connection", "allow " + (from.isEmpty() ? "this host"
                        : from) + " to reach " + d.host() + ":" + d.port() + " and check listen_addresses", detail);
            }
        }
    }

    /** Whether a declared host rule would let this client in by its database, user and address. */
    private static boolean covers(HbaRule r, Dsn d, String client) {
        boolean db = r.database().equals("all") || List.of(r.database().split(",")).contains(d.database());
        boolean user = r.user().equals("all") || List.of(r.user().split(",")).contains(d.user());
        return r.type() != HbaRule.Type.LOCAL && db && user && r.clientAddress().map(a -> inNet(client, a))
                .orElse(false);
    }

    static boolean inNet(String ip, String cidr) {
        if (cidr.equals("all")) {
            return true;
        }
        String[] parts = cidr.split("/");
        long[] a = v4(ip);
        long[] n = v4(parts[0]);
        if (a == null || n == null) {
            return false;
        }
        int bits = parts.length > 1 ? Integer.parseInt(parts[1]) : 32;
        long mask = bits == 0 ? 0 : (0xffffffffL << (32 - bits)) & 0xffffffffL;
        return (a[0] & mask) == (n[0] & mask);
    }

    private static long[] v4(String s) {
        String[] p = s.split("\\.");
        if (p.length != 4) {
            return null;
        }
        long v = 0;
        for (String x : p) {
            if (!x.matches("\\d{1,3}")) {
                return null;
            }
            v = (v << 8) | Integer.parseInt(x);
        }
        return new long[] {v};
    }
}
