package dev.plumb.resource.postgres;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

import dev.plumb.plan.Attr;
import dev.plumb.plan.Change;
import dev.plumb.resource.postgres.PlanState.Fate;
import dev.plumb.resource.postgres.PlanState.Phase;

/**
 * Dropping a role, in {@link Phase#ROLES} as a deletion (after every other deletion, database
 * drops included). PostgreSQL refuses DROP ROLE while the role owns objects or holds privileges
 * in any database of the server ({@code pg_shdepend}), so the plan reads them per database from
 * {@link ServerState.Role#dependencies()}, leaving out databases this plan drops: none, and the
 * role is dropped; some, with {@code reassign_owned_to}, and each database where they are runs
 * {@code REASSIGN OWNED BY role TO target; DROP OWNED BY role} first (shared objects in the admin
 * database), all shown; some without it, and the plan refuses, listing them.
 */
final class RoleDrop {
    private final PlanState s;

    RoleDrop(PlanState s) {
        this.s = s;
    }

    /** Plans the drop of live role {@code role}, shown as {@code change} plus what it owns and holds. */
    void plan(String role, Optional<String> reassignTo, Change change) {
        List<ServerState.Dependency> deps = s.facts().roles().get(role).dependencies().stream()
                .filter(d -> d.database().map(db -> s.fate(db) != Fate.DROP).orElse(true))
                .filter(d -> !(d.kind().startsWith("database ") && s.fate(d.kind().substring(9)) == Fate.DROP))
                .toList();
        String name = Sql.ident(role);
        if (deps.isEmpty()) {
            s.deleteChange(Phase.ROLES, change);
            s.deleteSql(Phase.ROLES, s.adminDb(), "DROP ROLE " + name, true);
            return;
        }
        Map<String, String> held = describe(deps);
        String what = "role " + s.r(role);
        if (reassignTo.isEmpty()) {
            s.error(what + " owns objects or holds privileges, so it cannot be dropped: " + held.entrySet().stream()
                    .map(e -> s.r(e.getKey()) + ": " + s.r(e.getValue())).collect(Collectors.joining("; "))
                    + ". Set reassign_owned_to: ROLE on it to reassign what it owns and revoke its privileges,"
                    + " or remove them first");
            return;
        }
        String target = reassignTo.get();
        if (!s.roleAfter(target)) {
            s.error(what + ": reassign_owned_to " + s.r(target) + ", which does not exist after this plan");
            return;
        }
        if (!s.facts().superuser()) {
            s.error(what + ": reassigning what it owns needs a superuser admin (REASSIGN OWNED must act as both"
                    + " roles), and " + s.r(s.facts().currentUser()) + " is not");
            return;
        }
        Set<String> databases = new LinkedHashSet<>();
        for (ServerState.Dependency d : deps) {
            String db = d.database().orElse(s.adminDb());
            ServerState.Database live = s.facts().databases().get(db);
            if (live == null || !live.allowConnections()) {
                s.error(what + ": it owns or holds objects in database " + s.r(db)
                        + ", which does not allow connections, so plumb cannot reassign them");
                return;
            }
            databases.add(db);
        }
        List<Attr> attrs = new ArrayList<>(change.attrs());
        held.forEach((where, text) -> attrs.add(s.attr(where, text, "reassigned to " + target
                + ", privileges revoked")));
        s.deleteChange(Phase.ROLES, new Change(change.address(), change.action(), attrs, change.diff(),
                change.reason(), change.live()));
        for (String db : databases) {
            s.deleteSql(Phase.ROLES, db, "REASSIGN OWNED BY " + name + " TO " + Sql.ident(target), true);
            s.deleteSql(Phase.ROLES, db, "DROP OWNED BY " + name, true);
        }
        s.deleteSql(Phase.ROLES, s.adminDb(), "DROP ROLE " + name, true);
    }

    /**
     * What the role owns and holds, per place: {@code in database app} → {@code owns 2 relations,
     * 1 schema; privileges on 1 relation}; shared objects under {@code on the server}.
     */
    static Map<String, String> describe(List<ServerState.Dependency> deps) {
        Map<String, Map<ServerState.How, List<String>>> by = new TreeMap<>();
        for (ServerState.Dependency d : deps) {
            String where = d.database().map(db -> "in database " + db).orElse("on the server");
            String item = d.kind().startsWith("database ") ? d.kind()
                    : d.count() + " " + d.kind() + (d.count() == 1 || d.kind().endsWith("privileges") ? "" : "s");
            by.computeIfAbsent(where, k -> new TreeMap<>()).computeIfAbsent(d.how(), k -> new ArrayList<>()).add(item);
        }
        Map<String, String> out = new TreeMap<>();
        by.forEach((where, hows) -> out.put(where, hows.entrySet().stream().map(e -> switch (e.getKey()) {
            case OWNS -> "owns ";
            case PRIVILEGES -> "privileges on ";
            case POLICY -> "named in policies on ";
        } + String.join(", ", e.getValue())).collect(Collectors.joining("; "))));
        return out;
    }
}
