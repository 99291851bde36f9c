package dev.plumb.resource.postgres;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * One object's ACL entries, grantor by grantor, as this plan's revocations leave them. PostgreSQL
 * keeps one entry per (grantee, privilege, grantor): a REVOKE removes only the entries its
 * grantor made, and an entry whose grantor loses the grant option goes with it (CASCADE, or the
 * REVOKE fails with "dependent privileges exist"). {@link #revoke} says which grantors must revoke
 * and which dependent entries go too, and records the result, so a later revocation on the same
 * object does not revoke what is already gone. Pure; one per object per plan.
 */
final class AclLedger {
    /** One ACL entry; {@code grantor} resolved (the owner for entries without one). */
    record Entry(String grantee, String privilege, String grantor) implements Comparable<Entry> {
        @Override
        public int compareTo(Entry o) {
            return toString().compareTo(o.toString());
        }

        /** {@code SELECT of intern (granted by lead)}. */
        String show() {
            return privilege + " of " + grantee + " (granted by " + grantor + ")";
        }
    }

    /** The REVOKE one grantor makes: {@code privileges} of the grantee it granted them to. */
    record Part(String grantor, Set<String> privileges) {}

    /**
     * What one revocation takes: a REVOKE per grantor (in that order), and the entries that go
     * with it because their grantor loses the grant option (a CASCADE then).
     */
    record Revocation(List<Part> parts, List<Entry> cascaded) {
        boolean isEmpty() {
            return parts.isEmpty();
        }
    }

    private final String owner;
    /** Entries still there, with whether they are grantable. */
    private final Map<Entry, Boolean> live = new TreeMap<>();

    AclLedger(String owner, List<ServerState.Privilege> entries) {
        this.owner = owner;
        for (ServerState.Privilege p : entries) {
            live.merge(new Entry(p.grantee(), p.privilege(), p.grantorOr(owner)), p.grantable(), Boolean::logicalOr);
        }
    }

    /**
     * Revokes {@code privileges} (only their grant option when {@code optionOnly}) from {@code
     * grantee}, from every grantor that granted them, and records what goes.
     */
    Revocation revoke(String grantee, Set<String> privileges, boolean optionOnly) {
        Map<String, Set<String>> byGrantor = new LinkedHashMap<>();
        for (Map.Entry<Entry, Boolean> e : List.copyOf(live.entrySet())) {
            Entry k = e.getKey();
            if (k.grantee().equals(grantee) && privileges.contains(k.privilege()) && (!optionOnly || e.getValue())) {
                byGrantor.computeIfAbsent(k.grantor(), g -> new TreeSet<>()).add(k.privilege());
                if (optionOnly) {
                    live.put(k, false);
                } else {
                    live.remove(k);
                }
            }
        }
        List<Part> parts = new ArrayList<>();
        byGrantor.forEach((g, ps) -> parts.add(new Part(g, ps)));
        List<Entry> cascaded = new ArrayList<>();
        Deque<Entry> lost = new ArrayDeque<>();
        privileges.forEach(p -> lost.add(new Entry(grantee, p, "")));
        while (!lost.isEmpty()) {
            Entry x = lost.pop(); // x.grantee() may have lost the grant option for x.privilege()
            if (x.grantee().equals(owner) || canGrant(x.grantee(), x.privilege())) {
                continue;
            }
            for (Entry k : List.copyOf(live.keySet())) {
                if (k.grantor().equals(x.grantee()) && k.privilege().equals(x.privilege())) {
                    live.remove(k);
                    cascaded.add(k);
                    lost.add(k);
                }
            }
        }
        return new Revocation(parts, cascaded);
    }

    /** Whether {@code role} still holds {@code privilege} from anyone (or owns the object). */
    boolean holds(String role, String privilege) {
        return role.equals(owner) || live.keySet().stream().anyMatch(k -> k.grantee().equals(role)
                && k.privilege().equals(privilege));
    }

    /** Records a grant the plan makes, as the owner. */
    void granted(String grantee, String privilege, boolean grantable) {
        live.merge(new Entry(grantee, privilege, owner), grantable, Boolean::logicalOr);
    }

    private boolean canGrant(String role, String privilege) {
        return live.entrySet().stream().anyMatch(e -> e.getValue() && e.getKey().grantee().equals(role)
                && e.getKey().privilege().equals(privilege));
    }

    /** The owner, as which a superuser's plain REVOKE acts. */
    String owner() {
        return owner;
    }
}
