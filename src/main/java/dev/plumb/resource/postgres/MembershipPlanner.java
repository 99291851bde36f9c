package dev.plumb.resource.postgres;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;

import dev.plumb.plan.Attr;
import dev.plumb.resource.postgres.PlanState.Phase;

/**
 * A role's {@code member_of}: which groups it is a member of, and each membership's options
 * (ADMIN; INHERIT and SET from PostgreSQL 16), planned into the role's change by
 * {@link RolePlanner}, with the statements in {@link Phase#ROLES}.
 */
final class MembershipPlanner {
    private final PlanState s;

    MembershipPlanner(PlanState s) {
        this.s = s;
    }

    /**
     * Memberships, when declared: exact. A missing group is granted with its declared options;
     * a declared option that differs is granted or revoked (an option holds when any grantor's
     * grant gives it, so turning one off touches every grant that gives it); an undeclared group
     * is revoked. Since PostgreSQL 16 a membership is one grant per grantor, and each grant is
     * revoked or changed as its grantor ({@link #asGrantor}); {@code inherit} and {@code set}
     * exist only from 16, and declaring them for an older server is an error.
     */
    void plan(RoleSpec spec, ServerState.Role live, List<Attr> attrs) {
        if (spec.memberOf().isEmpty()) {
            return; // not managed
        }
        List<RoleSpec.Member> want = spec.memberOf().get();
        List<ServerState.Membership> have = live == null ? List.of() : live.memberOf();
        boolean perGrant = s.facts().serverVersion() >= 160000;
        if (!perGrant) {
            boolean bad = false;
            for (RoleSpec.Member m : want) {
                if (m.inherit().isPresent() || m.set().isPresent()) {
                    bad = true;
                    s.error("role " + s.r(spec.name()) + ": member_of " + s.r(m.role()) + ": "
                            + (m.inherit().isPresent() ? "inherit" : "set") + " per membership needs PostgreSQL 16,"
                            + " and the server is " + ServerState.release(s.facts().serverVersion())
                            + "; remove it (before 16 the role's own inherit decides, and SET ROLE is always allowed)");
                }
            }
            if (bad) {
                return;
            }
        }
        Map<String, List<ServerState.Membership>> grants = new LinkedHashMap<>();
        have.forEach(m -> grants.computeIfAbsent(m.role(), k -> new ArrayList<>()).add(m));
        String member = Sql.ident(spec.name());
        for (RoleSpec.Member m : want) {
            List<ServerState.Membership> mine = grants.getOrDefault(m.role(), List.of());
            String group = Sql.ident(m.role());
            if (mine.isEmpty()) {
                List<String> with = new ArrayList<>();
                m.admin().filter(a -> a).ifPresent(a -> with.add(perGrant ? "ADMIN TRUE" : "ADMIN OPTION"));
                m.inherit().ifPresent(v -> with.add("INHERIT " + upper(v)));
                m.set().ifPresent(v -> with.add("SET " + upper(v)));
                m.admin().filter(a -> a).ifPresent(a -> attrs.add(s.attr("member_of " + m.role() + ": admin", null,
                        "true")));
                m.inherit().ifPresent(v -> attrs.add(s.attr("member_of " + m.role() + ": inherit", null, String.valueOf(v))));
                m.set().ifPresent(v -> attrs.add(s.attr("member_of " + m.role() + ": set", null, String.valueOf(v))));
                s.sql(Phase.ROLES, s.adminDb(), "GRANT " + group + " TO " + member
                        + (with.isEmpty() ? "" : " WITH " + String.join(", ", with)), true);
                continue;
            }
            List<String> on = new ArrayList<>();
            option(spec, m, "admin", m.admin(), mine, g -> Optional.of(g.admin()), on, attrs);
            option(spec, m, "inherit", m.inherit(), mine, ServerState.Membership::inherit, on, attrs);
            option(spec, m, "set", m.set(), mine, ServerState.Membership::set, on, attrs);
            if (!on.isEmpty()) {
                s.sql(Phase.ROLES, s.adminDb(), "GRANT " + group + " TO " + member + " WITH " + String.join(", ", on),
                        true);
            }
        }
        Set<String> wanted = want.stream().map(RoleSpec.Member::role).collect(Collectors.toSet());
        Set<String> revoked = new LinkedHashSet<>();
        for (ServerState.Membership m : have) {
            if (wanted.contains(m.role())) {
                continue;
            }
            if (perGrant) {
                asGrantor(spec, m, "REVOKE " + Sql.ident(m.role()) + " FROM " + member, "membership in " + m.role());
            } else if (revoked.add(m.role())) {
                s.sql(Phase.ROLES, s.adminDb(), "REVOKE " + Sql.ident(m.role()) + " FROM " + member, true);
            }
        }
        Set<String> haveRoles = new TreeSet<>(grants.keySet());
        if (!new TreeSet<>(wanted).equals(haveRoles)) {
            attrs.add(s.attr("member_of", list(haveRoles), list(new TreeSet<>(wanted))));
        }
    }

    /**
     * One declared option of an existing membership. Turned on: added to {@code on}, granted by
     * the admin in one statement. Turned off: revoked from every grant that gives it, as its grantor.
     */
    private void option(RoleSpec spec, RoleSpec.Member m, String option, Optional<Boolean> declared,
                        List<ServerState.Membership> grants,
                        Function<ServerState.Membership, Optional<Boolean>> of,
                        List<String> on, List<Attr> attrs) {
        if (declared.isEmpty()) {
            return; // not managed
        }
        List<ServerState.Membership> giving = grants.stream().filter(g -> of.apply(g).orElse(false)).toList();
        boolean holds = !giving.isEmpty();
        if (declared.get() == holds) {
            return;
        }
        attrs.add(s.attr("member_of " + m.role() + ": " + option, String.valueOf(holds), String.valueOf(declared.get())));
        boolean perGrant = s.facts().serverVersion() >= 160000;
        if (declared.get()) {
            on.add(option.toUpperCase(Locale.ROOT) + (perGrant ? " TRUE" : " OPTION"));
            return;
        }
        String stmt = "REVOKE " + option.toUpperCase(Locale.ROOT) + " OPTION FOR " + Sql.ident(m.role()) + " FROM "
                + Sql.ident(spec.name());
        if (!perGrant) {
            s.sql(Phase.ROLES, s.adminDb(), stmt, true);
            return;
        }
        for (ServerState.Membership g : giving) {
            asGrantor(spec, g, stmt, option + " option of the membership in " + m.role());
        }
    }

    /**
     * A statement on one grant of a membership (PostgreSQL 16+), as its grantor:
     * {@code GRANTED BY grantor}, run as the admin when it is a superuser or the grantor, wrapped
     * in {@code SET ROLE grantor} when the admin is a member of it; otherwise a plan error naming
     * the grantor, as for privileges.
     */
    private void asGrantor(RoleSpec spec, ServerState.Membership grant, String statement, String what) {
        String grantor = grant.grantor();
        String stmt = statement + " GRANTED BY " + Sql.ident(grantor);
        if (s.facts().superuser() || grantor.equals(s.facts().currentUser())) {
            s.sql(Phase.ROLES, s.adminDb(), stmt, true);
        } else if (!grantor.isEmpty() && s.adminCanBecome(grantor)) {
            s.sql(Phase.ROLES, s.adminDb(), "SET ROLE " + Sql.ident(grantor), true);
            s.sql(Phase.ROLES, s.adminDb(), stmt, true);
            s.sql(Phase.ROLES, s.adminDb(), "RESET ROLE", true);
        } else {
            s.error("role " + s.r(spec.name()) + ": the " + s.r(what) + " was granted by " + s.r(grantor)
                    + ", and only " + s.r(grantor) + " can revoke it: the admin " + s.r(s.facts().currentUser())
                    + " is neither a superuser nor a member of " + s.r(grantor) + "; revoke it as " + s.r(grantor)
                    + ", or make the admin a member of that role");
        }
    }

    private static String upper(boolean b) {
        return b ? "TRUE" : "FALSE";
    }

    /** Names joined for display, or null (shown as not set) for none. */
    private static String list(Set<String> names) {
        return names.isEmpty() ? null : String.join(", ", names);
    }
}
