package dev.plumb.resource.postgres;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The {@code grants} of an import: for every database, schema, table, sequence and function, and
 * every default-privileges entry, what each grantee holds, exactly (GrantPlanner is exact per
 * grantee and object), leaving out what PostgreSQL gives by itself (the owner's privileges,
 * PUBLIC's on databases and functions; for database-wide default privileges
 * {@link DefaultAcls#builtIn}). A grantee that lacks what PostgreSQL would give gets an
 * absent grant. Tables, sequences and functions that grant the same are one grant. Pure.
 */
final class ImportedGrants {
    /** A function name {@code to_regprocedure} finds unquoted, as grants name functions. */
    private static final Pattern PLAIN_FUNCTION = Pattern.compile("[a-z_][a-z0-9_$]*\\(.*\\)");

    private final ServerState s;
    private final ImportedServer.Out out;
    private final List<Object> grants = new ArrayList<>();

    private ImportedGrants(ServerState s, ImportedServer.Out out) {
        this.s = s;
        this.out = out;
    }

    /** The grants in {@code databases} (those read) and on them. */
    static List<Object> of(ServerState s, List<String> databases, ImportedServer.Out out) {
        ImportedGrants g = new ImportedGrants(s, out);
        databases.forEach(g::database);
        return g.grants;
    }

    private void database(String db) {
        ServerState.Database d = s.databases().get(db);
        GrantTarget.OnDatabase onDb = new GrantTarget.OnDatabase(db);
        Map<String, Object> on = target("database", db);
        exact(onDb, on, Acls.of(d.acl()), defaults(onDb, d.owner(), Set.of("CONNECT", "TEMPORARY")), "on");
        ServerState.DatabaseObjects objects = s.objects().get(db);
        if (objects == null) {
            return;
        }
        for (ServerState.Schema schema : objects.schemas().values()) {
            GrantTarget.OnSchema t = new GrantTarget.OnSchema(db, schema.name());
            Map<String, Object> where = target("database", db);
            where.put("schema", ImportedServer.esc(schema.name()));
            exact(t, where, Acls.of(schema.acl()), defaults(t, schema.owner(), Set.of()), "on");
        }
        objects(db, objects.objects());
        for (ServerState.DefaultAcl a : objects.defaults()) {
            GrantTarget.DefaultPrivileges t = new GrantTarget.DefaultPrivileges(db, a.schema(), a.role(), a.type());
            Map<String, Object> where = target("database", db);
            a.schema().ifPresent(schema -> where.put("schema", ImportedServer.esc(schema)));
            where.put("for_role", ImportedServer.esc(a.role()));
            where.put("objects", a.type().key());
            exact(t, where, Acls.of(a.acl()), t.databaseWide()
                    ? Acls.of(DefaultAcls.builtIn(a.type(), a.role(), s.serverVersion())) : Map.of(), "default_privileges");
        }
    }

    /** Tables, sequences and functions that grant one grantee the same are one grant, per schema and type. */
    private void objects(String db, List<ServerState.DbObject> objects) {
        record Key(String schema, ObjectType type, String grantee, Map<String, Boolean> held) {}
        Map<Key, List<String>> groups = new LinkedHashMap<>();
        for (ServerState.DbObject o : objects) {
            if (o.type() == ObjectType.FUNCTIONS && !PLAIN_FUNCTION.matcher(o.name()).matches()) {
                out.note("database " + ImportedServer.show(db) + ": grants on function " + ImportedServer.show(
                        o.schema() + "." + o.name()) + " are not imported: format v1 names functions by unquoted name");
                continue;
            }
            GrantTarget t = new GrantTarget.OnObjects(db, o.schema(), o.type(), List.of());
            Map<String, Map<String, Boolean>> have = Acls.of(o.acl());
            Map<String, Map<String, Boolean>> given = defaults(t, o.owner(),
                    o.type() == ObjectType.FUNCTIONS ? Set.of("EXECUTE") : Set.of());
            for (String grantee : grantees(have, given)) {
                Map<String, Boolean> held = have.getOrDefault(grantee, Map.of());
                if (!held.equals(given.getOrDefault(grantee, Map.of()))) {
                    groups.computeIfAbsent(new Key(o.schema(), o.type(), grantee, held), k -> new ArrayList<>())
                            .add(o.name());
                }
            }
        }
        groups.forEach((k, names) -> {
            GrantTarget t = new GrantTarget.OnObjects(db, k.schema(), k.type(), names);
            Map<String, Object> where = target("database", db);
            where.put("schema", ImportedServer.esc(k.schema()));
            where.put(k.type().key(), names.stream().map(ImportedServer::esc).toList());
            grant(t, k.grantee(), k.held(), where, "on");
        });
    }

    /** One grant per grantee whose privileges differ from what PostgreSQL gives by itself. */
    private void exact(GrantTarget t, Map<String, Object> where, Map<String, Map<String, Boolean>> have,
                       Map<String, Map<String, Boolean>> given, String key) {
        for (String grantee : grantees(have, given)) {
            Map<String, Boolean> held = have.getOrDefault(grantee, Map.of());
            if (!held.equals(given.getOrDefault(grantee, Map.of()))) {
                grant(t, grantee, held, where, key);
            }
        }
    }

    private void grant(GrantTarget t, String grantee, Map<String, Boolean> held, Map<String, Object> where, String key) {
        Map<String, Object> g = new LinkedHashMap<>();
        g.put("role", ImportedServer.esc(grantee));
        if (held.isEmpty()) {
            g.put("privileges", List.of(GrantSpec.ALL));
            g.put(key, new LinkedHashMap<>(where));
            g.put("state", "absent");
            grants.add(g);
            return;
        }
        boolean option = held.containsValue(true);
        if (option && held.containsValue(false)) {
            out.problem("role " + ImportedServer.show(grantee) + " holds some privileges on " + t.what() + " "
                    + ImportedServer.show(t.key()) + " with grant option and some without (" + held
                    + "), which one grant in format v1 cannot say");
            return;
        }
        g.put("privileges", held.keySet().equals(Privileges.all(t, s.serverVersion()))
                ? List.of(GrantSpec.ALL) : List.copyOf(held.keySet()));
        g.put(key, new LinkedHashMap<>(where));
        g.put("grant_option", option); // explicit: absent would leave it as it is
        grants.add(g);
    }

    /** What PostgreSQL gives an object by itself: everything to the owner, {@code publicGets} to PUBLIC. */
    private Map<String, Map<String, Boolean>> defaults(GrantTarget t, String owner, Set<String> publicGets) {
        Map<String, Map<String, Boolean>> out = Acls.ownerOnly(owner, Privileges.all(t, s.serverVersion()));
        publicGets.forEach(p -> out.computeIfAbsent(GrantSpec.PUBLIC, k -> new TreeMap<>()).put(p, false));
        return out;
    }

    private static List<String> grantees(Map<String, Map<String, Boolean>> have, Map<String, Map<String, Boolean>> given) {
        List<String> all = new ArrayList<>(have.keySet());
        given.keySet().stream().filter(g -> !have.containsKey(g)).forEach(all::add);
        return all;
    }

    private static Map<String, Object> target(String key, String db) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put(key, ImportedServer.esc(db));
        return m;
    }
}
