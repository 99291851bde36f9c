package dev.plumb.resource.postgres;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.regex.Pattern;

import dev.plumb.model.Presence;
import dev.plumb.model.ResourceAddress;
import dev.plumb.model.Sensitive;
import dev.plumb.model.Text;
import dev.plumb.plan.Action;
import dev.plumb.plan.Attr;
import dev.plumb.plan.Change;
import dev.plumb.resource.postgres.PlanState.Fate;
import dev.plumb.resource.postgres.PlanState.Phase;

/**
 * Roles: attributes, password (as a SCRAM-SHA-256 verifier), memberships and settings, server-wide
 * in {@link Phase#ROLES} and per database in {@link Phase#ROLE_DB_SETTINGS}; drops (declared
 * absent, or undeclared with exclusive roles) as deletions. A key the role leaves out is left as
 * it is; a declared one is exact (declared settings and memberships are the only ones, the others
 * reset or revoked). Plans after the database fates are known, before anything else.
 */
final class RolePlanner {
    /** An md5 password hash as pg_authid stores it: {@code md5} and 32 hex digits. */
    private static final Pattern MD5 = Pattern.compile("md5[0-9a-f]{32}");

    private final PlanState s;
    private final MembershipPlanner memberships;

    RolePlanner(PlanState s) {
        this.s = s;
        this.memberships = new MembershipPlanner(s);
    }

    /** Every declared role, then the drops of exclusive roles. */
    void plan() {
        s.declared().roles().forEach(this::role);
        exclusive();
    }

    private void role(RoleSpec spec) {
        ServerState.Role live = s.facts().roles().get(spec.name());
        String name = Sql.ident(spec.name());
        if (spec.state() == Presence.ABSENT) {
            if (live != null) {
                if (s.protectedRole(spec.name())) {
                    s.error("role " + s.r(spec.name()) + ": plumb will not drop the admin or bootstrap superuser");
                    return;
                }
                new RoleDrop(s).plan(spec.name(), spec.reassignOwnedTo(),
                        Change.of(spec.address(), Action.DELETE, List.of()));
            }
            return;
        }
        for (RoleSpec.Member group : spec.memberOf().orElse(List.of())) {
            if (!s.roleAfter(group.role())) {
                s.error("role " + s.r(spec.name()) + ": member_of " + s.r(group.role())
                        + ", which does not exist and is not declared");
            }
        }
        Optional<Instant> validUntil;
        try {
            validUntil = spec.validUntil().map(PgPlanner::validUntil).orElse(null); // null: not managed
        } catch (IllegalArgumentException e) {
            s.error("role " + s.r(spec.name()) + ": " + s.r(e.getMessage()));
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
            spec.connectionLimit().ifPresent(n -> {
                options.add("CONNECTION LIMIT " + n);
                if (n != -1) {
                    attrs.add(s.attr("connection_limit", null, String.valueOf(n)));
                }
            });
            if (validUntil != null) {
                validUntil.ifPresent(v -> {
                    options.add("VALID UNTIL " + Sql.literal(v.toString()));
                    attrs.add(s.attr("valid_until", null, v.toString()));
                });
            }
            if (spec.password().isPresent()) {
                password = Optional.of(toStore(spec).reveal());
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
            spec.connectionLimit().filter(n -> n != live.connectionLimit()).ifPresent(n -> {
                options.add("CONNECTION LIMIT " + n);
                attrs.add(s.attr("connection_limit", String.valueOf(live.connectionLimit()), String.valueOf(n)));
            });
            if (validUntil != null && !live.validUntil().equals(validUntil)) {
                options.add("VALID UNTIL " + Sql.literal(validUntil.map(Instant::toString).orElse("infinity")));
                attrs.add(s.attr("valid_until", live.validUntil().map(Instant::toString).orElse("infinity"),
                        validUntil.map(Instant::toString).orElse("infinity")));
            }
            if (spec.password().isPresent()) {
                Optional<String> before = passwordChange(spec, live);
                if (before.isPresent()) {
                    password = Optional.of(toStore(spec).reveal());
                    attrs.add(Attr.of("password", before.get(), Sensitive.MASK));
                }
            } else if (spec.noPassword() && live.password() instanceof ServerState.Stored) {
                options.add("PASSWORD NULL");
                attrs.add(Attr.of("password", Sensitive.MASK, "(none)"));
            } else if (spec.noPassword() && live.password() instanceof ServerState.Unreadable) {
                s.note("role " + s.r(spec.name()) + ": password: cannot verify that it has none (reading pg_authid"
                        + " needs a superuser); left as it is");
            }
        }
        String withOptions = options.isEmpty() ? "" : " WITH " + String.join(" ", options);
        if (live == null) {
            roleStatement("CREATE ROLE " + name + withOptions, password);
        } else if (!options.isEmpty() || password.isPresent()) {
            roleStatement("ALTER ROLE " + name + (options.isEmpty() ? " WITH" : withOptions), password);
        }

        memberships.plan(spec, live, attrs);
        roleSettings(spec, live, attrs);
        if (!attrs.isEmpty() || live == null) {
            if (live != null && live.password() instanceof ServerState.Unreadable && spec.password().isPresent()) {
                attrs.add(Attr.set("password", "cannot verify"));
            }
            s.change(Phase.ROLES, Change.of(spec.address(), live == null ? Action.CREATE : Action.UPDATE, attrs));
        }
    }

    /** The shown "before" of a password that must be set, or empty when the stored one matches. */
    private Optional<String> passwordChange(RoleSpec spec, ServerState.Role live) {
        Sensitive<String> want = spec.password().get();
        if (live.password() instanceof ServerState.Unreadable) {
            s.note("role " + s.r(spec.name()) + ": password: cannot verify (reading pg_authid needs a"
                    + " superuser); left as it is");
            return Optional.empty();
        }
        if (!(live.password() instanceof ServerState.Stored stored)) {
            return Optional.of("(none)");
        }
        if (preHashed(want)) { // stored as given: the same text is the same password
            return stored.verifier().reveal().equals(want.reveal()) ? Optional.empty() : Optional.of(Sensitive.MASK);
        }
        if (stored.scram()) {
            boolean same = Scram.parse(stored.verifier().reveal()).filter(v -> Scram.matches(want, v)).isPresent();
            return same ? Optional.empty() : Optional.of(Sensitive.MASK);
        }
        if (stored.md5()) {
            return Optional.of(PgPlanner.md5Matches(want, spec.name(), stored.verifier().reveal())
                    ? "(sensitive, stored as md5; same password, stored again as SCRAM-SHA-256)"
                    : "(sensitive, stored as md5)");
        }
        return Optional.of(Sensitive.MASK);
    }

    /**
     * What to store for the declared password: a SCRAM-SHA-256 verifier (or an md5 hash) given as
     * the password is stored as it is, as PostgreSQL itself does (hashing it again would set a
     * password nobody knows); anything else gets a fresh SCRAM-SHA-256 verifier. An md5 hash is
     * noted: PostgreSQL deprecates md5 passwords.
     */
    private Sensitive<String> toStore(RoleSpec spec) {
        Sensitive<String> declared = spec.password().orElseThrow();
        if (MD5.matcher(declared.reveal()).matches()) {
            s.note("role " + s.r(spec.name()) + ": password is given as an md5 hash and stored as it is;"
                    + " md5 passwords are deprecated (give the password or a SCRAM-SHA-256 verifier)");
        }
        return preHashed(declared) ? declared : Scram.verifier(declared);
    }

    /** Whether {@code password} is already a SCRAM-SHA-256 verifier or an md5 hash. */
    static boolean preHashed(Sensitive<String> password) {
        return Scram.parse(password.reveal()).isPresent() || MD5.matcher(password.reveal()).matches();
    }

    /** CREATE or ALTER ROLE; with a verifier, a secret statement shown with the password masked. */
    private void roleStatement(String statement, Optional<String> verifier) {
        if (verifier.isEmpty()) {
            s.sql(Phase.ROLES, s.adminDb(), statement, true);
            return;
        }
        String full = statement + " PASSWORD " + Sql.literal(verifier.get());
        s.step(Phase.ROLES, new PgStep.Sql(s.adminDb(), Text.secret(full),
                statement + " PASSWORD " + Sensitive.MASK, true));
    }

    /**
     * A role attribute, when declared; {@code before} null for a new role, whose attrs show only
     * non-defaults.
     */
    private void flag(List<Attr> attrs, List<String> options, String name, Boolean before, Optional<Boolean> declared) {
        if (declared.isEmpty()) {
            return; // not managed: a new role gets PostgreSQL's default
        }
        boolean after = declared.get();
        if (before == null) {
            options.add((after ? "" : "NO") + name.toUpperCase(Locale.ROOT));
            boolean byDefault = name.equals("inherit");
            if (after != byDefault) {
                attrs.add(s.attr(name, null, String.valueOf(after)));
            }
        } else if (before != after) {
            options.add((after ? "" : "NO") + name.toUpperCase(Locale.ROOT));
            attrs.add(s.attr(name, String.valueOf(before), String.valueOf(after)));
        }
    }

    /**
     * Settings server-wide, then per database (each when declared, and then exact: in every
     * database, those of databases not named are reset); none for a database that is dropped.
     */
    private void roleSettings(RoleSpec spec, ServerState.Role live, List<Attr> attrs) {
        String role = Sql.ident(spec.name());
        String adminDb = s.adminDb();
        spec.settings().ifPresent(settings -> settingsDiff(spec, settings, live == null ? Map.of() : live.settings(),
                "setting ", attrs,
                (name, value) -> s.sql(Phase.ROLES, adminDb, "ALTER ROLE " + role + " SET " + Sql.settingName(name)
                        + " TO " + SettingValues.sql(name, value), true),
                name -> s.sql(Phase.ROLES, adminDb, "ALTER ROLE " + role + " RESET " + Sql.settingName(name), true)));
        if (spec.databaseSettings().isEmpty()) {
            return; // not managed
        }
        Map<String, Map<String, String>> declared = spec.databaseSettings().get();
        Map<String, Map<String, String>> liveDb = live == null ? Map.of() : live.databaseSettings();
        Set<String> dbs = new LinkedHashSet<>(declared.keySet());
        dbs.addAll(liveDb.keySet());
        for (String db : dbs) {
            Map<String, String> want = declared.getOrDefault(db, Map.of());
            Fate fate = s.fate(db);
            if (!want.isEmpty() && fate != Fate.EXISTS && fate != Fate.CREATE) {
                s.error("role " + s.r(spec.name()) + ": database_settings for " + s.r(db)
                        + ", a database that does not exist and is not declared");
                continue;
            }
            if (fate == Fate.DROP) {
                continue; // its settings go with it
            }
            String in = " IN DATABASE " + Sql.ident(db);
            settingsDiff(spec, want, liveDb.getOrDefault(db, Map.of()), "setting in " + db + ": ", attrs,
                    (name, value) -> s.sql(Phase.ROLE_DB_SETTINGS, adminDb, "ALTER ROLE " + role + in + " SET "
                            + Sql.settingName(name) + " TO " + SettingValues.sql(name, value), true),
                    name -> s.sql(Phase.ROLE_DB_SETTINGS, adminDb, "ALTER ROLE " + role + in + " RESET "
                            + Sql.settingName(name), true));
        }
    }

    /** Exact: declared values set when they differ, undeclared ones reset. */
    private void settingsDiff(RoleSpec spec, Map<String, String> want, Map<String, String> have, String label,
                              List<Attr> attrs, BiConsumer<String, String> set, Consumer<String> reset) {
        Map<String, String> wantLower = new LinkedHashMap<>();
        want.forEach((k, v) -> wantLower.put(k.toLowerCase(Locale.ROOT), v));
        wantLower.forEach((name, value) -> {
            if (refused(spec, name, value)) {
                return;
            }
            String current = have.get(name);
            if (current == null || !sameSetting(name, value, current)) {
                set.accept(name, value);
                attrs.add(s.attr(label + name, current, value));
            }
        });
        have.forEach((name, value) -> {
            if (!wantLower.containsKey(name)) {
                reset.accept(name);
                attrs.add(s.attr(label + name, value, null));
            }
        });
    }

    /**
     * Whether the server would refuse {@code value} for the setting {@code name} (an error then);
     * a name with a dot is an extension's, which the server may not know yet.
     */
    private boolean refused(RoleSpec spec, String name, String value) {
        ServerState.Setting meta = s.facts().settings().get(name);
        if (meta == null) {
            if (name.indexOf('.') >= 0) {
                return false;
            }
            s.error(spec.address(), "role " + spec.name(), "setting " + name + ": the server has no such setting",
                    "check the name against pg_settings (SHOW ALL); an extension's settings are named ext.name");
            return true;
        }
        Optional<SettingCheck.Problem> problem = SettingCheck.check(value, meta);
        problem.ifPresent(p -> s.error(spec.address(), "role " + spec.name(), "setting " + name + ": " + p.message(),
                p.hint()));
        return problem.isPresent();
    }

    private boolean sameSetting(String name, String a, String b) {
        ServerState.Setting meta = s.facts().settings().get(name);
        return meta == null ? a.equals(b) : SettingValues.same(name, a, b, meta.vartype(), meta.unit());
    }

    private void exclusive() {
        if (!s.server().exclusive().contains(PostgresKind.ROLE)) {
            return;
        }
        for (String role : s.facts().roles().keySet()) {
            if (s.droppedByExclusive(role)) {
                new RoleDrop(s).plan(role, Optional.empty(), Change.of(
                                new ResourceAddress(s.host(), PostgresKind.ROLE.addressKind(), role), Action.DELETE,
                                List.of())
                        .withReason("not declared, and roles are exclusive"));
            }
        }
    }
}
