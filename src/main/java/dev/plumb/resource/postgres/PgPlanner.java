package dev.plumb.resource.postgres;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import dev.plumb.model.Presence;
import dev.plumb.model.Redactor;
import dev.plumb.model.ResourceAddress;
import dev.plumb.model.Sensitive;
import dev.plumb.model.Text;
import dev.plumb.plan.Action;
import dev.plumb.plan.Attr;
import dev.plumb.plan.Change;
import dev.plumb.plan.ContentDiff;

/**
 * Pure diff of one server's desired PostgreSQL objects against its {@link PgFacts}: the changes
 * to show and the {@link PgStep}s that make them, in dependency order (roles, databases, role
 * settings per database, schemas, grants, default privileges, pg_hba, server settings), with
 * deletions after everything else in the reverse order, then a reload and, when allowed, a
 * restart. No I/O. Migrations are not planned here.
 *
 * <p>Grants are exact per declared (role, object) pair, computed from the ACLs: missing
 * privileges are granted, others revoked, {@code ALL} expanded for the server version. Objects
 * that do not exist yet (a database or schema this plan creates) get the ACL PostgreSQL will give
 * them, so the plan is complete before anything is created. Secrets never reach a change: a
 * password shows as {@code (sensitive)}, and every display text goes through the redactor.
 */
public final class PgPlanner {
    /** Address name of the change that covers the managed pg_hba.conf block as a whole. */
    public static final String HBA_BLOCK = "(managed block)";

    private enum Phase { ROLES, DATABASES, ROLE_DB_SETTINGS, SCHEMAS, GRANTS, DEFAULT_PRIVILEGES, HBA, SETTINGS }

    private PgPlanner() {
    }

    /**
     * @param host      the inventory host, for addresses of objects plumb removes without a declaration
     * @param resources the server's desired objects (migrations are ignored)
     */
    public static PgWork plan(String host, PostgresServer server, List<PostgresResource> resources, PgFacts facts,
                              Redactor redactor) {
        return new Run(host, server, resources, facts, redactor).plan();
    }

    /** Whether {@code password} hashes to {@code md5} as PostgreSQL stores md5 passwords for {@code role}. */
    public static boolean md5Matches(Sensitive<String> password, String role, String md5) {
        try {
            byte[] d = MessageDigest.getInstance("MD5")
                    .digest((password.reveal() + role).getBytes(StandardCharsets.UTF_8));
            return MessageDigest.isEqual(("md5" + HexFormat.of().formatHex(d)).getBytes(StandardCharsets.US_ASCII),
                    md5.getBytes(StandardCharsets.US_ASCII));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is required by the Java platform", e);
        }
    }

    private static final Pattern TIMESTAMP = Pattern.compile(
            "(\\d{4}-\\d{2}-\\d{2})(?:[T ](\\d{2}:\\d{2}(?::\\d{2}(?:\\.\\d{1,9})?)?))?\\s*(Z|z|[+-]\\d{2}(?::?\\d{2})?)?");

    /**
     * A {@code valid_until} value: {@code infinity} (never expires: empty), a date, or a date and
     * time with an optional offset ({@code 2030-01-01}, {@code 2030-01-01 12:00:00+02}). Without
     * an offset it is UTC, whatever the server's time zone.
     *
     * @throws IllegalArgumentException with a message fit for the operator
     */
    public static Optional<Instant> validUntil(String text) {
        String s = text.strip();
        if (s.equalsIgnoreCase("infinity")) {
            return Optional.empty();
        }
        Matcher m = TIMESTAMP.matcher(s);
        if (!m.matches()) {
            throw new IllegalArgumentException("valid_until '" + text + "' is not a date-time plumb reads: use"
                    + " 2030-01-01, 2030-01-01T12:00:00Z, 2030-01-01 12:00:00+02 or infinity");
        }
        try {
            LocalTime time = m.group(2) == null ? LocalTime.MIDNIGHT : LocalTime.parse(m.group(2));
            String off = m.group(3) == null ? "Z" : m.group(3).toUpperCase(Locale.ROOT);
            if (off.length() == 5 && off.charAt(3) != ':') {
                off = off.substring(0, 3) + ":" + off.substring(3);
            }
            return Optional.of(LocalDate.parse(m.group(1)).atTime(time).atOffset(ZoneOffset.of(off)).toInstant()
                    .truncatedTo(ChronoUnit.MICROS));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("valid_until '" + text + "' is not a valid date-time: " + e.getMessage());
        }
    }

    /** ACL entries by grantee, then privilege, with whether it is grantable. */
    private static Map<String, Map<String, Boolean>> acl(List<PgFacts.Privilege> list) {
        Map<String, Map<String, Boolean>> out = new LinkedHashMap<>();
        for (PgFacts.Privilege p : list) {
            out.computeIfAbsent(p.grantee(), k -> new TreeMap<>()).merge(p.privilege(), p.grantable(), Boolean::logicalOr);
        }
        return out;
    }

    /** {@code acl} after ALTER ... OWNER: PostgreSQL moves the old owner's entries to the new owner. */
    private static Map<String, Map<String, Boolean>> newOwner(Map<String, Map<String, Boolean>> acl, String from,
                                                              String to) {
        if (from.equals(to) || !acl.containsKey(from)) {
            return acl;
        }
        Map<String, Map<String, Boolean>> out = new LinkedHashMap<>();
        acl.forEach((grantee, privs) -> out.computeIfAbsent(grantee.equals(from) ? to : grantee, k -> new TreeMap<>())
                .putAll(privs));
        return out;
    }

    private static Map<String, Map<String, Boolean>> ownerOnly(String owner, Set<String> privileges) {
        Map<String, Map<String, Boolean>> out = new LinkedHashMap<>();
        privileges.forEach(p -> out.computeIfAbsent(owner, k -> new TreeMap<>()).put(p, false));
        return out;
    }

    /** "database flaskapp_prod", "table public.users": names as the server spells them. */
    private record Obj(String id, String database, String sqlKind, String sqlName, String label,
                       Map<String, Map<String, Boolean>> acl, Optional<GrantTarget.DefaultPrivileges> defaults) {}

    /** What the declared grants want one role to hold on one object. */
    private static final class Want {
        final Obj obj;
        final String role;
        final Set<String> privileges = new TreeSet<>();
        final Set<String> grantable = new TreeSet<>();

        Want(Obj obj, String role) {
            this.obj = obj;
            this.role = role;
        }
    }

    private enum Fate { EXISTS, CREATE, DROP, MISSING }

    private static final class Run {
        private final String host;
        private final PostgresServer server;
        private final PgFacts facts;
        private final Redactor redactor;
        private final String adminDb;
        private final List<RoleSpec> roles = new ArrayList<>();
        private final List<DatabaseSpec> databases = new ArrayList<>();
        private final List<SchemaSpec> schemas = new ArrayList<>();
        private final List<GrantSpec> grants = new ArrayList<>();
        private final List<HbaRule> hba = new ArrayList<>();
        private final List<SettingSpec> settings = new ArrayList<>();

        private final Map<Phase, List<Change>> changes = new EnumMap<>(Phase.class);
        private final Map<Phase, List<Change>> deleteChanges = new EnumMap<>(Phase.class);
        private final Map<Phase, List<PgStep>> steps = new EnumMap<>(Phase.class);
        private final Map<Phase, List<PgStep>> deleteSteps = new EnumMap<>(Phase.class);
        private final List<String> errors = new ArrayList<>();
        private final List<String> notes = new ArrayList<>();
        private final Map<String, Fate> dbFates = new LinkedHashMap<>();
        private final Map<String, String> dbOwners = new LinkedHashMap<>();
        private final Map<String, String> dbTemplates = new LinkedHashMap<>();
        /** Schemas after the plan, by database then name: owner and ACL. */
        private final Map<String, Map<String, PgFacts.Schema>> schemasAfter = new LinkedHashMap<>();
        private boolean reload;
        private final List<String> restartReasons = new ArrayList<>();

        Run(String host, PostgresServer server, List<PostgresResource> resources, PgFacts facts, Redactor redactor) {
            this.host = host;
            this.server = server;
            this.facts = facts;
            this.redactor = redactor;
            this.adminDb = server.adminDatabase();
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
            for (Phase p : Phase.values()) {
                changes.put(p, new ArrayList<>());
                deleteChanges.put(p, new ArrayList<>());
                steps.put(p, new ArrayList<>());
                deleteSteps.put(p, new ArrayList<>());
            }
        }

        PgWork plan() {
            List<Change> out = new ArrayList<>();
            List<PgStep> run = new ArrayList<>();
            facts.adminLogin().ifPresent(why -> {
                if (!facts.local()) {
                    errors.add("the admin cannot log in (" + r(why) + ") and the server is not on the SSH host,"
                            + " so plumb cannot set its password");
                    return;
                }
                out.add(Change.of(new ResourceAddress(host, "postgres/admin", server.adminUser()), Action.UPDATE,
                                List.of(Attr.of("password", "(not usable: " + r(why) + ")", Sensitive.MASK)))
                        .withReason("set the admin password via the local socket"));
                run.add(new PgStep.Bootstrap(server.adminUser(), server.adminPassword()));
            });
            if (server.exclusive().contains(PostgresKind.GRANT)) {
                errors.add("exclusive grants are not supported: list the grants to keep without exclusive: true");
            }
            databaseFates();
            roles.forEach(this::role);
            exclusiveRoles();
            databases.forEach(this::database);
            exclusiveDatabases();
            schemas.forEach(this::schema);
            exclusiveSchemas();
            grants();
            hba();
            settings.forEach(this::setting);

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
            return new PgWork(out, errors.isEmpty() ? run : List.of(), errors, notes);
        }

        // --- helpers ---------------------------------------------------------------------------

        private String r(String text) {
            return redactor.redact(text);
        }

        private Attr attr(String name, String before, String after) {
            return Attr.of(r(name), before == null ? null : r(before), after == null ? null : r(after));
        }

        private void change(Phase p, Change c) {
            changes.get(p).add(c);
        }

        private void sql(Phase p, String database, String statement, boolean inTransaction) {
            steps.get(p).add(PgStep.Sql.of(database, statement, inTransaction));
        }

        private void deleteSql(Phase p, String database, String statement, boolean inTransaction) {
            deleteSteps.get(p).add(PgStep.Sql.of(database, statement, inTransaction));
        }

        private Optional<RoleSpec> declaredRole(String name) {
            return roles.stream().filter(s -> s.name().equals(name)).findFirst();
        }

        private Optional<DatabaseSpec> declaredDatabase(String name) {
            return databases.stream().filter(s -> s.name().equals(name)).findFirst();
        }

        /** Whether the role exists once the plan is applied. */
        private boolean roleAfter(String name) {
            Optional<RoleSpec> d = declaredRole(name);
            if (d.isPresent()) {
                return d.get().state() == Presence.PRESENT;
            }
            return facts.roles().containsKey(name) && !droppedByExclusive(name);
        }

        private boolean droppedByExclusive(String role) {
            return server.exclusive().contains(PostgresKind.ROLE) && declaredRole(role).isEmpty() && !protectedRole(role);
        }

        private boolean protectedRole(String role) {
            return role.startsWith("pg_") || role.equals(server.adminUser()) || role.equals(facts.currentUser())
                    || role.equals(facts.bootstrapSuperuser());
        }

        private boolean protectedDatabase(String db) {
            PgFacts.Database d = facts.databases().get(db);
            return d != null && d.template() || db.equals(adminDb) || db.equals("postgres");
        }

        private Fate fate(String db) {
            return dbFates.getOrDefault(db, Fate.MISSING);
        }

        private void databaseFates() {
            facts.databases().keySet().forEach(db -> dbFates.put(db, Fate.EXISTS));
            if (server.exclusive().contains(PostgresKind.DATABASE)) {
                facts.databases().keySet().stream().filter(db -> declaredDatabase(db).isEmpty() && !protectedDatabase(db))
                        .forEach(db -> dbFates.put(db, Fate.DROP));
            }
            for (DatabaseSpec d : databases) {
                boolean exists = facts.databases().containsKey(d.name());
                if (d.state() == Presence.PRESENT) {
                    dbFates.put(d.name(), exists ? Fate.EXISTS : Fate.CREATE);
                } else {
                    dbFates.put(d.name(), exists ? Fate.DROP : Fate.MISSING);
                }
            }
            dbFates.forEach((db, fate) -> {
                PgFacts.Database live = facts.databases().get(db);
                Optional<String> declared = declaredDatabase(db).flatMap(DatabaseSpec::owner);
                if (fate == Fate.EXISTS) {
                    dbOwners.put(db, declared.orElse(live.owner()));
                } else if (fate == Fate.CREATE) {
                    dbOwners.put(db, declared.orElse(facts.currentUser()));
                }
            });
        }

        // --- roles -----------------------------------------------------------------------------

        private void role(RoleSpec spec) {
            PgFacts.Role live = facts.roles().get(spec.name());
            String name = Sql.ident(spec.name());
            if (spec.state() == Presence.ABSENT) {
                if (live != null) {
                    if (protectedRole(spec.name())) {
                        errors.add("role " + r(spec.name()) + ": plumb will not drop the admin or bootstrap superuser");
                        return;
                    }
                    deleteChanges.get(Phase.ROLES).add(Change.of(spec.address(), Action.DELETE, List.of()));
                    deleteSql(Phase.ROLES, adminDb, "DROP ROLE " + name, true);
                }
                return;
            }
            for (String group : spec.memberOf()) {
                if (!roleAfter(group)) {
                    errors.add("role " + r(spec.name()) + ": member_of " + r(group)
                            + ", which does not exist and is not declared");
                }
            }
            Optional<Instant> validUntil;
            try {
                validUntil = spec.validUntil().flatMap(PgPlanner::validUntil);
            } catch (IllegalArgumentException e) {
                errors.add("role " + r(spec.name()) + ": " + r(e.getMessage()));
                return;
            }
            List<Attr> attrs = new ArrayList<>();
            List<String> options = new ArrayList<>();
            Optional<String> password = Optional.empty();
            if (live == null) {
                flag(attrs, options, "superuser", null, spec.superuser());
                flag(attrs, options, "createdb", null, spec.createdb());
                flag(attrs, options, "createrole", null, spec.createrole());
                flag(attrs, options, "inherit", null, spec.inherit());
                flag(attrs, options, "login", null, spec.login());
                flag(attrs, options, "replication", null, spec.replication());
                flag(attrs, options, "bypassrls", null, spec.bypassrls());
                options.add("CONNECTION LIMIT " + spec.connectionLimit());
                if (spec.connectionLimit() != -1) {
                    attrs.add(attr("connection_limit", null, String.valueOf(spec.connectionLimit())));
                }
                validUntil.ifPresent(v -> {
                    options.add("VALID UNTIL " + Sql.literal(v.toString()));
                    attrs.add(attr("valid_until", null, v.toString()));
                });
                if (spec.password().isPresent()) {
                    password = Optional.of(Scram.verifier(spec.password().get()).reveal());
                    attrs.add(Attr.set("password", Sensitive.MASK));
                }
            } else {
                flag(attrs, options, "superuser", live.superuser(), spec.superuser());
                flag(attrs, options, "createdb", live.createdb(), spec.createdb());
                flag(attrs, options, "createrole", live.createrole(), spec.createrole());
                flag(attrs, options, "inherit", live.inherit(), spec.inherit());
                flag(attrs, options, "login", live.login(), spec.login());
                flag(attrs, options, "replication", live.replication(), spec.replication());
                flag(attrs, options, "bypassrls", live.bypassrls(), spec.bypassrls());
                if (live.connectionLimit() != spec.connectionLimit()) {
                    options.add("CONNECTION LIMIT " + spec.connectionLimit());
                    attrs.add(attr("connection_limit", String.valueOf(live.connectionLimit()),
                            String.valueOf(spec.connectionLimit())));
                }
                if (!live.validUntil().equals(validUntil)) {
                    options.add("VALID UNTIL " + Sql.literal(validUntil.map(Instant::toString).orElse("infinity")));
                    attrs.add(attr("valid_until", live.validUntil().map(Instant::toString).orElse("infinity"),
                            validUntil.map(Instant::toString).orElse("infinity")));
                }
                if (spec.password().isPresent()) {
                    Optional<String> before = passwordChange(spec, live);
                    if (before.isPresent()) {
                        password = Optional.of(Scram.verifier(spec.password().get()).reveal());
                        attrs.add(Attr.of("password", before.get(), Sensitive.MASK));
                    }
                }
            }
            String withOptions = options.isEmpty() ? "" : " WITH " + String.join(" ", options);
            if (live == null) {
                roleStatement(spec, "CREATE ROLE " + name + withOptions, password);
            } else if (!options.isEmpty() || password.isPresent()) {
                roleStatement(spec, "ALTER ROLE " + name + (options.isEmpty() ? " WITH" : withOptions), password);
            }

            memberships(spec, live, attrs);
            roleSettings(spec, live, attrs);
            if (!attrs.isEmpty() || live == null) {
                if (live != null && live.password() instanceof PgFacts.Unreadable && spec.password().isPresent()) {
                    attrs.add(Attr.set("password", "cannot verify"));
                }
                change(Phase.ROLES, Change.of(spec.address(), live == null ? Action.CREATE : Action.UPDATE, attrs));
            }
        }

        /** The shown "before" of a password that must be set, or empty when the stored one matches. */
        private Optional<String> passwordChange(RoleSpec spec, PgFacts.Role live) {
            Sensitive<String> want = spec.password().get();
            if (live.password() instanceof PgFacts.Unreadable) {
                notes.add("role " + r(spec.name()) + ": password: cannot verify (reading pg_authid needs a"
                        + " superuser); left as it is");
                return Optional.empty();
            }
            if (!(live.password() instanceof PgFacts.Stored s)) {
                return Optional.of("(none)");
            }
            if (s.scram()) {
                boolean same = Scram.parse(s.verifier().reveal()).filter(v -> Scram.matches(want, v)).isPresent();
                return same ? Optional.empty() : Optional.of(Sensitive.MASK);
            }
            if (s.md5()) {
                return Optional.of(md5Matches(want, spec.name(), s.verifier().reveal())
                        ? "(sensitive, stored as md5; same password, stored again as SCRAM-SHA-256)"
                        : "(sensitive, stored as md5)");
            }
            return Optional.of(Sensitive.MASK);
        }

        private void roleStatement(RoleSpec spec, String statement, Optional<String> verifier) {
            if (verifier.isEmpty()) {
                sql(Phase.ROLES, adminDb, statement, true);
                return;
            }
            String full = statement + " PASSWORD " + Sql.literal(verifier.get());
            steps.get(Phase.ROLES).add(new PgStep.Sql(adminDb, Text.secret(full),
                    statement + " PASSWORD " + Sensitive.MASK, true));
        }

        private void flag(List<Attr> attrs, List<String> options, String name, Boolean before, boolean after) {
            if (before == null) {
                options.add((after ? "" : "NO") + name.toUpperCase(Locale.ROOT));
                boolean byDefault = name.equals("inherit");
                if (after != byDefault) {
                    attrs.add(attr(name, null, String.valueOf(after)));
                }
            } else if (before != after) {
                options.add((after ? "" : "NO") + name.toUpperCase(Locale.ROOT));
                attrs.add(attr(name, String.valueOf(before), String.valueOf(after)));
            }
        }

        private void memberships(RoleSpec spec, PgFacts.Role live, List<Attr> attrs) {
            Set<String> want = new LinkedHashSet<>(spec.memberOf());
            List<PgFacts.Membership> have = live == null ? List.of() : live.memberOf();
            Set<String> haveRoles = have.stream().map(PgFacts.Membership::role).collect(Collectors.toCollection(TreeSet::new));
            String name = Sql.ident(spec.name());
            for (String g : want) {
                if (!haveRoles.contains(g)) {
                    sql(Phase.ROLES, adminDb, "GRANT " + Sql.ident(g) + " TO " + name, true);
                }
            }
            Set<String> revoked = new LinkedHashSet<>();
            for (PgFacts.Membership m : have) {
                if (want.contains(m.role())) {
                    continue;
                }
                if (facts.serverVersion() >= 160000) {
                    // Since PostgreSQL 16 a membership is one grant per grantor; revoke each.
                    sql(Phase.ROLES, adminDb, "REVOKE " + Sql.ident(m.role()) + " FROM " + name + " GRANTED BY "
                            + Sql.ident(m.grantor()), true);
                } else if (revoked.add(m.role())) {
                    sql(Phase.ROLES, adminDb, "REVOKE " + Sql.ident(m.role()) + " FROM " + name, true);
                }
            }
            if (!new TreeSet<>(want).equals(haveRoles)) {
                attrs.add(attr("member_of", list(haveRoles), list(new TreeSet<>(want))));
            }
        }

        /** Names joined for display, or null (shown as not set) for none. */
        private static String list(Set<String> names) {
            return names.isEmpty() ? null : String.join(", ", names);
        }

        private void roleSettings(RoleSpec spec, PgFacts.Role live, List<Attr> attrs) {
            String role = Sql.ident(spec.name());
            settingsDiff(spec.settings(), live == null ? Map.of() : live.settings(), "setting ", attrs,
                    (name, value) -> sql(Phase.ROLES, adminDb, "ALTER ROLE " + role + " SET " + Sql.settingName(name)
                            + " TO " + SettingValues.sql(name, value), true),
                    name -> sql(Phase.ROLES, adminDb, "ALTER ROLE " + role + " RESET " + Sql.settingName(name), true));
            Map<String, Map<String, String>> liveDb = live == null ? Map.of() : live.databaseSettings();
            Set<String> dbs = new LinkedHashSet<>(spec.databaseSettings().keySet());
            dbs.addAll(liveDb.keySet());
            for (String db : dbs) {
                Map<String, String> want = spec.databaseSettings().getOrDefault(db, Map.of());
                if (!want.isEmpty() && fate(db) != Fate.EXISTS && fate(db) != Fate.CREATE) {
                    errors.add("role " + r(spec.name()) + ": database_settings for " + r(db)
                            + ", a database that does not exist and is not declared");
                    continue;
                }
                if (fate(db) == Fate.DROP) {
                    continue; // its settings go with it
                }
                String in = " IN DATABASE " + Sql.ident(db);
                settingsDiff(want, liveDb.getOrDefault(db, Map.of()), "setting in " + db + ": ", attrs,
                        (name, value) -> sql(Phase.ROLE_DB_SETTINGS, adminDb, "ALTER ROLE " + role + in + " SET "
                                + Sql.settingName(name) + " TO " + SettingValues.sql(name, value), true),
                        name -> sql(Phase.ROLE_DB_SETTINGS, adminDb, "ALTER ROLE " + role + in + " RESET "
                                + Sql.settingName(name), true));
            }
        }

        /** Exact: declared values set when they differ, undeclared ones reset. */
        private void settingsDiff(Map<String, String> want, Map<String, String> have, String label, List<Attr> attrs,
                                  BiConsumer<String, String> set, Consumer<String> reset) {
            Map<String, String> wantLower = new LinkedHashMap<>();
            want.forEach((k, v) -> wantLower.put(k.toLowerCase(Locale.ROOT), v));
            wantLower.forEach((name, value) -> {
                String current = have.get(name);
                if (current == null || !sameSetting(name, value, current)) {
                    set.accept(name, value);
                    attrs.add(attr(label + name, current, value));
                }
            });
            have.forEach((name, value) -> {
                if (!wantLower.containsKey(name)) {
                    reset.accept(name);
                    attrs.add(attr(label + name, value, null));
                }
            });
        }

        private boolean sameSetting(String name, String a, String b) {
            PgFacts.Setting meta = facts.settings().get(name);
            return meta == null ? a.equals(b) : SettingValues.same(name, a, b, meta.vartype(), meta.unit());
        }

        private void exclusiveRoles() {
            if (!server.exclusive().contains(PostgresKind.ROLE)) {
                return;
            }
            for (String role : facts.roles().keySet()) {
                if (droppedByExclusive(role)) {
                    deleteChanges.get(Phase.ROLES).add(Change.of(
                                    new ResourceAddress(host, PostgresKind.ROLE.addressKind(), role), Action.DELETE, List.of())
                            .withReason("not declared, and roles are exclusive"));
                    deleteSql(Phase.ROLES, adminDb, "DROP ROLE " + Sql.ident(role), true);
                }
            }
        }

        // --- databases -------------------------------------------------------------------------

        private void database(DatabaseSpec spec) {
            PgFacts.Database live = facts.databases().get(spec.name());
            String name = Sql.ident(spec.name());
            if (spec.state() == Presence.ABSENT) {
                if (live != null) {
                    drop(spec.name(), spec.force(), spec.address(), Optional.empty());
                }
                return;
            }
            spec.owner().filter(o -> !roleAfter(o)).ifPresent(o -> errors.add("database " + r(spec.name())
                    + ": owner " + r(o) + " does not exist and is not declared"));
            if (live == null) {
                create(spec, name);
                return;
            }
            List<String> problems = new ArrayList<>();
            spec.encoding().filter(e -> !sameEncoding(e, live.encoding()))
                    .ifPresent(e -> problems.add("encoding is " + live.encoding() + ", declared " + e));
            spec.lcCollate().filter(c -> !sameLocale(c, live.collate()))
                    .ifPresent(c -> problems.add("lc_collate is " + live.collate() + ", declared " + c));
            spec.lcCtype().filter(c -> !sameLocale(c, live.ctype()))
                    .ifPresent(c -> problems.add("lc_ctype is " + live.ctype() + ", declared " + c));
            if (!problems.isEmpty()) {
                errors.add(r("database " + spec.name() + ": " + String.join("; ", problems)
                        + ". PostgreSQL cannot change the encoding or locale of an existing database, and plumb never"
                        + " drops one to recreate it: dump it, drop it, and let plumb create it again, or declare"
                        + " what it has"));
                return;
            }
            List<Attr> attrs = new ArrayList<>();
            spec.owner().filter(o -> !o.equals(live.owner())).ifPresent(o -> {
                attrs.add(attr("owner", live.owner(), o));
                sql(Phase.DATABASES, adminDb, "ALTER DATABASE " + name + " OWNER TO " + Sql.ident(o), true);
            });
            if (spec.connectionLimit() != live.connectionLimit()) {
                attrs.add(attr("connection_limit", String.valueOf(live.connectionLimit()),
                        String.valueOf(spec.connectionLimit())));
                sql(Phase.DATABASES, adminDb, "ALTER DATABASE " + name + " WITH CONNECTION LIMIT "
                        + spec.connectionLimit(), true);
            }
            if (!attrs.isEmpty()) {
                change(Phase.DATABASES, Change.of(spec.address(), Action.UPDATE, attrs));
            }
        }

        private void create(DatabaseSpec spec, String name) {
            List<Attr> attrs = new ArrayList<>();
            StringBuilder sql = new StringBuilder("CREATE DATABASE ").append(name);
            spec.owner().ifPresent(o -> {
                sql.append(" OWNER ").append(Sql.ident(o));
                attrs.add(attr("owner", null, o));
            });
            String template = spec.template().orElse("template1");
            PgFacts.Database t = facts.databases().get(template);
            Optional<String> reason = Optional.empty();
            if (t == null) {
                errors.add("database " + r(spec.name()) + ": template " + r(template) + " does not exist");
                return;
            }
            if (spec.template().isEmpty() && (spec.encoding().filter(e -> !sameEncoding(e, t.encoding())).isPresent()
                    || spec.lcCollate().filter(c -> !sameLocale(c, t.collate())).isPresent()
                    || spec.lcCtype().filter(c -> !sameLocale(c, t.ctype())).isPresent())) {
                // template1 can only be copied with its own encoding and locale; template0 with any.
                template = "template0";
                reason = Optional.of("template0, since template1 has encoding " + t.encoding() + " and locale "
                        + t.collate());
            }
            dbTemplates.put(spec.name(), template);
            if (spec.template().isPresent() || reason.isPresent()) {
                sql.append(" TEMPLATE ").append(Sql.ident(template));
                attrs.add(attr("template", null, template));
            }
            spec.encoding().ifPresent(e -> {
                sql.append(" ENCODING ").append(Sql.literal(e));
                attrs.add(attr("encoding", null, e));
            });
            spec.lcCollate().ifPresent(c -> {
                sql.append(" LC_COLLATE ").append(Sql.literal(c));
                attrs.add(attr("lc_collate", null, c));
            });
            spec.lcCtype().ifPresent(c -> {
                sql.append(" LC_CTYPE ").append(Sql.literal(c));
                attrs.add(attr("lc_ctype", null, c));
            });
            if (spec.connectionLimit() != -1) {
                sql.append(" CONNECTION LIMIT ").append(spec.connectionLimit());
                attrs.add(attr("connection_limit", null, String.valueOf(spec.connectionLimit())));
            }
            sql(Phase.DATABASES, adminDb, sql.toString(), false);
            Change c = Change.of(spec.address(), Action.CREATE, attrs);
            change(Phase.DATABASES, reason.map(x -> c.withReason(r(x))).orElse(c));
        }

        private void drop(String db, boolean force, ResourceAddress address, Optional<String> reason) {
            PgFacts.Database live = facts.databases().get(db);
            if (db.equals(adminDb)) {
                errors.add("database " + r(db) + ": plumb connects to it as admin and cannot drop it");
                return;
            }
            if (live.connections() > 0 && !force) {
                errors.add("database " + r(db) + " has " + live.connections() + " open connection"
                        + (live.connections() == 1 ? "" : "s") + "; plumb drops it only without connections,"
                        + " or with force: true (which ends them)");
                return;
            }
            if (force && facts.serverVersion() < 130000) {
                errors.add("database " + r(db) + ": force: true needs PostgreSQL 13 or later");
                return;
            }
            List<Attr> attrs = new ArrayList<>();
            if (live.connections() > 0) {
                attrs.add(attr("connections", String.valueOf(live.connections()), "0 (ended by force: true)"));
            }
            Change c = Change.of(address, Action.DELETE, attrs);
            deleteChanges.get(Phase.DATABASES).add(reason.map(c::withReason).orElse(c));
            deleteSql(Phase.DATABASES, adminDb, "DROP DATABASE " + Sql.ident(db) + (force ? " WITH (FORCE)" : ""), false);
        }

        private void exclusiveDatabases() {
            if (!server.exclusive().contains(PostgresKind.DATABASE)) {
                return;
            }
            for (String db : facts.databases().keySet()) {
                if (declaredDatabase(db).isEmpty() && !protectedDatabase(db)) {
                    drop(db, false, new ResourceAddress(host, PostgresKind.DATABASE.addressKind(), db),
                            Optional.of("not declared, and databases are exclusive"));
                }
            }
        }

        private static boolean sameEncoding(String a, String b) {
            return normal(a).equals(normal(b));
        }

        /** {@code en_US.UTF-8} and {@code en_US.utf8} are one locale; so are {@code C} and {@code POSIX}. */
        private static boolean sameLocale(String a, String b) {
            String x = normal(a).equals("posix") ? "c" : normal(a);
            String y = normal(b).equals("posix") ? "c" : normal(b);
            return x.equals(y);
        }

        private static String normal(String s) {
            return s.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
        }

        // --- schemas ---------------------------------------------------------------------------

        /** The database's contents right after the plan creates or keeps it, before schema changes. */
        private Optional<PgFacts.DatabaseObjects> contents(String db) {
            Fate f = fate(db);
            if (f == Fate.EXISTS) {
                return Optional.ofNullable(facts.objects().get(db));
            }
            if (f != Fate.CREATE) {
                return Optional.empty();
            }
            String template = dbTemplates.getOrDefault(db, "template1");
            PgFacts.DatabaseObjects t = facts.objects().get(template);
            return Optional.of(t != null ? t : pristine());
        }

        /** What template0 holds: schema public, owned by pg_database_owner since PostgreSQL 15. */
        private PgFacts.DatabaseObjects pristine() {
            String owner = facts.serverVersion() >= 150000 ? "pg_database_owner" : facts.bootstrapSuperuser();
            List<PgFacts.Privilege> acl = new ArrayList<>(List.of(new PgFacts.Privilege(owner, "USAGE", false),
                    new PgFacts.Privilege(owner, "CREATE", false), new PgFacts.Privilege(GrantSpec.PUBLIC, "USAGE", false)));
            if (facts.serverVersion() < 150000) {
                acl.add(new PgFacts.Privilege(GrantSpec.PUBLIC, "CREATE", false));
            }
            return new PgFacts.DatabaseObjects(Map.of("public", new PgFacts.Schema("public", owner, acl)), List.of(),
                    List.of(), Map.of());
        }

        /** Schemas of a database after this plan, or empty when the database will not exist or is unread. */
        private Optional<Map<String, PgFacts.Schema>> schemasAfter(String db) {
            if (schemasAfter.containsKey(db)) {
                return Optional.of(schemasAfter.get(db));
            }
            Optional<Map<String, PgFacts.Schema>> s = contents(db).map(o -> new LinkedHashMap<>(o.schemas()));
            s.ifPresent(m -> schemasAfter.put(db, m));
            return s;
        }

        private boolean readable(String db, String what) {
            if (fate(db) == Fate.EXISTS && !facts.objects().containsKey(db)) {
                PgFacts.Database d = facts.databases().get(db);
                errors.add(what + ": cannot read database " + r(db)
                        + (d != null && !d.allowConnections() ? " (it does not allow connections)" : ""));
                return false;
            }
            return true;
        }

        private void schema(SchemaSpec spec) {
            String db = spec.database();
            Fate f = fate(db);
            if (f == Fate.MISSING || f == Fate.DROP) {
                if (spec.state() == Presence.PRESENT) {
                    errors.add("schema " + r(spec.key()) + ": database " + r(db) + (f == Fate.DROP
                            ? " is to be dropped" : " does not exist and is not declared"));
                }
                return;
            }
            if (!readable(db, "schema " + r(spec.key()))) {
                return;
            }
            Map<String, PgFacts.Schema> after = schemasAfter(db).orElseThrow();
            PgFacts.Schema live = after.get(spec.name());
            String name = Sql.ident(spec.name());
            if (spec.state() == Presence.ABSENT) {
                if (live != null) {
                    deleteChanges.get(Phase.SCHEMAS).add(Change.of(spec.address(), Action.DELETE, List.of()));
                    deleteSql(Phase.SCHEMAS, db, "DROP SCHEMA " + name, true);
                    after.remove(spec.name());
                }
                return;
            }
            spec.owner().filter(o -> !roleAfter(o)).ifPresent(o -> errors.add("schema " + r(spec.key()) + ": owner "
                    + r(o) + " does not exist and is not declared"));
            if (live == null) {
                String owner = spec.owner().orElse(facts.currentUser());
                List<Attr> attrs = new ArrayList<>();
                spec.owner().ifPresent(o -> attrs.add(attr("owner", null, o)));
                sql(Phase.SCHEMAS, db, "CREATE SCHEMA " + name
                        + spec.owner().map(o -> " AUTHORIZATION " + Sql.ident(o)).orElse(""), true);
                change(Phase.SCHEMAS, Change.of(spec.address(), Action.CREATE, attrs));
                List<PgFacts.Privilege> acl = List.of(new PgFacts.Privilege(owner, "CREATE", false),
                        new PgFacts.Privilege(owner, "USAGE", false));
                after.put(spec.name(), new PgFacts.Schema(spec.name(), owner, acl));
                return;
            }
            if (spec.owner().isPresent() && !spec.owner().get().equals(live.owner())) {
                String o = spec.owner().get();
                sql(Phase.SCHEMAS, db, "ALTER SCHEMA " + name + " OWNER TO " + Sql.ident(o), true);
                change(Phase.SCHEMAS, Change.of(spec.address(), Action.UPDATE, List.of(attr("owner", live.owner(), o))));
                List<PgFacts.Privilege> acl = new ArrayList<>();
                newOwner(acl(live.acl()), live.owner(), o).forEach((g, privs) -> privs.forEach((p, go) ->
                        acl.add(new PgFacts.Privilege(g, p, go))));
                after.put(spec.name(), new PgFacts.Schema(spec.name(), o, acl));
            }
        }

        private void exclusiveSchemas() {
            if (!server.exclusive().contains(PostgresKind.SCHEMA)) {
                return;
            }
            Set<String> dbs = new LinkedHashSet<>();
            schemas.forEach(s -> dbs.add(s.database()));
            for (String db : dbs) {
                if (fate(db) != Fate.EXISTS || !facts.objects().containsKey(db)) {
                    continue;
                }
                for (String s : facts.objects().get(db).schemas().keySet()) {
                    boolean declared = schemas.stream().anyMatch(x -> x.database().equals(db) && x.name().equals(s));
                    if (!declared) {
                        deleteChanges.get(Phase.SCHEMAS).add(Change.of(new ResourceAddress(host,
                                        PostgresKind.SCHEMA.addressKind(), db + "." + s), Action.DELETE, List.of())
                                .withReason("not declared, and schemas are exclusive"));
                        deleteSql(Phase.SCHEMAS, db, "DROP SCHEMA " + Sql.ident(s), true);
                    }
                }
            }
        }

        // --- grants ----------------------------------------------------------------------------

        private void grants() {
            Map<String, Want> wants = new LinkedHashMap<>();
            Map<GrantSpec, List<Want>> bySpec = new LinkedHashMap<>();
            for (GrantSpec g : grants) {
                if (g.state() != Presence.PRESENT) {
                    continue;
                }
                if (!GrantSpec.PUBLIC.equals(g.role()) && !roleAfter(g.role())) {
                    errors.add("grant " + r(g.key()) + ": role " + r(g.role()) + " does not exist and is not declared");
                    continue;
                }
                Optional<List<Obj>> objs = objects(g, true);
                if (objs.isEmpty()) {
                    continue;
                }
                Set<String> privileges = Privileges.expand(g.target(), g.privileges(), facts.serverVersion());
                List<Want> mine = new ArrayList<>();
                for (Obj o : objs.get()) {
                    String key = o.id() + "\u0000" + g.role();
                    Want w = wants.get(key);
                    if (w == null) {
                        w = new Want(o, g.role());
                        wants.put(key, w);
                        mine.add(w);
                    }
                    w.privileges.addAll(privileges);
                    if (g.grantOption()) {
                        w.grantable.addAll(privileges);
                    }
                }
                bySpec.put(g, mine);
            }
            bySpec.forEach(this::grant);
            for (GrantSpec g : grants) {
                if (g.state() == Presence.ABSENT) {
                    revoke(g, wants);
                }
            }
        }

        private Phase phase(GrantSpec g) {
            return g.target() instanceof GrantTarget.DefaultPrivileges ? Phase.DEFAULT_PRIVILEGES : Phase.GRANTS;
        }

        private void grant(GrantSpec g, List<Want> wants) {
            List<Attr> attrs = new ArrayList<>();
            boolean hadAny = false;
            boolean single = !(g.target() instanceof GrantTarget.OnObjects);
            for (Want w : wants) {
                Map<String, Boolean> have = w.obj.acl().getOrDefault(w.role, Map.of());
                hadAny |= !have.isEmpty();
                Set<String> plain = new TreeSet<>();
                Set<String> withOption = new TreeSet<>();
                Set<String> revoke = new TreeSet<>();
                Set<String> revokeOption = new TreeSet<>();
                for (String p : w.privileges) {
                    boolean wantOption = w.grantable.contains(p);
                    Boolean has = have.get(p);
                    if (has == null) {
                        (wantOption ? withOption : plain).add(p);
                    } else if (wantOption && !has) {
                        withOption.add(p);
                    } else if (!wantOption && has) {
                        revokeOption.add(p);
                    }
                }
                have.keySet().stream().filter(p -> !w.privileges.contains(p)).forEach(revoke::add);
                if (plain.isEmpty() && withOption.isEmpty() && revoke.isEmpty() && revokeOption.isEmpty()) {
                    continue;
                }
                Phase phase = phase(g);
                Obj o = w.obj;
                String to = Sql.grantee(w.role);
                if (!plain.isEmpty()) {
                    sql(phase, o.database(), grantSql(o, "GRANT " + String.join(", ", plain), " TO " + to), true);
                }
                if (!withOption.isEmpty()) {
                    sql(phase, o.database(), grantSql(o, "GRANT " + String.join(", ", withOption), " TO " + to)
                            + " WITH GRANT OPTION", true);
                }
                if (!revoke.isEmpty()) {
                    sql(phase, o.database(), grantSql(o, "REVOKE " + String.join(", ", revoke), " FROM " + to), true);
                }
                if (!revokeOption.isEmpty()) {
                    sql(phase, o.database(), grantSql(o, "REVOKE GRANT OPTION FOR " + String.join(", ", revokeOption),
                            " FROM " + to), true);
                }
                Map<String, Boolean> after = new TreeMap<>();
                w.privileges.forEach(p -> after.put(p, w.grantable.contains(p)));
                attrs.add(attr(single ? "privileges" : o.label(), have.isEmpty() ? null : show(have), show(after)));
            }
            if (!attrs.isEmpty()) {
                changes.get(phase(g)).add(Change.of(g.address(), hadAny ? Action.UPDATE : Action.CREATE, attrs));
            }
        }

        /** An absent grant: the listed privileges (ALL: every one) revoked, except what a present grant wants. */
        private void revoke(GrantSpec g, Map<String, Want> wants) {
            Optional<List<Obj>> objs = objects(g, false);
            if (objs.isEmpty()) {
                return;
            }
            Set<String> listed = Privileges.expand(g.target(), g.privileges(), facts.serverVersion());
            List<Attr> attrs = new ArrayList<>();
            Phase phase = phase(g);
            for (Obj o : objs.get()) {
                Map<String, Boolean> have = o.acl().getOrDefault(g.role(), Map.of());
                Want kept = wants.get(o.id() + "\u0000" + g.role());
                Set<String> revoke = new TreeSet<>(have.keySet());
                revoke.retainAll(listed);
                if (kept != null) {
                    revoke.removeAll(kept.privileges);
                }
                if (revoke.isEmpty()) {
                    continue;
                }
                deleteSql(phase, o.database(), grantSql(o, "REVOKE " + String.join(", ", revoke), " FROM "
                        + Sql.grantee(g.role())), true);
                Map<String, Boolean> after = new TreeMap<>(have);
                revoke.forEach(after::remove);
                attrs.add(attr(g.target() instanceof GrantTarget.OnObjects ? o.label() : "privileges", show(have),
                        after.isEmpty() ? null : show(after)));
            }
            if (!attrs.isEmpty()) {
                deleteChanges.get(phase).add(Change.of(g.address(), Action.DELETE, attrs));
            }
        }

        private static String show(Map<String, Boolean> privileges) {
            return privileges.entrySet().stream().map(e -> e.getKey() + (e.getValue() ? " (with grant option)" : ""))
                    .collect(Collectors.joining(", "));
        }

        /** {@code GRANT x ON TABLE t TO r}, or for default privileges the ALTER DEFAULT PRIVILEGES form. */
        private static String grantSql(Obj o, String verb, String who) {
            if (o.defaults().isPresent()) {
                GrantTarget.DefaultPrivileges d = o.defaults().get();
                return "ALTER DEFAULT PRIVILEGES FOR ROLE " + Sql.ident(d.forRole()) + " IN SCHEMA "
                        + Sql.ident(d.schema()) + " " + verb + " ON " + d.objects().name() + who;
            }
            return verb + " ON " + o.sqlKind() + " " + o.sqlName() + who;
        }

        /**
         * The objects a grant covers with their ACLs after this plan's owner changes; empty (with an
         * error when {@code present}) when they cannot be known.
         */
        private Optional<List<Obj>> objects(GrantSpec g, boolean present) {
            String what = "grant " + r(g.key());
            String db = database(g.target());
            Fate f = fate(db);
            if (f != Fate.EXISTS && f != Fate.CREATE) {
                if (present) {
                    errors.add(what + ": database " + r(db) + (f == Fate.DROP ? " is to be dropped"
                            : " does not exist and is not declared"));
                }
                return Optional.empty();
            }
            if (g.target() instanceof GrantTarget.OnDatabase) {
                PgFacts.Database live = facts.databases().get(db);
                String owner = dbOwners.get(db);
                Map<String, Map<String, Boolean>> acl = live == null
                        ? databaseDefault(owner) : newOwner(acl(live.acl()), live.owner(), owner);
                return Optional.of(List.of(new Obj("database:" + db, adminDb, "DATABASE", Sql.ident(db),
                        "database " + db, acl, Optional.empty())));
            }
            if (!readable(db, what)) {
                return Optional.empty();
            }
            String schema = g.target() instanceof GrantTarget.OnSchema t ? t.schema()
                    : g.target() instanceof GrantTarget.OnObjects t ? t.schema()
                    : ((GrantTarget.DefaultPrivileges) g.target()).schema();
            Optional<PgFacts.Schema> s = schemasAfter(db).map(m -> m.get(schema));
            if (s.isEmpty()) {
                if (present) {
                    errors.add(what + ": schema " + r(schema) + " does not exist in database " + r(db)
                            + " and is not declared");
                }
                return Optional.empty();
            }
            if (g.target() instanceof GrantTarget.DefaultPrivileges t) {
                return defaults(t, present, what);
            }
            if (g.target() instanceof GrantTarget.OnObjects t) {
                return inSchema(t, present, what);
            }
            return Optional.of(List.of(new Obj("schema:" + db + "." + schema, db, "SCHEMA", Sql.ident(schema),
                    "schema " + schema, acl(s.get().acl()), Optional.empty())));
        }

        private static String database(GrantTarget target) {
            if (target instanceof GrantTarget.OnDatabase t) {
                return t.database();
            }
            if (target instanceof GrantTarget.OnSchema t) {
                return t.database();
            }
            if (target instanceof GrantTarget.OnObjects t) {
                return t.database();
            }
            return ((GrantTarget.DefaultPrivileges) target).database();
        }

        private static Map<String, Map<String, Boolean>> databaseDefault(String owner) {
            Map<String, Map<String, Boolean>> acl = ownerOnly(owner, Set.of("CREATE", "CONNECT", "TEMPORARY"));
            acl.computeIfAbsent(GrantSpec.PUBLIC, k -> new TreeMap<>()).putAll(Map.of("CONNECT", false,
                    "TEMPORARY", false));
            return acl;
        }

        private Optional<List<Obj>> defaults(GrantTarget.DefaultPrivileges t, boolean present, String what) {
            if (!roleAfter(t.forRole())) {
                if (present) {
                    errors.add(what + ": for_role " + r(t.forRole()) + " does not exist and is not declared");
                }
                return Optional.empty();
            }
            List<PgFacts.Privilege> acl = contents(t.database()).stream()
                    .flatMap(o -> o.defaults().stream())
                    .filter(d -> d.role().equals(t.forRole()) && d.schema().equals(Optional.of(t.schema()))
                            && d.type() == t.objects())
                    .flatMap(d -> d.acl().stream()).toList();
            return Optional.of(List.of(new Obj(t.key(), t.database(), "", "", "default privileges", acl(acl),
                    Optional.of(t))));
        }

        private Optional<List<Obj>> inSchema(GrantTarget.OnObjects t, boolean present, String what) {
            List<PgFacts.DbObject> all = contents(t.database()).map(PgFacts.DatabaseObjects::objects).orElse(List.of())
                    .stream().filter(o -> o.type() == t.type() && o.schema().equals(t.schema())).toList();
            List<PgFacts.DbObject> chosen = new ArrayList<>();
            if (t.all()) {
                chosen.addAll(all);
            } else {
                Map<String, String> functions = contents(t.database()).map(PgFacts.DatabaseObjects::functions)
                        .orElse(Map.of());
                for (String n : t.names()) {
                    String name = t.type() == ObjectType.FUNCTIONS
                            ? functions.get(PgFacts.DatabaseObjects.signature(t.schema(), n)) : n;
                    Optional<PgFacts.DbObject> o = all.stream().filter(x -> x.name().equals(name)).findFirst();
                    if (o.isPresent()) {
                        chosen.add(o.get());
                    } else if (present) {
                        notes.add(what + ": " + singular(t.type()) + " " + r(t.schema() + "." + n) + " does not exist in"
                                + " database " + r(t.database()) + " yet; it is granted once it exists");
                    }
                }
            }
            String kind = switch (t.type()) {
                case TABLES -> "TABLE";
                case SEQUENCES -> "SEQUENCE";
                case FUNCTIONS -> "FUNCTION";
            };
            return Optional.of(chosen.stream().map(o -> new Obj(t.type().key() + ":" + t.database() + ":" + o.sqlName(),
                    t.database(), kind, o.sqlName(), singular(t.type()) + " " + o.schema() + "." + o.name(),
                    acl(o.acl()), Optional.<GrantTarget.DefaultPrivileges>empty())).toList());
        }

        private static String singular(ObjectType type) {
            return switch (type) {
                case TABLES -> "table";
                case SEQUENCES -> "sequence";
                case FUNCTIONS -> "function";
            };
        }

        // --- pg_hba.conf -----------------------------------------------------------------------

        private void hba() {
            if (hba.isEmpty()) {
                return;
            }
            if (!facts.local()) {
                errors.add("pg_hba rules: plumb edits pg_hba.conf over SSH, so the server must be on the SSH host"
                        + " (no direct:)");
                return;
            }
            if (facts.hba().isEmpty()) {
                errors.add("pg_hba rules: reading pg_hba.conf needs a superuser admin");
                return;
            }
            for (HbaRule rule : hba) {
                HbaFile.check(rule).ifPresent(why -> errors.add("hba " + r(rule.key()) + ": " + r(why)));
            }
            PgFacts.Hba live = facts.hba().get();
            HbaFile.Parsed parsed = HbaFile.parse(live.content());
            if (parsed instanceof HbaFile.Broken b) {
                errors.add(live.path() + ": " + b.why());
                return;
            }
            if (!errors.isEmpty()) {
                return;
            }
            Map<String, String> have = parsed instanceof HbaFile.Found found ? found.rules() : Map.of();
            List<String> liveErrors = live.errors().stream()
                    .filter(e -> !(parsed instanceof HbaFile.Found found && e.line() >= found.firstLine()
                            && e.line() <= found.lastLine()))
                    .map(PgFacts.HbaError::toString).toList();
            if (!liveErrors.isEmpty()) {
                errors.add(live.path() + " has lines the server rejects outside plumb's block ("
                        + r(String.join("; ", liveErrors)) + "); fix them first");
                return;
            }
            boolean explained = false;
            Set<String> declared = new LinkedHashSet<>();
            for (HbaRule rule : hba) {
                declared.add(rule.key());
                String line = have.get(rule.key());
                if (rule.state() == Presence.ABSENT) {
                    if (line != null) {
                        change(Phase.HBA, Change.of(rule.address(), Action.DELETE, List.of(attr("line", line, null))));
                        explained = true;
                    }
                    continue;
                }
                String want = HbaFile.line(rule, true);
                if (line == null) {
                    change(Phase.HBA, Change.of(rule.address(), Action.CREATE,
                            List.of(attr("line", null, HbaFile.line(rule, false)))));
                    explained = true;
                } else if (!line.equals(want)) {
                    // The declaration or the file changed: plumb cannot tell which, so it gives no reason.
                    change(Phase.HBA, Change.of(rule.address(), Action.UPDATE,
                            List.of(attr("line", line, HbaFile.line(rule, false)))));
                    explained = true;
                }
            }
            for (Map.Entry<String, String> e : have.entrySet()) {
                if (!declared.contains(e.getKey())) {
                    change(Phase.HBA, Change.of(new ResourceAddress(host, PostgresKind.HBA.addressKind(), e.getKey()),
                            Action.DELETE, List.of(attr("line", e.getValue(), null))).withReason("no longer declared"));
                    explained = true;
                }
            }
            String content = HbaFile.splice(HbaFile.without(live.content(), exclusiveHba(live.content())),
                    HbaFile.block(hba));
            explained |= changes.get(Phase.HBA).stream().anyMatch(c -> c.action() == Action.DELETE);
            ResourceAddress block = new ResourceAddress(host, PostgresKind.HBA.addressKind(), HBA_BLOCK);
            if (!content.equals(live.content())) {
                if (!explained) {
                    Optional<String> diff = ContentDiff.unified(live.path(), live.content(), content, redactor::redact);
                    change(Phase.HBA, Change.of(block, Action.UPDATE, List.of()).withDiff(diff)
                            .withReason("lines in the block that are not plumb's, or out of order"));
                }
                boolean secret = hba.stream().anyMatch(h -> h.options().values().stream().anyMatch(Text::sensitive));
                steps.get(Phase.HBA).add(new PgStep.HbaWrite(live.path(), live.sha256(), Text.of(content, secret)));
                steps.get(Phase.HBA).add(new PgStep.Reload());
            } else if (!live.loaded()) {
                change(Phase.HBA, Change.of(block, Action.UPDATE, List.of())
                        .withReason("pg_hba.conf changed after the server last loaded it: reload"));
                steps.get(Phase.HBA).add(new PgStep.Reload());
            }
        }

        /**
         * With {@code hba: {exclusive: true}}, the rule lines outside plumb's block that no declared
         * rule matches: each becomes a delete, and the lines to drop are returned. Lines for the
         * admin role are the server's own way in and are never touched.
         */
        private Set<Integer> exclusiveHba(String content) {
            if (!server.exclusive().contains(PostgresKind.HBA)) {
                return Set.of();
            }
            Set<String> wanted = new LinkedHashSet<>();
            hba.stream().filter(h -> h.state() == Presence.PRESENT)
                    .forEach(h -> wanted.add(HbaFile.line(h, true).strip().replaceAll("\\s+", " ")));
            Set<Integer> drop = new LinkedHashSet<>();
            for (HbaFile.Outside o : HbaFile.outside(content)) {
                if (wanted.contains(o.normalized()) || o.user().filter(u -> u.equals(server.adminUser())).isPresent()) {
                    continue;
                }
                drop.add(o.line());
                change(Phase.HBA, Change.of(new ResourceAddress(host, PostgresKind.HBA.addressKind(), o.normalized()),
                        Action.DELETE, List.of(attr("line", o.text(), null)))
                        .withReason("not declared, and hba rules are exclusive"));
            }
            return drop;
        }

        // --- server settings -------------------------------------------------------------------

        private void setting(SettingSpec spec) {
            PgFacts.Setting meta = facts.settings().get(spec.name());
            String name = Sql.settingName(spec.name());
            if (spec.state() == Presence.ABSENT) {
                if (meta != null && meta.inAutoConf()) {
                    deleteChanges.get(Phase.SETTINGS).add(withRestartReason(spec, meta, Change.of(spec.address(),
                            Action.DELETE, List.of(attr("value", display(meta), null)))));
                    deleteSteps.get(Phase.SETTINGS).add(PgStep.Sql.of(adminDb, "ALTER SYSTEM RESET " + name, false));
                    afterSettingChange(spec, meta);
                }
                return;
            }
            Text value = spec.value().orElseThrow();
            if (meta == null && spec.name().indexOf('.') < 0) {
                errors.add("setting " + spec.name() + ": the server has no such setting");
                return;
            }
            if (meta != null && meta.context().equals("internal")) {
                errors.add("setting " + spec.name() + " is fixed when PostgreSQL is built or the cluster created");
                return;
            }
            String want = value.reveal();
            boolean inEffect = meta != null && SettingValues.same(spec.name(), want, meta.setting(), meta.vartype(),
                    meta.unit());
            boolean pendingDiffers = meta != null && meta.pending().isPresent()
                    && !SettingValues.same(spec.name(), want, meta.pending().get(), meta.vartype(), meta.unit());
            if (inEffect && !pendingDiffers) {
                return;
            }
            if (meta != null && !inEffect && meta.pending().isPresent() && !pendingDiffers) {
                // Written already; only a restart makes it take effect.
                if (spec.restart()) {
                    change(Phase.SETTINGS, Change.of(spec.address(), Action.RESTART,
                                    List.of(attr("value", display(meta), value.toString())))
                            .withReason("written, takes effect when the server restarts"));
                    restartReasons.add(spec.name());
                } else {
                    notes.add("setting " + spec.name() + " is written but takes effect only when the server restarts;"
                            + " plumb restarts it only with restart: true");
                }
                return;
            }
            String statement = "ALTER SYSTEM SET " + name + " = ";
            steps.get(Phase.SETTINGS).add(new PgStep.Sql(adminDb, Text.of(statement
                    + SettingValues.sql(spec.name(), want), value.sensitive()), statement
                    + (value.sensitive() ? Sensitive.MASK : SettingValues.sql(spec.name(), want)), false));
            change(Phase.SETTINGS, withRestartReason(spec, meta, Change.of(spec.address(),
                    meta == null ? Action.CREATE : Action.UPDATE,
                    List.of(attr("value", meta == null ? null : display(meta), value.toString())))));
            afterSettingChange(spec, meta);
        }

        private static boolean needsRestart(PgFacts.Setting meta) {
            return meta != null && meta.context().equals("postmaster");
        }

        /** A change to a setting that needs a restart says whether one follows. */
        private static Change withRestartReason(SettingSpec spec, PgFacts.Setting meta, Change c) {
            return needsRestart(meta) ? c.withReason(spec.restart() ? "needs a server restart, which follows"
                    : "takes effect when the server restarts; plumb restarts it only with restart: true") : c;
        }

        private void afterSettingChange(SettingSpec spec, PgFacts.Setting meta) {
            reload = true;
            if (needsRestart(meta)) {
                if (spec.restart()) {
                    restartReasons.add(spec.name());
                } else {
                    notes.add("setting " + spec.name() + " takes effect only when the server restarts; plumb restarts"
                            + " it only with restart: true");
                }
            }
        }

        private String display(PgFacts.Setting meta) {
            return meta.setting() + meta.unit().map(u -> (Character.isDigit(u.charAt(0)) ? " × " : "") + u).orElse("");
        }
    }
}
