package dev.plumb.resource.postgres;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import dev.plumb.model.Sensitive;
import dev.plumb.resource.ImportOptions;
import dev.plumb.resource.Imported;
import dev.plumb.resource.ImportedSecret;
import dev.plumb.resource.postgres.migrations.AppliedHistory;
import dev.plumb.resource.postgres.migrations.MigrationException;

/**
 * A server's live state ({@link ImportProbe.Live}) as the value of a play's {@code postgres:} key
 * in format v1, written so that a plan of it against the same server is empty: the admin, the
 * settings ALTER SYSTEM wrote, roles, databases, schemas, grants ({@link ImportedGrants}), the
 * rules of plumb's pg_hba.conf block and migrations whose history matches their folder. System
 * objects are left out: the bootstrap superuser (the admin), {@code pg_*} roles, templates, the
 * {@code postgres} database, pg_hba.conf lines outside plumb's block. Passwords become
 * {@code ${secret.NAME}} references; every other live string is written with {@code ${} as
 * {@code $${}. Pure but for reading the migrations folders named in the options.
 */
final class ImportedServer {
    static final String ADMIN_SECRET = "postgres_admin_password";
    /** pg_hba.conf options that hold a secret. */
    private static final Set<String> SECRET_OPTIONS = Set.of("ldapbindpasswd", "radiussecrets");

    /** Where the parts of an import put what they tell the operator. */
    static final class Out {
        private final List<String> notes = new ArrayList<>();
        private final List<String> problems = new ArrayList<>();

        void note(String text) {
            notes.add(text);
        }

        void problem(String text) {
            problems.add(text);
        }
    }

    private final ImportProbe.Live live;
    private final ServerState s;
    private final ImportOptions options;
    private final Out out = new Out();
    private final List<ImportedSecret> secrets = new ArrayList<>();
    private final Set<String> secretNames = new HashSet<>();

    private ImportedServer(ImportProbe.Live live, ImportOptions options) {
        this.live = live;
        this.s = live.server();
        this.options = options;
    }

    static Imported of(ImportProbe.Live live, ImportOptions options) {
        return new ImportedServer(live, options).build();
    }

    private Imported build() {
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("admin", admin());
        Map<String, Object> settings = settings();
        if (!settings.isEmpty()) {
            value.put("settings", settings);
        }
        List<String> databases = databaseNames();
        put(value, PostgresKind.ROLE, roles(), options.exclusive());
        put(value, PostgresKind.DATABASE, databases(databases), options.exclusive());
        List<String> read = databases.stream().filter(db -> s.objects().containsKey(db)).toList();
        put(value, PostgresKind.SCHEMA, schemas(read), options.exclusive());
        put(value, PostgresKind.GRANT, ImportedGrants.of(s, databases, out), false);
        hba(value);
        put(value, PostgresKind.MIGRATIONS, migrations(databases), false);
        if (value.keySet().equals(Set.of("admin")) && out.problems.isEmpty()) {
            // Only the system's objects: no postgres: block (it would need the admin's password for nothing).
            List<String> notes = new ArrayList<>(out.notes);
            notes.add("PostgreSQL holds nothing beyond the system's objects; nothing imported from it");
            return new Imported(Map.of(), List.of(), notes, List.of());
        }
        return new Imported(value, secrets, out.notes, out.problems);
    }

    private Map<String, Object> admin() {
        Map<String, Object> admin = new LinkedHashMap<>();
        if (!s.bootstrapSuperuser().equals(PostgresServer.DEFAULT_ADMIN)) {
            admin.put("user", esc(s.bootstrapSuperuser()));
        }
        ServerState.Role bootstrap = s.roles().get(s.bootstrapSuperuser());
        if (bootstrap != null && bootstrap.password() instanceof ServerState.NoPassword) {
            out.note("role " + show(s.bootstrapSuperuser()) + " has no password: the first plan of this file sets it,"
                    + " over the local socket, to the value of secret " + ADMIN_SECRET);
        }
        admin.put("password", secret(ADMIN_SECRET, "password of the PostgreSQL admin role "
                + show(s.bootstrapSuperuser()) + " (when it does not match, plan sets it over the local socket)",
                Optional.empty()));
        return admin;
    }

    /** The settings ALTER SYSTEM wrote, as the server will run them next. */
    private Map<String, Object> settings() {
        Map<String, Object> out = new LinkedHashMap<>();
        for (ServerState.Setting st : s.settings().values()) {
            if (!st.inAutoConf()) {
                continue;
            }
            if (Identifiers.checkSetting(st.name()).isPresent()) {
                this.out.note("setting " + show(st.name()) + " is not a setting name format v1 reads; not imported");
                continue;
            }
            out.put(st.name(), esc(st.pending().orElseGet(() -> withUnit(st))));
            if (st.pending().isPresent()) {
                this.out.note("setting " + st.name() + " is written but takes effect only when the server restarts");
            }
        }
        return out;
    }

    /**
     * The value in effect with its unit when that is a plain one ({@code 16384kB}); a string as
     * stored (the server may show another: "(disabled)"); else as the server shows it.
     */
    private static String withUnit(ServerState.Setting st) {
        if (st.vartype().equals("string") && st.stored().isPresent()) {
            return st.stored().get();
        }
        return st.unit().filter(u -> !u.isEmpty() && !Character.isDigit(u.charAt(0))).map(u -> st.setting() + u)
                .orElse(st.setting());
    }

    private boolean systemRole(String role) {
        return role.startsWith("pg_") || role.equals(s.bootstrapSuperuser());
    }

    private List<Object> roles() {
        List<Object> out = new ArrayList<>();
        for (ServerState.Role r : s.roles().values()) {
            if (systemRole(r.name())) {
                continue;
            }
            Optional<String> bad = Identifiers.checkRole(r.name());
            if (bad.isPresent()) {
                this.out.problem("role " + show(r.name()) + " cannot be written in format v1 (" + bad.get()
                        + "); rename it, or import from a server without it");
                continue;
            }
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", esc(r.name()));
            // Every key explicit: an absent one would be left as it is.
            m.put("login", r.login());
            m.put("superuser", r.superuser());
            m.put("createdb", r.createdb());
            m.put("createrole", r.createrole());
            m.put("inherit", r.inherit());
            m.put("replication", r.replication());
            m.put("bypassrls", r.bypassrls());
            m.put("connection_limit", r.connectionLimit()); // explicit: an absent key is left as it is
            if (r.validUntil().filter(v -> v.equals(Instant.MIN)).isPresent()) {
                this.out.problem("role " + show(r.name()) + " is valid until -infinity, which format v1 cannot say");
            }
            m.put("valid_until", r.validUntil().filter(v -> !v.equals(Instant.MIN)).map(Instant::toString)
                    .orElse("infinity"));
            if (!(r.password() instanceof ServerState.NoPassword)) {
                m.put("password", secret(r.name() + "_password", "password of role " + show(r.name())
                        + " (PostgreSQL keeps only its verifier)", Optional.empty()));
            }
            m.put("settings", escValues(r.settings()));
            Map<String, Object> perDb = new LinkedHashMap<>();
            r.databaseSettings().forEach((db, values) -> perDb.put(db, escValues(values)));
            m.put("database_settings", perDb);
            m.put("member_of", memberOf(r));
            out.add(m);
        }
        return out;
    }

    /** Databases that are neither templates nor {@code postgres}, in the server's order. */
    private List<String> databaseNames() {
        return s.databases().values().stream().filter(d -> !d.template() && !d.name().equals("postgres"))
                .map(ServerState.Database::name).toList();
    }

    private List<Object> databases(List<String> names) {
        List<Object> out = new ArrayList<>();
        for (String name : names) {
            ServerState.Database d = s.databases().get(name);
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", esc(name));
            m.put("owner", esc(d.owner()));
            m.put("encoding", esc(d.encoding()));
            m.put("lc_collate", esc(d.collate()));
            m.put("lc_ctype", esc(d.ctype()));
            m.put("connection_limit", d.connectionLimit());
            out.add(m);
            if (!d.allowConnections()) {
                this.out.note("database " + show(name) + " does not allow connections: its schemas and the grants"
                        + " inside it are not imported");
            } else if (live.unread().containsKey(name)) {
                this.out.problem("database " + show(name) + " could not be read: " + live.unread().get(name));
            }
        }
        return out;
    }

    private List<Object> schemas(List<String> databases) {
        List<Object> out = new ArrayList<>();
        for (String db : databases) {
            for (ServerState.Schema schema : s.objects().get(db).schemas().values()) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("database", esc(db));
                m.put("name", esc(schema.name()));
                m.put("owner", esc(schema.owner()));
                out.add(m);
            }
        }
        return out;
    }

    /**
     * The rules of plumb's block. Lines outside it are left out (a plan leaves them as they are;
     * declared, they would move into the block); with them there, hba cannot be exclusive.
     */
    private void hba(Map<String, Object> value) {
        if (s.hba().isEmpty()) {
            out.problem("pg_hba.conf could not be read");
            return;
        }
        ServerState.Hba hba = s.hba().get();
        HbaFile.Parsed parsed = HbaFile.parse(hba.content());
        if (parsed instanceof HbaFile.Broken b) {
            out.problem(hba.path() + ": " + b.why());
            return;
        }
        List<Object> rules = new ArrayList<>();
        if (parsed instanceof HbaFile.Found found) {
            found.rules().forEach((key, line) -> hbaRule(key, line).ifPresent(rules::add));
            if (!found.stray().isEmpty()) {
                out.note(hba.path() + ": plumb's block holds " + found.stray().size() + " line(s) that are not its"
                        + " rules; the next apply removes them");
            }
        }
        if (!rules.isEmpty() && !hba.errors().isEmpty()) {
            out.problem(hba.path() + " has lines the server rejects (" + String.join("; ",
                    hba.errors().stream().map(ServerState.HbaError::toString).toList()) + "); fix them first");
        }
        if (!hba.loaded()) {
            out.note(hba.path() + " changed after the server last loaded it");
        }
        List<Integer> foreign = HbaFile.outside(hba.content()).stream()
                .filter(o -> o.user().filter(u -> u.equals(s.bootstrapSuperuser())).isEmpty())
                .map(o -> o.line() + 1).toList();
        boolean exclusive = options.exclusive();
        if (!foreign.isEmpty()) {
            out.note(hba.path() + ": line" + (foreign.size() == 1 ? " " : "s ") + foreign.stream().map(String::valueOf)
                    .reduce((a, b) -> a + ", " + b).orElse("") + " outside plumb's block "
                    + (foreign.size() == 1 ? "is" : "are") + " not imported (plumb leaves them as they are; declared,"
                    + " they would move into its block)" + (exclusive ? ", so hba is not written exclusive" : ""));
            exclusive = false;
        }
        put(value, PostgresKind.HBA, rules, exclusive);
    }

    /** A rule of plumb's block read back from its line: the fields plumb wrote, in its layout. */
    private Optional<Map<String, Object>> hbaRule(String key, String line) {
        List<List<String>> words = HbaAccess.words(line);
        String what = "hba rule " + show(key);
        if (words.stream().anyMatch(w -> w.size() != 1) || words.size() < 4) {
            out.problem(what + ": its line in plumb's block is not one plumb writes; fix or remove it");
            return Optional.empty();
        }
        List<String> w = words.stream().map(x -> x.get(0)).toList();
        Optional<HbaRule.Type> type = java.util.Arrays.stream(HbaRule.Type.values())
                .filter(t -> t.keyword().equals(w.get(0))).findFirst();
        if (type.isEmpty()) {
            out.problem(what + ": unknown connection type " + show(w.get(0)));
            return Optional.empty();
        }
        int at = type.get() == HbaRule.Type.LOCAL ? 3 : 4;
        boolean netmask = at == 4 && w.size() > 5 && HbaAddress.parse(w.get(3) + " " + w.get(4)).isPresent();
        at += netmask ? 1 : 0; // an address and a separate netmask, written as one address "ADDR MASK"
        if (w.size() <= at) {
            out.problem(what + ": its line in plumb's block has no method");
            return Optional.empty();
        }
        Optional<String> address = at >= 4 ? Optional.of(netmask ? w.get(3) + " " + w.get(4) : w.get(3))
                : Optional.empty();
        Map<String, String> options = new LinkedHashMap<>();
        for (String o : w.subList(at + 1, w.size())) {
            int eq = o.indexOf('=');
            if (eq <= 0) {
                out.problem(what + ": option " + show(o.replaceAll("=.*", "=…")) + " is not name=value");
                return Optional.empty();
            }
            options.put(o.substring(0, eq), o.substring(eq + 1));
        }
        HbaRule rule;
        try {
            Map<String, dev.plumb.model.Text> texts = new LinkedHashMap<>();
            options.forEach((k, v) -> texts.put(k, dev.plumb.model.Text.of(v, SECRET_OPTIONS.contains(k))));
            HbaRule unnamed = new HbaRule("import", Optional.empty(), type.get(), w.get(1), w.get(2), address,
                    w.get(at), texts, dev.plumb.model.Presence.PRESENT);
            rule = unnamed.key().equals(key) ? unnamed : new HbaRule("import", Optional.of(key), type.get(), w.get(1),
                    w.get(2), address, w.get(at), texts, dev.plumb.model.Presence.PRESENT);
        } catch (IllegalArgumentException e) {
            out.problem(what + ": " + e.getMessage());
            return Optional.empty();
        }
        if (!HbaFile.line(rule, true).equals(line)) {
            out.note(what + ": its line in plumb's block was edited by hand; a plan writes it back in plumb's layout");
        }
        Map<String, Object> m = new LinkedHashMap<>();
        rule.name().ifPresent(n -> m.put("name", esc(n)));
        m.put("type", rule.type().keyword());
        m.put("database", esc(rule.database()));
        m.put("user", esc(rule.user()));
        address.ifPresent(a -> m.put("address", esc(a)));
        m.put("method", rule.method());
        if (!options.isEmpty()) {
            Map<String, Object> opts = new LinkedHashMap<>();
            options.forEach((k, v) -> opts.put(k, SECRET_OPTIONS.contains(k)
                    ? secret("hba_" + key + "_" + k, "pg_hba.conf option " + k + " of hba rule " + show(key),
                    Optional.of(Sensitive.of(v))) : esc(v)));
            m.put("options", opts);
        }
        return Optional.of(m);
    }

    /**
     * {@code migrations} for the databases the options give a folder for, when the history
     * matches it; a note for each other database with a history.
     */
    private List<Object> migrations(List<String> databases) {
        List<Object> out = new ArrayList<>();
        for (String db : databases) {
            List<ImportProbe.History> histories = live.histories().getOrDefault(db, List.of());
            ImportOptions.MigrationFolder folder = options.migrations().get(db);
            if (folder == null) {
                if (!histories.isEmpty()) {
                    this.out.note("database " + show(db) + " has a Flyway history; --migrations " + db
                            + "=DIR imports it, checked against the folder DIR");
                }
                continue;
            }
            if (histories.size() != 1) {
                this.out.problem("migrations of " + show(db) + ": " + (histories.isEmpty()
                        ? "the database has no " + MigrationSpec.DEFAULT_TABLE + " table to check " + folder.location()
                                + " against"
                        : "the database has " + MigrationSpec.DEFAULT_TABLE + " tables in several schemas"));
                continue;
            }
            ImportProbe.History h = histories.get(0);
            try {
                List<String> mismatches = AppliedHistory.mismatches(folder.folder(), h.rows());
                if (!mismatches.isEmpty()) {
                    this.out.problem("migrations of " + show(db) + " do not match " + folder.location() + ": "
                            + String.join("; ", mismatches));
                    continue;
                }
            } catch (MigrationException e) {
                this.out.problem("migrations of " + show(db) + ": " + e.getMessage());
                continue;
            }
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("database", esc(db));
            m.put("location", esc(folder.location()));
            Optional<String> user = AppliedHistory.installedBy(h.rows()).filter(u -> !u.equals(s.bootstrapSuperuser()));
            Optional<ServerState.Role> role = user.map(u -> s.roles().get(u));
            if (role.isPresent() && role.get().login() && !(role.get().password() instanceof ServerState.NoPassword)) {
                m.put("user", esc(user.get()));
            } else if (user.isPresent()) {
                this.out.note("migrations of " + show(db) + " ran as " + show(user.get()) + ", which cannot log in with"
                        + " a password; written to run as the admin");
            }
            if (!h.schema().equals("public")) {
                m.put("schemas", List.of(esc(h.schema())));
            }
            out.add(m);
        }
        return out;
    }

    // ---- shared ------------------------------------------------------------------------------

    /** {@code items} under {@code kind}'s key: a list, or {@code {exclusive: true, items}}; nothing for none. */
    private static void put(Map<String, Object> value, PostgresKind kind, List<Object> items, boolean exclusive) {
        if (exclusive && kind.exclusive()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("exclusive", true);
            m.put("items", items);
            value.put(kind.key(), m);
        } else if (!items.isEmpty()) {
            value.put(kind.key(), items);
        }
    }


    /**
     * A role's memberships as they are: a plain name (no ADMIN OPTION), or {@code {role, admin,
     * inherit, set}} where a grant gives ADMIN OPTION or (PostgreSQL 16+) an option differs from
     * what a plain GRANT gives (inherit as the role's own, set true). An option holds when any
     * grantor's grant gives it.
     */
    private static List<Object> memberOf(ServerState.Role r) {
        Map<String, List<ServerState.Membership>> byRole = new java.util.TreeMap<>();
        r.memberOf().forEach(m -> byRole.computeIfAbsent(m.role(), k -> new ArrayList<>()).add(m));
        List<Object> out = new ArrayList<>();
        byRole.forEach((group, grants) -> {
            boolean admin = grants.stream().anyMatch(ServerState.Membership::admin);
            Optional<Boolean> inherit = any(grants, ServerState.Membership::inherit);
            Optional<Boolean> set = any(grants, ServerState.Membership::set);
            boolean plain = !admin && inherit.orElse(r.inherit()) == r.inherit() && set.orElse(true);
            if (plain) {
                out.add(esc(group));
                return;
            }
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("role", esc(group));
            m.put("admin", admin);
            inherit.ifPresent(v -> m.put("inherit", v));
            set.ifPresent(v -> m.put("set", v));
            out.add(m);
        });
        return out;
    }

    /** Whether any grant gives an option; empty when the server has no such option (before 16). */
    private static Optional<Boolean> any(List<ServerState.Membership> grants,
                                         java.util.function.Function<ServerState.Membership, Optional<Boolean>> option) {
        List<Boolean> values = grants.stream().map(option).flatMap(Optional::stream).toList();
        return values.isEmpty() ? Optional.empty() : Optional.of(values.contains(true));
    }

    /** A secret reference under a name no other secret of this import has. */
    private String secret(String raw, String what, Optional<Sensitive<String>> value) {
        String base = ImportedSecret.nameOf(raw);
        String name = base;
        for (int i = 2; !secretNames.add(name); i++) {
            name = base + "_" + i;
        }
        ImportedSecret secret = value.isPresent() ? ImportedSecret.read(name, what, value.get())
                : ImportedSecret.unreadable(name, what);
        secrets.add(secret);
        return secret.reference();
    }

    private static Map<String, Object> escValues(Map<String, String> values) {
        Map<String, Object> out = new LinkedHashMap<>();
        values.forEach((k, v) -> out.put(k, esc(v)));
        return out;
    }

    /** A live string as format v1 writes it: {@code ${} is {@code $${}. */
    static String esc(String live) {
        return live.replace("${", "$${");
    }

    /** A name in a one-line message: quoted, with line breaks and other control characters escaped. */
    static String show(String name) {
        StringBuilder b = new StringBuilder("'");
        name.codePoints().forEach(c -> {
            if (c == '\n') {
                b.append("\\n");
            } else if (c < 0x20 || c == 0x7f) {
                b.append(String.format("\\x%02x", c));
            } else {
                b.appendCodePoint(c);
            }
        });
        return b.append("'").toString();
    }
}
