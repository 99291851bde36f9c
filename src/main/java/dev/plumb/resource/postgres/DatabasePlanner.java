package dev.plumb.resource.postgres;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import dev.plumb.model.Presence;
import dev.plumb.model.ResourceAddress;
import dev.plumb.plan.Action;
import dev.plumb.plan.Attr;
import dev.plumb.plan.Change;
import dev.plumb.resource.postgres.PlanState.Phase;

/**
 * Databases: created (from template0 when the declared encoding or locale differs from
 * template1's), owner and connection limit altered, dropped (declared absent, or undeclared with
 * exclusive databases) as deletions in {@link Phase#DATABASES}. Never recreates one: an
 * encoding or locale that differs from an existing database's is an error. Records each created
 * database's template in the {@link PlanState}, for the schemas it will hold.
 */
final class DatabasePlanner {
    private final PlanState s;

    DatabasePlanner(PlanState s) {
        this.s = s;
    }

    /** Every declared database, then the drops of exclusive databases. */
    void plan() {
        s.declared().databases().forEach(this::database);
        exclusive();
    }

    private void database(DatabaseSpec spec) {
        ServerState.Database live = s.facts().databases().get(spec.name());
        String name = Sql.ident(spec.name());
        if (spec.state() == Presence.ABSENT) {
            if (live != null) {
                drop(spec.name(), spec.force(), spec.address(), Optional.empty());
            }
            return;
        }
        spec.owner().filter(o -> !s.roleAfter(o)).ifPresent(o -> s.error("database " + s.r(spec.name())
                + ": owner " + s.r(o) + " does not exist and is not declared"));
        if (live == null) {
            create(spec, name);
            return;
        }
        List<String> problems = new ArrayList<>();
        spec.encoding().filter(e -> !sameEncoding(e, live.encoding()))
                .ifPresent(e -> problems.add("encoding is " + live.encoding() + ", declared " + e));
        spec.lcCollate().filter(c -> !sameLocale(c, live.collate()))
                .ifPresent(c -> problems.add("lc_collate is " + live.collate() + ", declared " + c));
        spec.lcCtype().filter(c -> !sameLocale(c, live.ctype()))
                .ifPresent(c -> problems.add("lc_ctype is " + live.ctype() + ", declared " + c));
        if (!problems.isEmpty()) {
            s.error(s.r("database " + spec.name() + ": " + String.join("; ", problems)
                    + ". PostgreSQL cannot change the encoding or locale of an existing database, and plumb never"
                    + " drops one to recreate it: dump it, drop it, and let plumb create it again, or declare"
                    + " what it has"));
            return;
        }
        List<Attr> attrs = new ArrayList<>();
        spec.owner().filter(o -> !o.equals(live.owner())).ifPresent(o -> {
            attrs.add(s.attr("owner", live.owner(), o));
            s.sql(Phase.DATABASES, s.adminDb(), "ALTER DATABASE " + name + " OWNER TO " + Sql.ident(o), true);
        });
        spec.connectionLimit().filter(n -> n != live.connectionLimit()).ifPresent(n -> {
            attrs.add(s.attr("connection_limit", String.valueOf(live.connectionLimit()), String.valueOf(n)));
            s.sql(Phase.DATABASES, s.adminDb(), "ALTER DATABASE " + name + " WITH CONNECTION LIMIT " + n, true);
        });
        if (!attrs.isEmpty()) {
            s.change(Phase.DATABASES, Change.of(spec.address(), Action.UPDATE, attrs));
        }
    }

    private void create(DatabaseSpec spec, String name) {
        List<Attr> attrs = new ArrayList<>();
        StringBuilder sql = new StringBuilder("CREATE DATABASE ").append(name);
        spec.owner().ifPresent(o -> {
            sql.append(" OWNER ").append(Sql.ident(o));
            attrs.add(s.attr("owner", null, o));
        });
        String template = spec.template().orElse("template1");
        ServerState.Database t = s.facts().databases().get(template);
        Optional<String> reason = Optional.empty();
        if (t == null) {
            s.error("database " + s.r(spec.name()) + ": template " + s.r(template) + " does not exist");
            return;
        }
        if (spec.template().isEmpty() && (spec.encoding().filter(e -> !sameEncoding(e, t.encoding())).isPresent()
                || spec.lcCollate().filter(c -> !sameLocale(c, t.collate())).isPresent()
                || spec.lcCtype().filter(c -> !sameLocale(c, t.ctype())).isPresent())) {
            // template1 can only be copied with its own encoding and locale; template0 with any.
            template = "template0";
            reason = Optional.of("template0, since template1 has encoding " + t.encoding() + " and locale "
                    + t.collate());
        }
        s.createdFrom(spec.name(), template);
        if (spec.template().isPresent() || reason.isPresent()) {
            sql.append(" TEMPLATE ").append(Sql.ident(template));
            attrs.add(s.attr("template", null, template));
        }
        spec.encoding().ifPresent(e -> {
            sql.append(" ENCODING ").append(Sql.literal(e));
            attrs.add(s.attr("encoding", null, e));
        });
        spec.lcCollate().ifPresent(c -> {
            sql.append(" LC_COLLATE ").append(Sql.literal(c));
            attrs.add(s.attr("lc_collate", null, c));
        });
        spec.lcCtype().ifPresent(c -> {
            sql.append(" LC_CTYPE ").append(Sql.literal(c));
            attrs.add(s.attr("lc_ctype", null, c));
        });
        spec.connectionLimit().filter(n -> n != -1).ifPresent(n -> {
            sql.append(" CONNECTION LIMIT ").append(n);
            attrs.add(s.attr("connection_limit", null, String.valueOf(n)));
        });
        s.sql(Phase.DATABASES, s.adminDb(), sql.toString(), false);
        Change c = Change.of(spec.address(), Action.CREATE, attrs);
        s.change(Phase.DATABASES, reason.map(x -> c.withReason(s.r(x))).orElse(c));
    }

    /** Drops a live database, unless it is the admin's or has connections without force. */
    private void drop(String db, boolean force, ResourceAddress address, Optional<String> reason) {
        ServerState.Database live = s.facts().databases().get(db);
        if (db.equals(s.adminDb())) {
            s.error("database " + s.r(db) + ": plumb connects to it as admin and cannot drop it");
            return;
        }
        if (live.connections() > 0 && !force) {
            s.error("database " + s.r(db) + " has " + live.connections() + " open connection"
                    + (live.connections() == 1 ? "" : "s") + "; plumb drops it only without connections,"
                    + " or with force: true (which ends them)");
            return;
        }
        if (force && s.facts().serverVersion() < 130000) {
            s.error("database " + s.r(db) + ": force: true needs PostgreSQL 13 or later");
            return;
        }
        List<Attr> attrs = new ArrayList<>();
        if (live.connections() > 0) {
            attrs.add(s.attr("connections", String.valueOf(live.connections()), "0 (ended by force: true)"));
        }
        Change c = Change.of(address, Action.DELETE, attrs);
        s.deleteChange(Phase.DATABASES, reason.map(c::withReason).orElse(c));
        s.deleteSql(Phase.DATABASES, s.adminDb(), "DROP DATABASE " + Sql.ident(db) + (force ? " WITH (FORCE)" : ""),
                false);
    }

    private void exclusive() {
        if (!s.server().exclusive().contains(PostgresKind.DATABASE)) {
            return;
        }
        for (String db : s.facts().databases().keySet()) {
            if (s.declaredDatabase(db).isEmpty() && !s.protectedDatabase(db)) {
                drop(db, false, new ResourceAddress(s.host(), PostgresKind.DATABASE.addressKind(), db),
                        Optional.of("not declared, and databases are exclusive"));
            }
        }
    }

    private static boolean sameEncoding(String a, String b) {
        return normal(a).equals(normal(b));
    }

    /** {@code en_US.UTF-8} and {@code en_US.utf8} are one locale; so are {@code C} and {@code POSIX}. */
    private static boolean sameLocale(String a, String b) {
        String x = normal(a).equals("posix") ? "c" : normal(a);
        String y = normal(b).equals("posix") ? "c" : normal(b);
        return x.equals(y);
    }

    private static String normal(String name) {
        return name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
    }
}
