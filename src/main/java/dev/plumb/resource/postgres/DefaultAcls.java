package dev.plumb.resource.postgres;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Default privileges ({@code pg_default_acl}) as plans and imports compare them. A schema's entry
 * adds to what holds database-wide; a database-wide entry ({@code defaclnamespace} 0) replaces
 * what PostgreSQL gives by itself, {@link #builtIn}, and without one that is what holds. So a
 * grant on database-wide defaults compares against {@link #effective}, and an import leaves out
 * what matches {@link #builtIn}. Pure.
 */
final class DefaultAcls {
    private DefaultAcls() {
    }

    /**
     * What objects of {@code type} that {@code role} creates get with no database-wide entry,
     * as {@code acldefault(type, role)} says: every privilege to the role; EXECUTE on functions
     * and USAGE on types to PUBLIC. Granted by the role.
     */
    static List<ServerState.Privilege> builtIn(ObjectType type, String role, int serverVersion) {
        Optional<String> by = Optional.of(role);
        List<ServerState.Privilege> out = new ArrayList<>();
        Privileges.all(type, serverVersion).forEach(p -> out.add(new ServerState.Privilege(role, p, false, by)));
        switch (type) {
            case FUNCTIONS -> out.add(new ServerState.Privilege(GrantSpec.PUBLIC, "EXECUTE", false, by));
            case TYPES -> out.add(new ServerState.Privilege(GrantSpec.PUBLIC, "USAGE", false, by));
            default -> { }
        }
        return List.copyOf(out);
    }

    /**
     * The default ACL {@code t} names in a database with {@code contents}: its pg_default_acl
     * entry; without one, nothing in a schema and {@link #builtIn} database-wide.
     */
    static List<ServerState.Privilege> effective(Optional<ServerState.DatabaseObjects> contents,
                                                 GrantTarget.DefaultPrivileges t, int serverVersion) {
        return contents.stream().flatMap(o -> o.defaults().stream())
                .filter(d -> d.role().equals(t.forRole()) && d.schema().equals(t.schema()) && d.type() == t.objects())
                .findFirst().map(ServerState.DefaultAcl::acl)
                .orElseGet(() -> t.databaseWide() ? builtIn(t.objects(), t.forRole(), serverVersion) : List.of());
    }

    /** {@code ALTER DEFAULT PRIVILEGES FOR ROLE r [IN SCHEMA s] VERB ON TYPE WHO}, e.g. verb "GRANT SELECT", who " TO x". */
    static String sql(GrantTarget.DefaultPrivileges t, String verb, String who) {
        return "ALTER DEFAULT PRIVILEGES FOR ROLE " + Sql.ident(t.forRole())
                + t.schema().map(s -> " IN SCHEMA " + Sql.ident(s)).orElse("") + " " + verb + " ON "
                + t.objects().name() + who;
    }
}
