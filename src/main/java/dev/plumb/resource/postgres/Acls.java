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
     * ACL entries after ALTER ... OWNER: the old owner's grants and the grants it made move to the
     * new owner, as PostgreSQL's {@code aclnewowner} does.
     */
    static List<ServerState.Privilege> newOwner(List<ServerState.Privilege> entries, String from, String to) {
        return entries.stream().map(p -> new ServerState.Privilege(p.grantee().equals(from) ? to : p.grantee(),
                p.privilege(), p.grantable(), p.grantor().map(g -> g.equals(from) ? to : g))).toList();
    }

    /** The owner holding {@code privileges}, none grantable; nobody else. */
    static Map<String, Map<String, Boolean>> ownerOnly(String owner, Set<String> privileges) {
        Map<String, Map<String, Boolean>> out = new LinkedHashMap<>();
        privileges.forEach(p -> out.computeIfAbsent(owner, k -> new TreeMap<>()).put(p, false));
        return out;
    }
}
