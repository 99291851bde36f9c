package dev.plumb.resource.postgres;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

import dev.plumb.model.Presence;
import dev.plumb.plan.Action;
import dev.plumb.plan.Attr;
import dev.plumb.plan.Change;
import dev.plumb.resource.postgres.GrantObjects.Obj;
import dev.plumb.resource.postgres.PlanState.Phase;

/**
 * Grants and default privileges, in {@link Phase#GRANTS} and {@link Phase#DEFAULT_PRIVILEGES}.
 * Exact per declared (role, object) pair, from the ACLs the objects will have
 * ({@link GrantObjects}): what the present grants on a pair want (merged across grants) is
 * granted, with or without grant option, and everything else the role holds there revoked. An
 * absent grant revokes the privileges it lists (ALL: every one), as deletions, except those a
 * present grant wants. {@code ALL} is expanded for the server version. Plans after schemas.
 */
final class GrantPlanner {
    /** What the present grants want one role to hold on one object; filled while merging. */
    /**
     * {@code grantable}: privileges wanted with grant option; {@code plainOnly}: wanted without it
     * ({@code grant_option: false}); the grant option of the others is left as it is.
     */
    private record Want(Obj obj, String role, Set<String> privileges, Set<String> grantable, Set<String> plainOnly) {
        Want(Obj obj, String role) {
            this(obj, role, new TreeSet<>(), new TreeSet<>(), new TreeSet<>());
        }
    }

    private final PlanState s;
    private final GrantObjects objects;
    /** Each object's ACL as the revocations planned so far leave it, by {@link Obj#id()}. */
    private final Map<String, AclLedger> ledgers = new LinkedHashMap<>();
    /** What the present grants want, by object id and role; complete before any revocation. */
    private final Map<String, Want> wants = new LinkedHashMap<>();

    GrantPlanner(PlanState s) {
        this.s = s;
        this.objects = new GrantObjects(s);
    }

    /** Present grants first (in declaration order), then absent ones. */
    void plan() {
        Map<GrantSpec, List<Want>> bySpec = new LinkedHashMap<>();
        for (GrantSpec g : s.declared().grants()) {
            if (g.state() != Presence.PRESENT) {
                continue;
            }
            if (!GrantSpec.PUBLIC.equals(g.role()) && !s.roleAfter(g.role())) {
                s.error("grant " + s.r(g.key()) + ": role " + s.r(g.role()) + " does not exist and is not declared");
                continue;
            }
            Optional<String> tooNew = Privileges.checkVersion(g.privileges(), s.facts().serverVersion());
            if (tooNew.isPresent()) {
                s.error("grant " + s.r(g.key()) + ": " + tooNew.get());
                continue;
            }
            Optional<List<Obj>> objs = objects.of(g, true);
            if (objs.isEmpty()) {
                continue;
            }
            Set<String> privileges = Privileges.expand(g.target(), g.privileges(), s.facts().serverVersion());
            List<Want> mine = new ArrayList<>();
            for (Obj o : objs.get()) {
                String key = o.id() + "\u0000" + g.role();
                Want w = wants.get(key);
                if (w == null) {
                    w = new Want(o, g.role());
                    wants.put(key, w);
                    mine.add(w);
                }
                w.privileges().addAll(privileges);
                if (g.grantOption().orElse(false)) {
                    w.grantable().addAll(privileges);
                } else if (g.grantOption().isPresent()) {
                    w.plainOnly().addAll(privileges);
                }
            }
            bySpec.put(g, mine);
        }
        bySpec.forEach(this::grant);
        for (GrantSpec g : s.declared().grants()) {
            if (g.state() == Presence.ABSENT) {
                revoke(g);
            }
        }
    }

    private static Phase phase(GrantSpec g) {
        return g.target() instanceof GrantTarget.DefaultPrivileges ? Phase.DEFAULT_PRIVILEGES : Phase.GRANTS;
    }

    /** One change per grant, covering the pairs it was first to want. */
    private void grant(GrantSpec g, List<Want> wants) {
        List<Attr> attrs = new ArrayList<>();
        boolean hadAny = false;
        boolean single = !(g.target() instanceof GrantTarget.OnObjects);
        for (Want w : wants) {
            Map<String, Boolean> have = w.obj().acl().getOrDefault(w.role(), Map.of());
            hadAny |= !have.isEmpty();
            Set<String> plain = new TreeSet<>();
            Set<String> withOption = new TreeSet<>();
            Set<String> revoke = new TreeSet<>();
            Set<String> revokeOption = new TreeSet<>();
            for (String p : w.privileges()) {
                boolean wantOption = w.grantable().contains(p);
                Boolean has = have.get(p);
                if (has == null) {
                    (wantOption ? withOption : plain).add(p);
                } else if (wantOption && !has) {
                    withOption.add(p);
                } else if (!wantOption && has && w.plainOnly().contains(p)) {
                    revokeOption.add(p);
                }
            }
            have.keySet().stream().filter(p -> !w.privileges().contains(p)).forEach(revoke::add);
            if (plain.isEmpty() && withOption.isEmpty() && revoke.isEmpty() && revokeOption.isEmpty()) {
                continue;
            }
            Phase phase = phase(g);
            Obj o = w.obj();
            String to = Sql.grantee(w.role());
            if (!plain.isEmpty()) {
                s.sql(phase, o.database(), grantSql(o, "GRANT " + String.join(", ", plain), " TO " + to), true);
            }
            if (!withOption.isEmpty()) {
                s.sql(phase, o.database(), grantSql(o, "GRANT " + String.join(", ", withOption), " TO " + to)
                        + " WITH GRANT OPTION", true);
            }
            Map<String, Boolean> after = new TreeMap<>();
            w.privileges().forEach(p -> after.put(p, w.grantable().contains(p)
                    || (!w.plainOnly().contains(p) && have.getOrDefault(p, false))));
            attrs.add(s.attr(single ? "privileges" : o.label(), have.isEmpty() ? null : show(have), show(after)));
            if (!revoke.isEmpty()) {
                revokeSql(g, o, w.role(), revoke, false, false, attrs);
            }
            if (!revokeOption.isEmpty()) {
                revokeSql(g, o, w.role(), revokeOption, true, false, attrs);
            }
        }
        if (!attrs.isEmpty()) {
            s.change(phase(g), Change.of(g.address(), hadAny ? Action.UPDATE : Action.CREATE, attrs));
        }
    }

    /** An absent grant: the listed privileges (ALL: every one) revoked, except what a present grant wants. */
    private void revoke(GrantSpec g) {
        Optional<List<Obj>> objs = objects.of(g, false);
        if (objs.isEmpty()) {
            return;
        }
        Set<String> listed = Privileges.expand(g.target(), g.privileges(), s.facts().serverVersion());
        List<Attr> attrs = new ArrayList<>();
        Phase phase = phase(g);
        for (Obj o : objs.get()) {
            Map<String, Boolean> have = o.acl().getOrDefault(g.role(), Map.of());
            Want kept = wants.get(o.id() + "\u0000" + g.role());
            Set<String> revoke = new TreeSet<>(have.keySet());
            revoke.retainAll(listed);
            if (kept != null) {
                revoke.removeAll(kept.privileges());
            }
            if (revoke.isEmpty()) {
                continue;
            }
            Map<String, Boolean> after = new TreeMap<>(have);
            revoke.forEach(after::remove);
            attrs.add(s.attr(g.target() instanceof GrantTarget.OnObjects ? o.label() : "privileges", show(have),
                    after.isEmpty() ? null : show(after)));
            revokeSql(g, o, g.role(), revoke, false, true, attrs);
        }
        if (!attrs.isEmpty()) {
            s.deleteChange(phase, Change.of(g.address(), Action.DELETE, attrs));
        }
    }

    /**
     * REVOKE {@code privileges} (their grant option when {@code optionOnly}) from {@code role} on
     * {@code o}: one statement per grantor, each run as that grantor ({@code SET ROLE} when it is
     * not the role plumb's statements act as), with CASCADE when entries others received through
     * them go too; those are shown, and granted again by the owner when a present grant wants
     * them. An error, and nothing planned, when the admin cannot act as a grantor. Planned in
     * the order it runs: as a deletion when {@code deletion}.
     */
    private void revokeSql(GrantSpec g, Obj o, String role, Set<String> privileges, boolean optionOnly,
                           boolean deletion, List<Attr> attrs) {
        AclLedger ledger = ledgers.computeIfAbsent(o.id(), k -> new AclLedger(o.owner(), o.entries()));
        AclLedger.Revocation r = ledger.revoke(role, privileges, optionOnly);
        Phase phase = phase(g);
        String self = s.facts().superuser() || s.adminCanBecome(o.owner()) ? o.owner() : s.facts().currentUser();
        String prefix = o.defaults().isPresent() || !(g.target() instanceof GrantTarget.OnObjects) ? "" : o.label() + ": ";
        for (AclLedger.Part part : r.parts()) {
            String privs = String.join(", ", part.privileges());
            if (!part.grantor().equals(self) && !s.adminCanBecome(part.grantor())) {
                s.error("grant " + s.r(g.key()) + ": " + s.r(privs) + " on " + s.r(o.label()) + " was granted to "
                        + s.r(role) + " by " + s.r(part.grantor()) + ", and only " + s.r(part.grantor())
                        + " can revoke it: the admin " + s.r(s.facts().currentUser()) + " is neither a superuser nor"
                        + " a member of " + s.r(part.grantor()) + "; revoke it as " + s.r(part.grantor())
                        + ", or make the admin a member of that role");
                continue;
            }
            String stmt = grantSql(o, "REVOKE " + (optionOnly ? "GRANT OPTION FOR " : "") + privs, " FROM "
                    + Sql.grantee(role)) + (r.cascaded().isEmpty() ? "" : " CASCADE");
            if (part.grantor().equals(self)) {
                emit(phase, o, stmt, deletion);
            } else {
                attrs.add(s.attr(prefix + "revoked as grantor " + part.grantor(), privs + " of " + role, null));
                emit(phase, o, "SET ROLE " + Sql.ident(part.grantor()), deletion);
                emit(phase, o, stmt, deletion);
                emit(phase, o, "RESET ROLE", deletion);
            }
        }
        if (r.cascaded().isEmpty()) {
            return;
        }
        attrs.add(s.attr(prefix + "also revoked (CASCADE)", r.cascaded().stream().map(AclLedger.Entry::show)
                .collect(Collectors.joining(", ")), null));
        for (AclLedger.Entry e : r.cascaded()) {
            Want w = wants.get(o.id() + "\u0000" + e.grantee());
            if (w != null && w.privileges().contains(e.privilege()) && !ledger.holds(e.grantee(), e.privilege())) {
                boolean option = w.grantable().contains(e.privilege());
                emit(phase, o, grantSql(o, "GRANT " + e.privilege(), " TO " + Sql.grantee(e.grantee()))
                        + (option ? " WITH GRANT OPTION" : ""), deletion);
                ledger.granted(e.grantee(), e.privilege(), option);
                attrs.add(s.attr(prefix + "granted again by the owner", null, e.privilege() + " of " + e.grantee()));
            }
        }
    }

    private void emit(Phase phase, Obj o, String statement, boolean deletion) {
        if (deletion) {
            s.deleteSql(phase, o.database(), statement, true);
        } else {
            s.sql(phase, o.database(), statement, true);
        }
    }

    private static String show(Map<String, Boolean> privileges) {
        return privileges.entrySet().stream().map(e -> e.getKey() + (e.getValue() ? " (with grant option)" : ""))
                .collect(Collectors.joining(", "));
    }

    /** {@code GRANT x ON TABLE t TO r}, or for default privileges the ALTER DEFAULT PRIVILEGES form. */
    private static String grantSql(Obj o, String verb, String who) {
        if (o.defaults().isPresent()) {
            return DefaultAcls.sql(o.defaults().get(), verb, who);
        }
        return verb + " ON " + o.sqlKind() + " " + o.sqlName() + who;
    }
}
