package dev.plumb.resource.postgres;

import java.util.List;
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
        Set<String> all = new TreeSet<>(target.privileges());
        if (serverVersion >= PG17 && tables(target)) {
            all.add("MAINTAIN");
        }
        return all;
    }

    /** Every privilege that exists on objects of {@code type} on this server version. */
    public static Set<String> all(ObjectType type, int serverVersion) {
        Set<String> all = new TreeSet<>(type.privileges());
        if (serverVersion >= PG17 && type == ObjectType.TABLES) {
            all.add("MAINTAIN");
        }
        return all;
    }

    private static boolean tables(GrantTarget target) {
        return target instanceof GrantTarget.OnObjects o && o.type() == ObjectType.TABLES
                || target instanceof GrantTarget.DefaultPrivileges d && d.objects() == ObjectType.TABLES;
    }
}
