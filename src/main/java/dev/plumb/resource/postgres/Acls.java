package dev.plumb.resource.postgres;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * ACLs as the planners compare them: grantee (in first-seen order) → privilege (sorted) →
 * whether it is grantable. Pure; every result is a new map.
 */
final class Acls {
    private Acls() {
    }

    /** ACL entries by grantee, then privilege; a privilege listed twice is grantable if either is. */
    static Map<String, Map<String, Boolean>> of(List<ServerState.Privilege> list) {
        Map<String, Map<String, Boolean>> out = new LinkedHashMap<>();
        for (ServerState.Privilege p : list) {
            out.computeIfAbsent(p.grantee(), k -> new TreeMap<>()).merge(p.privilege(), p.grantable(), Boolean::logicalOr);
        }
        return out;
    }

    /**
     * {@code acl} after ALTER ... OWNER: PostgreSQL moves the old owner's entries to the new owner.
     * Returns {@code acl} itself when nothing moves.
     */
    static Map<String, Map<String, Boolean>> newOwner(Map<String, Map<String, Boolean>> acl, String from, String to) {
        if (from.equals(to) || !acl.containsKey(from)) {
            return acl;
        }
        Map<String, Map<String, Boolean>> out = new LinkedHashMap<>();
        acl.forEach((grantee, privs) -> out.computeIfAbsent(grantee.equals(from) ? to : grantee, k -> new TreeMap<>())
                .putAll(privs));
        return out;
    }

    /** The owner holding {@code privileges}, none grantable; nobody else. */
    static Map<String, Map<String, Boolean>> ownerOnly(String owner, Set<String> privileges) {
        Map<String, Map<String, Boolean>> out = new LinkedHashMap<>();
        privileges.forEach(p -> out.computeIfAbsent(owner, k -> new TreeMap<>()).put(p, false));
        return out;
    }
}
