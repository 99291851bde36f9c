package dev.plumb.resource.postgres;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.plumb.resource.postgres.PlanState.Fate;

/**
 * What a grant covers on the server after the plan: its objects, each with the ACL it will have
 * once this plan's creations and owner changes are made (a database or schema this plan creates
 * gets the ACL PostgreSQL gives it). Reports, only for a grant that is present, why the objects
 * cannot be known as errors, and a schema, table, sequence or function named but not there after
 * the plan as {@link PlanState#missing} (a function with the server's names of its argument types,
 * and the other argument lists a function of that name has).
 */
final class GrantObjects {
    /**
     * One object a grant is on, e.g. "database flaskapp_prod", "table public.users": names as the
     * server spells them.
     *
     * @param id       unique among the server's objects
     * @param database where the GRANT runs
     * @param owner    the owner after the plan (for default privileges, the role they are for): the
     *                 grantor of entries without one
     * @param entries  the ACL entries with their grantors
     * @param defaults set for default privileges, which have their own statement form
     */
    record Obj(String id, String database, String sqlKind, String sqlName, String label, String owner,
               List<ServerState.Privilege> entries, Optional<GrantTarget.DefaultPrivileges> defaults) {
        Obj {
            entries = List.copyOf(entries);
        }

        /** The entries by grantee, then privilege, whatever their grantor: {@link Acls#of}. */
        Map<String, Map<String, Boolean>> acl() {
            return Acls.of(entries);
        }
    }

    private final PlanState s;

    GrantObjects(PlanState s) {
        this.s = s;
    }

    /**
     * The objects a grant covers with their ACLs after this plan's owner changes; empty (with an
     * error when {@code present}) when they cannot be known.
     */
    Optional<List<Obj>> of(GrantSpec g, boolean present) {
        String what = "grant " + s.r(g.key());
        String db = database(g.target());
        Fate f = s.fate(db);
        if (f != Fate.EXISTS && f != Fate.CREATE) {
            if (present) {
                s.error(what + ": database " + s.r(db) + (f == Fate.DROP ? " is to be dropped"
                        : " does not exist and is not declared"));
            }
            return Optional.empty();
        }
        if (g.target() instanceof GrantTarget.OnDatabase) {
            ServerState.Database live = s.facts().databases().get(db);
            String owner = s.owner(db);
            List<ServerState.Privilege> acl = live == null
                    ? databaseDefault(owner) : Acls.newOwner(live.acl(), live.owner(), owner);
            return Optional.of(List.of(new Obj("database:" + db, s.adminDb(), "DATABASE", Sql.ident(db),
                    "database " + db, owner, acl, Optional.empty())));
        }
        if (!s.readable(db, what)) {
            return Optional.empty();
        }
        if (g.target() instanceof GrantTarget.DefaultPrivileges t && t.databaseWide()) {
            return defaults(t, present, what);
        }
        String schema = g.target() instanceof GrantTarget.OnSchema t ? t.schema()
                : g.target() instanceof GrantTarget.OnObjects t ? t.schema()
                : ((GrantTarget.DefaultPrivileges) g.target()).schema().orElseThrow();
        Optional<ServerState.Schema> sc = s.schemasAfter(db).map(m -> m.get(schema));
        if (sc.isEmpty()) {
            if (present) {
                boolean dropped = s.contents(db).map(o -> o.schemas().containsKey(schema)).orElse(false);
                s.missing(db, g.address(), what, "schema " + s.r(schema) + (dropped ? " is to be dropped from database "
                        + s.r(db) : " does not exist in database " + s.r(db) + " and is not declared"));
            }
            return Optional.empty();
        }
        if (g.target() instanceof GrantTarget.DefaultPrivileges t) {
            return defaults(t, present, what);
        }
        if (g.target() instanceof GrantTarget.OnObjects t) {
            return inSchema(g, t, present, what);
        }
        return Optional.of(List.of(new Obj("schema:" + db + "." + schema, db, "SCHEMA", Sql.ident(schema),
                "schema " + schema, sc.get().owner(), sc.get().acl(), Optional.empty())));
    }

    private static String database(GrantTarget target) {
        if (target instanceof GrantTarget.OnDatabase t) {
            return t.database();
        }
        if (target instanceof GrantTarget.OnSchema t) {
            return t.database();
        }
        if (target instanceof GrantTarget.OnObjects t) {
            return t.database();
        }
        return ((GrantTarget.DefaultPrivileges) target).database();
    }

    /** A new database's ACL: the owner holds all; PUBLIC may connect and create temporary tables. */
    private static List<ServerState.Privilege> databaseDefault(String owner) {
        return List.of(new ServerState.Privilege(owner, "CONNECT", false),
                new ServerState.Privilege(owner, "CREATE", false), new ServerState.Privilege(owner, "TEMPORARY", false),
                new ServerState.Privilege(GrantSpec.PUBLIC, "CONNECT", false),
                new ServerState.Privilege(GrantSpec.PUBLIC, "TEMPORARY", false));
    }

    private Optional<List<Obj>> defaults(GrantTarget.DefaultPrivileges t, boolean present, String what) {
        if (!s.roleAfter(t.forRole())) {
            if (present) {
                s.error(what + ": for_role " + s.r(t.forRole()) + " does not exist and is not declared");
            }
            return Optional.empty();
        }
        List<ServerState.Privilege> acl = DefaultAcls.effective(s.contents(t.database()), t, s.facts().serverVersion());
        return Optional.of(List.of(new Obj(t.key(), t.database(), "", "", "default privileges", t.forRole(), acl,
                Optional.of(t))));
    }

    /** The tables, sequences or functions named (or all of them) that exist in the schema now. */
    private Optional<List<Obj>> inSchema(GrantSpec g, GrantTarget.OnObjects t, boolean present, String what) {
        List<ServerState.DbObject> all = s.contents(t.database()).map(ServerState.DatabaseObjects::objects).orElse(List.of())
                .stream().filter(o -> o.type() == t.type() && o.schema().equals(t.schema())).toList();
        List<ServerState.DbObject> chosen = new ArrayList<>();
        if (t.all()) {
            chosen.addAll(all);
        } else {
            Optional<ServerState.DatabaseObjects> contents = s.contents(t.database());
            Map<String, String> functions = contents.map(ServerState.DatabaseObjects::functions).orElse(Map.of());
            for (String n : t.names()) {
                String name = t.type() == ObjectType.FUNCTIONS
                        ? functions.get(ServerState.DatabaseObjects.signature(t.schema(), n)) : n;
                Optional<ServerState.DbObject> o = all.stream().filter(x -> x.name().equals(name)).findFirst();
                if (o.isPresent()) {
                    chosen.add(o.get());
                } else if (present) {
                    s.missing(t.database(), g.address(), what, (t.type() == ObjectType.FUNCTIONS
                            ? missingFunction(t, n, contents, all)
                            : missingRelation(t, n, all)));
                }
            }
        }
        String kind = switch (t.type()) {
            case TABLES -> "TABLE";
            case SEQUENCES -> "SEQUENCE";
            case FUNCTIONS -> "FUNCTION";
            case TYPES, SCHEMAS -> throw new IllegalArgumentException("grants on: name no " + t.type().key());
        };
        return Optional.of(chosen.stream().map(o -> new Obj(t.type().key() + ":" + t.database() + ":" + o.sqlName(),
                t.database(), kind, o.sqlName(), singular(t.type()) + " " + o.schema() + "." + o.name(), o.owner(),
                o.acl(), Optional.<GrantTarget.DefaultPrivileges>empty())).toList());
    }

    /** "table s.t does not exist in database d", with a name that differs only in case as a hint. */
    private String missingRelation(GrantTarget.OnObjects t, String n, List<ServerState.DbObject> all) {
        String hint = all.stream().map(ServerState.DbObject::name).filter(x -> x.equalsIgnoreCase(n)).findFirst()
                .map(x -> "; there is " + singular(t.type()) + " " + s.r(t.schema() + "." + x)
                        + " (names are case-sensitive)").orElse("");
        return singular(t.type()) + " " + s.r(t.schema() + "." + n) + " does not exist in database "
                + s.r(t.database()) + hint;
    }

    /**
     * "function s.add(integer, integer) does not exist in database d; s.add takes (bigint)": the
     * signature in the server's type names, or the argument types that do not exist.
     */
    private String missingFunction(GrantTarget.OnObjects t, String n, Optional<ServerState.DatabaseObjects> contents,
                                   List<ServerState.DbObject> all) {
        Optional<FunctionSignature> sig = FunctionSignature.parse(n).signature();
        List<Optional<String>> types = contents.map(c -> c.functionArgs()
                .get(ServerState.DatabaseObjects.signature(t.schema(), n))).orElse(null);
        String in = " in database " + s.r(t.database());
        if (sig.isEmpty() || types == null || types.size() != sig.get().args().size()) {
            return "function " + s.r(t.schema() + "." + n) + " does not exist" + in;
        }
        List<String> unknown = new ArrayList<>();
        for (int i = 0; i < types.size(); i++) {
            if (types.get(i).isEmpty()) {
                unknown.add(sig.get().args().get(i));
            }
        }
        if (!unknown.isEmpty()) {
            return "function " + s.r(t.schema() + "." + n) + ": " + (unknown.size() == 1 ? "type " : "types ")
                    + s.r(String.join(", ", unknown)) + (unknown.size() == 1 ? " does not exist" : " do not exist") + in;
        }
        String fn = sig.get().name();
        String canonical = fn + "(" + String.join(", ", types.stream().map(Optional::orElseThrow).toList()) + ")";
        List<String> others = all.stream().map(ServerState.DbObject::name)
                .filter(x -> x.startsWith(fn + "(") && x.endsWith(")"))
                .map(x -> x.substring(fn.length())).toList();
        return "function " + s.r(t.schema() + "." + canonical) + " does not exist" + in
                + (others.isEmpty() ? "" : "; " + s.r(t.schema() + "." + fn) + " takes " + s.r(String.join(" or ",
                others)));
    }

    private static String singular(ObjectType type) {
        return switch (type) {
            case TABLES -> "table";
            case SEQUENCES -> "sequence";
            case FUNCTIONS -> "function";
            case TYPES -> "type";
            case SCHEMAS -> "schema";
        };
    }
}
