package dev.plumb.resource.postgres;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The concrete privileges behind a grant: {@code ALL} expanded for the object type and the server
 * version (PostgreSQL 17 adds MAINTAIN on tables), in PostgreSQL's own names as
 * {@code aclexplode} reports them.
 */
public final class Privileges {
    /** {@code server_version_num} of PostgreSQL 17, the first with MAINTAIN. */
    public static final int PG17 = 170000;
    /** Privileges that exist only from a server version on. */
    private static final Map<String, Integer> SINCE = Map.of("MAINTAIN", PG17);

    private Privileges() {
    }

    /** The privileges a grant of {@code listed} on {@code target} stands for, sorted. */
    public static Set<String> expand(GrantTarget target, List<String> listed, int serverVersion) {
        if (listed.contains(GrantSpec.ALL)) {
            return all(target, serverVersion);
        }
        return new TreeSet<>(listed);
    }

    /** Every privilege that exists on {@code target}'s objects on this server version. */
    public static Set<String> all(GrantTarget target, int serverVersion) {
        return available(target.privileges(), serverVersion);
    }

    /** Every privilege that exists on objects of {@code type} on this server version. */
    public static Set<String> all(ObjectType type, int serverVersion) {
        return available(type.privileges(), serverVersion);
    }

    /** Why privileges {@code listed} cannot be granted on a server of this version, if they cannot (MAINTAIN before 17). */
    public static Optional<String> checkVersion(List<String> listed, int serverVersion) {
        return listed.stream().filter(p -> SINCE.getOrDefault(p, 0) > serverVersion).findFirst()
                .map(p -> "privilege " + p + " exists from PostgreSQL " + SINCE.get(p) / 10000 + " on, and the server"
                        + " is PostgreSQL " + ServerState.release(serverVersion) + "; leave it out");
    }

    private static Set<String> available(Set<String> privileges, int serverVersion) {
        Set<String> out = new TreeSet<>(privileges);
        out.removeIf(p -> SINCE.getOrDefault(p, 0) > serverVersion);
        return out;
    }
}
