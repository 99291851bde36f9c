package dev.plumb.resource.postgres;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import dev.plumb.model.Presence;
import dev.plumb.model.Redactor;
import dev.plumb.model.ResourceAddress;
import dev.plumb.model.Text;
import dev.plumb.plan.Attr;
import dev.plumb.plan.Change;
import dev.plumb.plan.SecretLines;

/**
 * The one value the kind planners share: the server after the plan, and the plan being built.
 *
 * <p>After the plan: which roles exist ({@link #roleAfter}), each database's {@link Fate}, owner
 * and template, each database's schemas ({@link #schemasAfter}, updated by the schema planner),
 * and what plumb never drops ({@link #protectedRole}, {@link #protectedDatabase}). Being built:
 * changes and steps per {@link Phase}, errors and notes in the order found, and whether a reload
 * or restart follows. {@link #work} assembles them: creations and updates in phase order, then
 * deletions in reverse phase order, then reload and restart. Display text goes through the
 * redactor ({@link #r}, {@link #attr}). Not thread-safe; one per {@link PgPlanner#plan} call.
 */
final class PlanState {
    /** Dependency order of changes and steps; deletions run in the reverse order. */
    enum Phase { ADMIN, ROLES, DATABASES, ROLE_DB_SETTINGS, SCHEMAS, GRANTS, DEFAULT_PRIVILEGES, HBA, SETTINGS }

    /** A database after the plan: kept, created, dropped, or neither there nor declared. */
    enum Fate { EXISTS, CREATE, DROP, MISSING }

    /** The server's declared objects by kind, in declaration order; migrations are not planned here. */
    record Declared(List<RoleSpec> roles, List<DatabaseSpec> databases, List<SchemaSpec> schemas,
                    List<GrantSpec> grants, List<HbaRule> hba, List<SettingSpec> settings) {
        Declared {
            roles = List.copyOf(roles);
            databases = List.copyOf(databases);
            schemas = List.copyOf(schemas);
            grants = List.copyOf(grants);
            hba = List.copyOf(hba);
            settings = List.copyOf(settings);
        }

        static Declared of(List<PostgresResource> resources) {
            List<RoleSpec> roles = new ArrayList<>();
            List<DatabaseSpec> databases = new ArrayList<>();
            List<SchemaSpec> schemas = new ArrayList<>();
            List<GrantSpec> grants = new ArrayList<>();
            List<HbaRule> hba = new ArrayList<>();
            List<SettingSpec> settings = new ArrayList<>();
            for (PostgresResource r : resources) {
                if (r instanceof RoleSpec s) {
                    roles.add(s);
                } else if (r instanceof DatabaseSpec s) {
                    databases.add(s);
                } else if (r instanceof SchemaSpec s) {
                    schemas.add(s);
                } else if (r instanceof GrantSpec s) {
                    grants.add(s);
                } else if (r instanceof HbaRule s) {
                    hba.add(s);
                } else if (r instanceof SettingSpec s) {
                    settings.add(s);
                }
            }
            return new Declared(roles, databases, schemas, grants, hba, settings);
        }
    }

    private final String host;
    private final PostgresServer server;
    private final ServerState facts;
    private final Redactor redactor;
    private final Declared declared;

    private final Map<Phase, List<Change>> changes = new EnumMap<>(Phase.class);
    private final Map<Phase, List<Change>> deleteChanges = new EnumMap<>(Phase.class);
    private final Map<Phase, List<PgStep>> steps = new EnumMap<>(Phase.class);
    private final Map<Phase, List<PgStep>> deleteSteps = new EnumMap<>(Phase.class);
    private final List<String> errors = new ArrayList<>();
    private final Map<String, PgWork.About> about = new LinkedHashMap<>();
    private final List<String> notes = new ArrayList<>();
    private final List<PgWork.Missing> missing = new ArrayList<>();
    private boolean reload;
    private final List<String> restartReasons = new ArrayList<>();

    private final Map<String, Fate> dbFates = new LinkedHashMap<>();
    private final Map<String, String> dbOwners = new LinkedHashMap<>();
    private final Map<String, String> dbTemplates = new LinkedHashMap<>();
    /** Schemas after the plan, by database then name: owner and ACL; filled on first use. */
    private final Map<String, Map<String, ServerState.Schema>> schemasAfter = new LinkedHashMap<>();

    PlanState(String host, PostgresServer server, List<PostgresResource> resources, ServerState facts,
              Redactor redactor) {
        this.host = host;
        this.server = server;
        this.facts = facts;
        this.redactor = redactor;
        this.declared = Declared.of(resources);
        for (Phase p : Phase.values()) {
            changes.put(p, new ArrayList<>());
            deleteChanges.put(p, new ArrayList<>());
            steps.put(p, new ArrayList<>());
            deleteSteps.put(p, new ArrayList<>());
        }
        databaseFates();
    }

    String host() {
        return host;
    }

    PostgresServer server() {
        return server;
    }

    ServerState facts() {
        return facts;
    }

    Redactor redactor() {
        return redactor;
    }

    Declared declared() {
        return declared;
    }

    /** The database plumb connects to as admin: where server-wide statements run. */
    String adminDb() {
        return server.adminDatabase();
    }

    // --- the plan being built ------------------------------------------------------------------

    /** {@code text} with every secret masked: for anything shown. */
    String r(String text) {
        return redactor.redact(text);
    }

    /** A redacted attribute; a null side is "not set". */
    Attr attr(String name, String before, String after) {
        return Attr.of(r(name), before == null ? null : r(before), after == null ? null : r(after));
    }

    /**
     * An attribute whose desired value may hold secrets: shown with them masked, and the live value
     * masked with the same spans, since it may hold their old values.
     */
    Attr textAttr(String name, String before, Text after) {
        return Attr.of(r(name), before == null ? null : SecretLines.live(before, after, redactor), redactor.show(after));
    }

    void error(String text) {
        errors.add(text);
    }

    /**
     * An error about the declared resource at {@code address} ({@code subject}, as "role app"
     * names it where no address is shown), with a hint; all redacted.
     */
    void error(ResourceAddress address, String subject, String text, String hint) {
        String shown = r(subject + ": " + text);
        errors.add(shown);
        about.put(shown, new PgWork.About(address, r(text), Optional.of(r(hint))));
    }

    /** Whether any error was found so far, by any kind. */
    boolean hasErrors() {
        return !errors.isEmpty();
    }

    void note(String text) {
        notes.add(text);
    }

    /** An object a present grant names is not there after the plan: see {@link PgWork#missing()}. */
    void missing(String database, ResourceAddress grant, String what, String problem) {
        missing.add(new PgWork.Missing(database, what, problem, grant));
    }

    /** An error about the declaration at {@code at}, which gives it a file:line:col. */
    void error(String text, ResourceAddress at) {
        errors.add(text);
        about.put(text, new PgWork.About(at, text, Optional.empty()));
    }

    void change(Phase p, Change c) {
        changes.get(p).add(c);
    }

    /** The creations and updates of {@code p} so far, in order; read-only. */
    List<Change> changes(Phase p) {
        return List.copyOf(changes.get(p));
    }

    void deleteChange(Phase p, Change c) {
        deleteChanges.get(p).add(c);
    }

    void step(Phase p, PgStep s) {
        steps.get(p).add(s);
    }

    void deleteStep(Phase p, PgStep s) {
        deleteSteps.get(p).add(s);
    }

    void sql(Phase p, String database, String statement, boolean inTransaction) {
        step(p, PgStep.Sql.of(database, statement, inTransaction));
    }

    void deleteSql(Phase p, String database, String statement, boolean inTransaction) {
        deleteStep(p, PgStep.Sql.of(database, statement, inTransaction));
    }

    /** A reload follows everything else. */
    void reload() {
        reload = true;
    }

    /** A restart follows the reload, for {@code reason} (a setting name). */
    void restart(String reason) {
        restartReasons.add(reason);
    }

    /** The plan: its steps only when there is no error. Call once, after every kind is planned. */
    PgWork work() {
        List<Change> out = new ArrayList<>();
        List<PgStep> run = new ArrayList<>();
        for (Phase p : Phase.values()) {
            out.addAll(changes.get(p));
            run.addAll(steps.get(p));
        }
        for (int i = Phase.values().length - 1; i >= 0; i--) {
            Phase p = Phase.values()[i];
            out.addAll(deleteChanges.get(p));
            run.addAll(deleteSteps.get(p));
        }
        if (reload) {
            run.add(new PgStep.Reload());
        }
        if (!restartReasons.isEmpty()) {
            if (facts.dataDirectory().isEmpty() || !facts.local()) {
                errors.add("a restart is needed (" + String.join(", ", restartReasons) + ") but plumb can restart"
                        + " only a superuser-read server on the SSH host");
            } else {
                run.add(new PgStep.Restart(facts.dataDirectory().get(), String.join(", ", restartReasons)));
            }
        }
        return new PgWork(out, errors.isEmpty() ? run : List.of(), errors, notes, missing, about);
    }

    // --- the server after the plan -------------------------------------------------------------

    Optional<RoleSpec> declaredRole(String name) {
        return declared.roles().stream().filter(s -> s.name().equals(name)).findFirst();
    }

    Optional<DatabaseSpec> declaredDatabase(String name) {
        return declared.databases().stream().filter(s -> s.name().equals(name)).findFirst();
    }

    /** Whether the role exists once the plan is applied. */
    boolean roleAfter(String name) {
        Optional<RoleSpec> d = declaredRole(name);
        if (d.isPresent()) {
            return d.get().state() == Presence.PRESENT;
        }
        return facts.roles().containsKey(name) && !droppedByExclusive(name);
    }

    /** Whether exclusive roles drop this live role: undeclared and not protected. */
    boolean droppedByExclusive(String role) {
        return server.exclusive().contains(PostgresKind.ROLE) && declaredRole(role).isEmpty() && !protectedRole(role);
    }

    /**
     * Whether the admin can act as {@code role}: it is that role, a superuser, or a member of it
     * (directly or through other roles), so {@code SET ROLE} is allowed.
     */
    boolean adminCanBecome(String role) {
        if (facts.superuser() || role.equals(facts.currentUser())) {
            return true;
        }
        Set<String> seen = new HashSet<>();
        Deque<String> todo = new ArrayDeque<>(List.of(facts.currentUser()));
        while (!todo.isEmpty()) {
            ServerState.Role r = facts.roles().get(todo.pop());
            if (r == null) {
                continue;
            }
            for (ServerState.Membership m : r.memberOf()) {
                if (m.role().equals(role)) {
                    return true;
                }
                if (seen.add(m.role())) {
                    todo.add(m.role());
                }
            }
        }
        return false;
    }

    /** Built-in roles, the admin, the session user and the bootstrap superuser: never dropped. */
    boolean protectedRole(String role) {
        return role.startsWith("pg_") || role.equals(server.adminUser()) || role.equals(facts.currentUser())
                || role.equals(facts.bootstrapSuperuser());
    }

    /** Templates, the admin database and {@code postgres}: never dropped by exclusive databases. */
    boolean protectedDatabase(String db) {
        ServerState.Database d = facts.databases().get(db);
        return d != null && d.template() || db.equals(adminDb()) || db.equals("postgres");
    }

    Fate fate(String db) {
        return dbFates.getOrDefault(db, Fate.MISSING);
    }

    /** The owner of a database that exists after the plan (null for one that does not). */
    String owner(String db) {
        return dbOwners.get(db);
    }

    /** Records the template a created database is copied from (default {@code template1}). */
    void createdFrom(String db, String template) {
        dbTemplates.put(db, template);
    }

    private void databaseFates() {
        facts.databases().keySet().forEach(db -> dbFates.put(db, Fate.EXISTS));
        if (server.exclusive().contains(PostgresKind.DATABASE)) {
            facts.databases().keySet().stream().filter(db -> declaredDatabase(db).isEmpty() && !protectedDatabase(db))
                    .forEach(db -> dbFates.put(db, Fate.DROP));
        }
        for (DatabaseSpec d : declared.databases()) {
            boolean exists = facts.databases().containsKey(d.name());
            if (d.state() == Presence.PRESENT) {
                dbFates.put(d.name(), exists ? Fate.EXISTS : Fate.CREATE);
            } else {
                dbFates.put(d.name(), exists ? Fate.DROP : Fate.MISSING);
            }
        }
        dbFates.forEach((db, fate) -> {
            ServerState.Database live = facts.databases().get(db);
            Optional<String> owner = declaredDatabase(db).flatMap(DatabaseSpec::owner);
            if (fate == Fate.EXISTS) {
                dbOwners.put(db, owner.orElse(live.owner()));
            } else if (fate == Fate.CREATE) {
                dbOwners.put(db, owner.orElse(facts.currentUser()));
            }
        });
    }

    /** The database's contents right after the plan creates or keeps it, before schema changes. */
    Optional<ServerState.DatabaseObjects> contents(String db) {
        Fate f = fate(db);
        if (f == Fate.EXISTS) {
            return Optional.ofNullable(facts.objects().get(db));
        }
        if (f != Fate.CREATE) {
            return Optional.empty();
        }
        String template = dbTemplates.getOrDefault(db, "template1");
        ServerState.DatabaseObjects t = facts.objects().get(template);
        return Optional.of(t != null ? t : pristine());
    }

    /** What template0 holds: schema public, owned by pg_database_owner since PostgreSQL 15. */
    private ServerState.DatabaseObjects pristine() {
        String owner = facts.serverVersion() >= 150000 ? "pg_database_owner" : facts.bootstrapSuperuser();
        List<ServerState.Privilege> acl = new ArrayList<>(List.of(new ServerState.Privilege(owner, "USAGE", false),
                new ServerState.Privilege(owner, "CREATE", false), new ServerState.Privilege(GrantSpec.PUBLIC, "USAGE", false)));
        if (facts.serverVersion() < 150000) {
            acl.add(new ServerState.Privilege(GrantSpec.PUBLIC, "CREATE", false));
        }
        return new ServerState.DatabaseObjects(Map.of("public", new ServerState.Schema("public", owner, acl)), List.of(),
                List.of(), Map.of());
    }

    /**
     * Schemas of a database after this plan, or empty when the database will not exist or is
     * unread. The map is live: the schema planner records its creations, drops and owner changes.
     */
    Optional<Map<String, ServerState.Schema>> schemasAfter(String db) {
        if (schemasAfter.containsKey(db)) {
            return Optional.of(schemasAfter.get(db));
        }
        Optional<Map<String, ServerState.Schema>> s = contents(db).map(o -> new LinkedHashMap<>(o.schemas()));
        s.ifPresent(m -> schemasAfter.put(db, m));
        return s;
    }

    /** False, with an error for {@code what}, when a database that stays could not be read. */
    boolean readable(String db, String what) {
        if (fate(db) == Fate.EXISTS && !facts.objects().containsKey(db)) {
            ServerState.Database d = facts.databases().get(db);
            errors.add(what + ": cannot read database " + r(db)
                    + (d != null && !d.allowConnections() ? " (it does not allow connections)" : ""));
            return false;
        }
        return true;
    }
}
