package dev.plumb.resource.postgres;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import dev.plumb.model.Presence;
import dev.plumb.model.ResourceAddress;
import dev.plumb.plan.Action;
import dev.plumb.plan.Attr;
import dev.plumb.plan.Change;
import dev.plumb.resource.postgres.PlanState.Fate;
import dev.plumb.resource.postgres.PlanState.Phase;

/**
 * Schemas, in {@link Phase#SCHEMAS}: created, owner altered, dropped (declared absent, or
 * undeclared in a database that declares schemas, with exclusive schemas) as deletions. Each
 * creation, drop and owner change is recorded in {@link PlanState#schemasAfter}, with the ACL
 * PostgreSQL will give the schema, so grants are planned against it. Plans after databases.
 */
final class SchemaPlanner {
    private final PlanState s;

    SchemaPlanner(PlanState s) {
        this.s = s;
    }

    /** Every declared schema, then the drops of exclusive schemas. */
    void plan() {
        s.declared().schemas().forEach(this::schema);
        exclusive();
    }

    private void schema(SchemaSpec spec) {
        String db = spec.database();
        Fate f = s.fate(db);
        if (f == Fate.MISSING || f == Fate.DROP) {
            if (spec.state() == Presence.PRESENT) {
                s.error("schema " + s.r(spec.key()) + ": database " + s.r(db) + (f == Fate.DROP
                        ? " is to be dropped" : " does not exist and is not declared"));
            }
            return;
        }
        if (!s.readable(db, "schema " + s.r(spec.key()))) {
            return;
        }
        Map<String, ServerState.Schema> after = s.schemasAfter(db).orElseThrow();
        ServerState.Schema live = after.get(spec.name());
        String name = Sql.ident(spec.name());
        if (spec.state() == Presence.ABSENT) {
            if (live != null) {
                drop(db, live, Change.of(spec.address(), Action.DELETE, List.of()), spec.cascade(),
                        "declare cascade: true on it to drop all of this with it, or empty it first");
                after.remove(spec.name());
            }
            return;
        }
        spec.owner().filter(o -> !s.roleAfter(o)).ifPresent(o -> s.error("schema " + s.r(spec.key()) + ": owner "
                + s.r(o) + " does not exist and is not declared"));
        if (live == null) {
            String owner = spec.owner().orElse(s.facts().currentUser());
            List<Attr> attrs = new ArrayList<>();
            spec.owner().ifPresent(o -> attrs.add(s.attr("owner", null, o)));
            s.sql(Phase.SCHEMAS, db, "CREATE SCHEMA " + name
                    + spec.owner().map(o -> " AUTHORIZATION " + Sql.ident(o)).orElse(""), true);
            s.change(Phase.SCHEMAS, Change.of(spec.address(), Action.CREATE, attrs));
            List<ServerState.Privilege> acl = List.of(new ServerState.Privilege(owner, "CREATE", false),
                    new ServerState.Privilege(owner, "USAGE", false));
            after.put(spec.name(), new ServerState.Schema(spec.name(), owner, acl));
            return;
        }
        if (spec.owner().isPresent() && !spec.owner().get().equals(live.owner())) {
            String o = spec.owner().get();
            s.sql(Phase.SCHEMAS, db, "ALTER SCHEMA " + name + " OWNER TO " + Sql.ident(o), true);
            s.change(Phase.SCHEMAS, Change.of(spec.address(), Action.UPDATE,
                    List.of(s.attr("owner", live.owner(), o))));
            after.put(spec.name(), new ServerState.Schema(spec.name(), o, Acls.newOwner(live.acl(), live.owner(), o)));
        }
    }

    /**
     * {@code DROP SCHEMA}, as {@code change}: an error naming what the schema holds (and what
     * elsewhere depends on that) when it is not empty, unless {@code cascade}; then {@code CASCADE},
     * and the change lists what goes with it. {@code hint}: how to get past the error.
     */
    private void drop(String db, ServerState.Schema live, Change change, boolean cascade, String hint) {
        String name = Sql.ident(live.name());
        List<ServerState.Content> in = live.contents().stream().filter(c -> !c.outside()).toList();
        List<ServerState.Content> out = live.contents().stream().filter(ServerState.Content::outside).toList();
        if (live.contents().isEmpty()) {
            s.deleteChange(Phase.SCHEMAS, change);
            s.deleteSql(Phase.SCHEMAS, db, "DROP SCHEMA " + name, true);
            return;
        }
        if (!cascade) {
            s.error("not empty, so it is not dropped: "
                    + (in.isEmpty() ? "" : "it holds " + show(in)) + (out.isEmpty() ? ""
                    : (in.isEmpty() ? "" : "; ") + "in other schemas, depending on it: " + show(out)) + "; " + hint,
                    change.address());
            return;
        }
        List<Attr> attrs = new ArrayList<>(change.attrs());
        if (!in.isEmpty()) {
            attrs.add(s.attr("dropped with it (CASCADE)", show(in), null));
        }
        if (!out.isEmpty()) {
            attrs.add(s.attr("dropped with it from other schemas (CASCADE)", show(out), null));
        }
        s.deleteChange(Phase.SCHEMAS, new Change(change.address(), Action.DELETE, attrs, change.diff(), change.reason(),
                change.live()));
        s.deleteSql(Phase.SCHEMAS, db, "DROP SCHEMA " + name + " CASCADE", true);
    }

    /** "2 tables (s.a, s.b), 1 function (s.f(integer))": counts per kind, the first few names. */
    static String show(List<ServerState.Content> contents) {
        return contents.stream().map(c -> c.count() + " " + c.kind() + (c.count() == 1 ? "" : "s") + " ("
                + String.join(", ", c.names()) + (c.count() > c.names().size() ? ", …" : "") + ")")
                .collect(Collectors.joining(", "));
    }

    /** Only in databases that declare a schema, exist already and were read. */
    private void exclusive() {
        if (!s.server().exclusive().contains(PostgresKind.SCHEMA)) {
            return;
        }
        List<SchemaSpec> schemas = s.declared().schemas();
        Set<String> dbs = new LinkedHashSet<>();
        schemas.forEach(x -> dbs.add(x.database()));
        for (String db : dbs) {
            if (s.fate(db) != Fate.EXISTS || !s.facts().objects().containsKey(db)) {
                continue;
            }
            for (String schema : s.facts().objects().get(db).schemas().keySet()) {
                boolean declared = schemas.stream().anyMatch(x -> x.database().equals(db) && x.name().equals(schema));
                if (!declared) {
                    drop(db, s.facts().objects().get(db).schemas().get(schema), Change.of(new ResourceAddress(s.host(),
                                    PostgresKind.SCHEMA.addressKind(), db + "." + schema), Action.DELETE, List.of())
                            .withReason("not declared, and schemas are exclusive"), false, "declare it to keep it,"
                            + " or declare it with state: absent and cascade: true to drop all of this with it");
                }
            }
        }
    }
}
