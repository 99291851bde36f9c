package dev.plumb.config;

import dev.plumb.model.Presence;
import dev.plumb.model.Sensitive;
import dev.plumb.model.Text;
import dev.plumb.resource.postgres.DatabaseSpec;
import dev.plumb.resource.postgres.FunctionSignature;
import dev.plumb.resource.postgres.GrantSpec;
import dev.plumb.resource.postgres.GrantTarget;
import dev.plumb.resource.postgres.HbaAddress;
import dev.plumb.resource.postgres.HbaRule;
import dev.plumb.resource.postgres.Identifiers;
import dev.plumb.resource.postgres.MigrationSpec;
import dev.plumb.resource.postgres.ObjectType;
import dev.plumb.resource.postgres.PostgresKind;
import dev.plumb.resource.postgres.PostgresServer;
import dev.plumb.resource.postgres.RoleSpec;
import dev.plumb.resource.postgres.SchemaSpec;
import dev.plumb.resource.postgres.SettingSpec;
import dev.plumb.transport.jdbc.Endpoint;
import dev.plumb.transport.jdbc.PgSecurity;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Reads a play's {@code postgres:} block for one host: the admin connection and each kind.
 * A kind is a list, or (roles, databases, schemas, grants, hba) {@code {exclusive: true,
 * items: [...]}}; {@code settings} is a mapping of setting name to value or {@code {value,
 * restart, state}}.
 */
public final class PostgresKinds {
    private static final List<String> BLOCK = List.of("admin", "direct", "sslmode", "sslrootcert",
            "allow_cleartext_password", "roles", "databases", "schemas", "grants", "hba", "settings", "migrations");
    /** The keys that describe the admin connection beside {@code admin}. */
    private static final List<String> CONNECTION = List.of("direct", "sslmode", "sslrootcert",
            "allow_cleartext_password");
    private static final List<String> ADMIN = List.of("user", "password", "database");
    private static final List<String> EXCLUSIVE = List.of("exclusive", "items");
    private static final List<String> ROLE = List.of("name", "login", "superuser", "createdb", "createrole", "inherit",
            "replication", "bypassrls", "connection_limit", "valid_until", "password", "settings", "database_settings",
            "member_of", "state", "reassign_owned_to");
    private static final List<String> MEMBER = List.of("role", "admin", "inherit", "set");
    private static final List<String> DATABASE = List.of("name", "owner", "encoding", "lc_collate", "lc_ctype",
            "template", "connection_limit", "state", "force");
    private static final List<String> SCHEMA = List.of("database", "name", "owner", "state", "cascade");
    private static final List<String> GRANT = List.of("role", "privileges", "on", "default_privileges", "grant_option",
            "state");
    private static final List<String> GRANT_TARGETS = List.of("on", "default_privileges");
    private static final List<String> ON = List.of("database", "schema", "tables", "sequences", "functions");
    private static final List<String> OBJECTS = List.of("tables", "sequences", "functions");
    private static final List<String> DEFAULT_PRIVILEGES = List.of("database", "schema", "for_role", "objects");
    private static final List<String> HBA = List.of("name", "type", "database", "user", "address", "method", "options",
            "state");
    private static final List<String> SETTING = List.of("value", "restart", "state");
    private static final List<String> MIGRATION = List.of("database", "location", "user", "schemas", "baseline_version",
            "table", "state");

    /** One kind's reader: the item's fields in, at most one resource out (to the sink). */
    private interface ItemReader {
        void read(Walker w, Fields f, Sources sources, Sink sink);
    }

    private record Item(List<String> keys, ItemReader reader) {
    }

    private PostgresKinds() {
    }

    public static void read(Walker w, Node block, Sources sources, Sink sink) {
        w.map(block, "postgres", BLOCK).ifPresent(f -> {
            if (f.has("admin")) {
                connection(w, f, sources, sink);
            } else {
                for (String key : CONNECTION) {
                    f.get(key).ifPresent(n -> w.error(n, "'" + key + "' belongs with 'admin'",
                            "declare admin and " + String.join(", ", CONNECTION) + " together in one postgres block"));
                }
            }
            for (String key : f.keys()) {
                Node n = f.get(key).orElseThrow();
                Stream.of(PostgresKind.values()).filter(k -> k.key().equals(key)).findFirst().ifPresent(kind -> {
                    sink.usesPostgres(w.at(n));
                    if (kind == PostgresKind.SETTING) {
                        settings(w, n, sink);
                        return;
                    }
                    Item item = item(kind);
                    for (Node itemNode : items(w, n, kind, sink)) {
                        w.map(itemNode, kind.noun(), item.keys()).ifPresent(itemFields -> item.reader()
                                .read(w, itemFields, sources, sink));
                    }
                });
            }
        });
    }

    /** The keys and reader of a list kind's items; settings are a mapping, read by {@link #settings}. */
    private static Item item(PostgresKind kind) {
        return switch (kind) {
            case ROLE -> new Item(ROLE, PostgresKinds::role);
            case DATABASE -> new Item(DATABASE, PostgresKinds::database);
            case SCHEMA -> new Item(SCHEMA, PostgresKinds::schema);
            case GRANT -> new Item(GRANT, PostgresKinds::grant);
            case HBA -> new Item(HBA, PostgresKinds::hba);
            case MIGRATIONS -> new Item(MIGRATION, PostgresKinds::migration);
            case SETTING -> throw new IllegalArgumentException("settings are a mapping, not a list");
        };
    }

    /** The items of a kind: a plain list, or {@code {exclusive, items}} where the kind allows it. */
    private static List<Node> items(Walker w, Node node, PostgresKind kind, Sink sink) {
        if (node instanceof MappingNode && kind.exclusive()) {
            return w.map(node, kind.key(), EXCLUSIVE).map(f -> {
                if (f.bool("exclusive").orElse(false)) {
                    sink.exclusive(kind);
                }
                return f.require("items").flatMap(n -> w.list(n, "items")).orElse(List.of());
            }).orElse(List.of());
        }
        return w.list(node, kind.key()).orElse(List.of());
    }

    /**
     * The admin connection. {@code sslrootcert} is read now (relative to the playbook) and must
     * hold PEM certificates; it is refused where it would be unused (sslmode disable).
     */
    private static void connection(Walker w, Fields block, Sources sources, Sink sink) {
        Node adminNode = block.get("admin").orElseThrow();
        sink.adminDeclared(w.at(adminNode));
        w.map(adminNode, "admin", ADMIN).ifPresent(f -> {
            String user = f.string("user", identifier("admin user")).orElse(PostgresServer.DEFAULT_ADMIN);
            Optional<Sensitive<String>> password = f.require("password").flatMap(n -> w.text(n, "password"))
                    .flatMap(t -> f.valid("password", Optional.of(t), PostgresKinds::nonEmptyPassword))
                    .map(t -> Sensitive.of(t.reveal()));
            String database = f.string("database", identifier("admin database")).orElse(PostgresServer.DEFAULT_ADMIN);
            Optional<Endpoint> direct = block.get("direct").flatMap(n -> w.string(n, "direct")
                    .flatMap(s -> w.build(n, () -> Endpoint.parse(s))));
            Optional<String> sslmode = block.get("sslmode").flatMap(n -> w.oneOf(n, "sslmode", PostgresServer.SSLMODES));
            Optional<String> rootCert = block.get("sslrootcert").flatMap(n -> w.path(n, "sslrootcert")
                    .flatMap(p -> sources.read(p, "sslrootcert file", Optional.of(w.at(n))))
                    .flatMap(pem -> w.check(n, Optional.of(pem), t -> PgSecurity.checkCertificates(t)
                            .map(why -> "sslrootcert file " + why))));
            String effective = sslmode.orElse(PgSecurity.defaultSslmode(block.has("direct")));
            block.get("sslrootcert").filter(n -> effective.equals("disable")).ifPresent(n -> w.error(n,
                    "sslrootcert is unused with sslmode disable" + (sslmode.isEmpty() ? " (the default through the SSH"
                            + " tunnel)" : ""), "set sslmode: verify-full to check the server against it"));
            boolean cleartext = block.bool("allow_cleartext_password").orElse(false);
            password.flatMap(p -> w.build(adminNode, () -> new PostgresServer(user, p, database, direct, sslmode,
                    rootCert, cleartext, Set.of()))).ifPresent(s -> sink.connection(w.at(adminNode), s));
        });
    }

    private static void role(Walker w, Fields f, Sources sources, Sink sink) {
        Optional<String> name = f.require("name").flatMap(n -> w.check(n, w.string(n, "name"), Identifiers::checkRole));
        boolean noPassword = f.get("password").filter(Walker::isNull).isPresent(); // password: null
        Optional<Sensitive<String>> password = noPassword ? Optional.empty() : f.text("password")
                .flatMap(t -> f.valid("password", Optional.of(t), PostgresKinds::nonEmptyPassword))
                .map(t -> Sensitive.of(t.reveal()));
        // Absent keys are empty: left as they are (see RoleSpec).
        Optional<Map<String, String>> settings = f.get("settings").flatMap(n -> settingValues(w, n, "settings"));
        Optional<Map<String, Map<String, String>>> databaseSettings = f.get("database_settings")
                .flatMap(n -> w.entries(n, "database_settings")).map(entries -> {
                    Map<String, Map<String, String>> out = new LinkedHashMap<>();
                    entries.forEach(e -> w.check(e.keyNode(), Optional.of(e.key()), identifier("database name"))
                            .flatMap(db -> settingValues(w, e.value(), "database_settings." + db))
                            .ifPresent(s -> out.put(e.key(), s)));
                    return out;
                });
        Optional<List<RoleSpec.Member>> memberOf = f.get("member_of").flatMap(n -> memberOf(w, n));
        Optional<Boolean> login = f.bool("login");
        Optional<Boolean> superuser = f.bool("superuser");
        Optional<Boolean> createdb = f.bool("createdb");
        Optional<Boolean> createrole = f.bool("createrole");
        Optional<Boolean> inherit = f.bool("inherit");
        Optional<Boolean> replication = f.bool("replication");
        Optional<Boolean> bypassrls = f.bool("bypassrls");
        Optional<Integer> connectionLimit = connectionLimit(f);
        Optional<String> validUntil = f.string("valid_until", Walker::nonEmpty);
        Presence state = presence(f);
        Optional<String> reassignTo = f.string("reassign_owned_to", identifier("role name"));
        f.get("reassign_owned_to").filter(n -> state != Presence.ABSENT).ifPresent(n -> w.error(n,
                "reassign_owned_to applies only to a role with state: absent",
                "add state: absent, or remove reassign_owned_to"));
        name.flatMap(n -> w.build(f.node(), () -> new RoleSpec(sink.host(), n, login, superuser, createdb, createrole,
                inherit, replication, bypassrls, connectionLimit, validUntil, password, settings, databaseSettings,
                memberOf, state, reassignTo.filter(t -> state == Presence.ABSENT), noPassword)))
                .ifPresent(r -> sink.add(f.at(), r));
    }

    private static void database(Walker w, Fields f, Sources sources, Sink sink) {
        Optional<String> name = requireIdentifier(w, f, "name", "database name");
        Optional<String> owner = f.string("owner", identifier("owner"));
        Optional<String> encoding = f.string("encoding", Walker::nonEmpty);
        Optional<String> lcCollate = f.string("lc_collate", Walker::nonEmpty);
        Optional<String> lcCtype = f.string("lc_ctype", Walker::nonEmpty);
        Optional<String> template = f.string("template", identifier("template"));
        Optional<Integer> connectionLimit = connectionLimit(f);
        Presence state = presence(f);
        boolean force = f.bool("force").orElse(false);
        name.flatMap(n -> w.build(f.node(), () -> new DatabaseSpec(sink.host(), n, owner, encoding, lcCollate, lcCtype,
                template, connectionLimit, state, force))).ifPresent(r -> sink.add(f.at(), r));
    }

    private static void schema(Walker w, Fields f, Sources sources, Sink sink) {
        Optional<String> database = requireIdentifier(w, f, "database", "database name");
        Optional<String> name = requireIdentifier(w, f, "name", "schema name");
        Optional<String> owner = f.string("owner", identifier("owner"));
        Presence state = presence(f);
        boolean cascade = f.bool("cascade").orElse(false);
        if (database.isPresent() && name.isPresent()) {
            w.build(f.node(), () -> new SchemaSpec(sink.host(), database.get(), name.get(), owner, state, cascade))
                    .ifPresent(r -> sink.add(f.at(), r));
        }
    }

    private static void grant(Walker w, Fields f, Sources sources, Sink sink) {
        Optional<String> role = requireIdentifier(w, f, "role", "grant role");
        Optional<List<String>> privileges = f.require("privileges").flatMap(n -> w.strings(n, "privileges"));
        Optional<GrantTarget> target = f.oneOf(GRANT_TARGETS, true).flatMap(k -> k.equals("on")
                ? f.get(k).flatMap(n -> on(w, n)) : f.get(k).flatMap(n -> defaultPrivileges(w, n)));
        Optional<Boolean> grantOption = f.bool("grant_option"); // absent: left as it is
        Presence state = presence(f);
        if (role.isPresent() && target.isPresent()
                && f.valid("privileges", privileges, p -> GrantSpec.checkPrivileges(target.get(), p)).isPresent()) {
            w.build(f.node(), () -> new GrantSpec(sink.host(), role.get(), privileges.get(), target.get(), grantOption,
                    state)).ifPresent(r -> sink.add(f.at(), r));
        }
    }

    private static Optional<GrantTarget> on(Walker w, Node node) {
        return w.map(node, "on", ON).flatMap(f -> {
            Optional<String> database = requireIdentifier(w, f, "database", "database name");
            Optional<String> schema = f.string("schema", identifier("schema name"));
            Optional<String> objects = f.oneOf(OBJECTS, false);
            if (objects.isPresent() && !f.has("schema")) {
                w.error(f.node(), "a grant on " + objects.get() + " needs 'schema'", null);
                return Optional.empty();
            }
            if (database.isEmpty() || f.has("schema") != schema.isPresent()) {
                return Optional.empty();
            }
            if (objects.isEmpty()) {
                return Optional.of(schema.isEmpty() ? new GrantTarget.OnDatabase(database.get())
                        : new GrantTarget.OnSchema(database.get(), schema.get()));
            }
            ObjectType type = ObjectType.valueOf(objects.get().toUpperCase(Locale.ROOT));
            return objectNames(w, f.get(objects.get()).orElseThrow(), objects.get(), type == ObjectType.FUNCTIONS)
                    .map(names -> new GrantTarget.OnObjects(database.get(), schema.get(), type, names));
        });
    }

    /**
     * {@code ALL} (any case) is every object of the type: an empty list; else a non-empty list of
     * names, for functions each with its argument types ({@link FunctionSignature}).
     */
    private static Optional<List<String>> objectNames(Walker w, Node node, String what, boolean functions) {
        if (node instanceof SequenceNode) {
            Function<String, Optional<String>> rule = functions
                    ? n -> identifier("object name").apply(n).or(() -> FunctionSignature.parse(n).problem())
                    : identifier("object name");
            return w.check(node, w.strings(node, what), names -> names.isEmpty()
                    ? Optional.of("'" + what + "' lists no names") : each(rule).apply(names));
        }
        Optional<String> all = w.string(node, what);
        if (all.isPresent() && !all.get().equalsIgnoreCase("ALL")) {
            w.error(node, "expected ALL or a list of names for '" + what + "'",
                    "write " + what + ": ALL or " + what + ": [name1, name2]");
            return Optional.empty();
        }
        return all.map(a -> List.of());
    }

    private static Optional<GrantTarget> defaultPrivileges(Walker w, Node node) {
        return w.map(node, "default_privileges", DEFAULT_PRIVILEGES).flatMap(f -> {
            Optional<String> database = requireIdentifier(w, f, "database", "database name");
            Optional<String> schema = f.string("schema", identifier("schema name"));
            Optional<String> forRole = requireIdentifier(w, f, "for_role", "role name");
            Optional<ObjectType> objects = f.require("objects").flatMap(n -> w.choice(n, "objects", ObjectType.class));
            if (database.isEmpty() || f.has("schema") != schema.isPresent() || forRole.isEmpty() || objects.isEmpty()) {
                return Optional.empty();
            }
            Optional<String> problem = GrantTarget.DefaultPrivileges.check(schema, objects.get());
            if (problem.isPresent()) {
                w.error(f.get("schema").orElseThrow(), problem.get(), "leave out 'schema': default privileges on"
                        + " schemas hold for every schema " + forRole.get() + " creates in the database");
                return Optional.empty();
            }
            return Optional.of(new GrantTarget.DefaultPrivileges(database.get(), schema, forRole.get(), objects.get()));
        });
    }

    private static void hba(Walker w, Fields f, Sources sources, Sink sink) {
        Optional<String> name = f.string("name", Walker::nonEmpty);
        Optional<HbaRule.Type> type = f.require("type").flatMap(n -> w.choice(n, "type", HbaRule.Type.class));
        Optional<String> database = requireIdentifier(w, f, "database", "hba database");
        Optional<String> user = requireIdentifier(w, f, "user", "hba user");
        Optional<String> address = f.string("address");
        Optional<String> method = f.require("method").flatMap(n -> w.oneOf(n, "method", HbaRule.METHODS));
        Map<String, Text> options = new LinkedHashMap<>();
        f.get("options").flatMap(n -> w.entries(n, "options")).orElse(List.of())
                .forEach(e -> w.text(e.value(), e.key()).ifPresent(v -> options.put(e.key(), v)));
        Presence state = presence(f);
        boolean addressOk = type.isPresent() && f.has("address") == address.isPresent()
                && hbaAddress(w, f, type.get(), address);
        if (type.isPresent() && addressOk && database.isPresent() && user.isPresent() && method.isPresent()
                && f.has("name") == name.isPresent()) {
            w.build(f.node(), () -> new HbaRule(sink.host(), name, type.get(), database.get(), user.get(), address,
                    method.get(), options, state)).ifPresent(r -> sink.add(f.at(), r));
        }
    }

    /** Whether a rule of {@code type} may have {@code address}; a malformed one is reported with a hint. */
    private static boolean hbaAddress(Walker w, Fields f, HbaRule.Type type, Optional<String> address) {
        Optional<HbaAddress.Problem> bad = type == HbaRule.Type.LOCAL ? Optional.empty()
                : address.flatMap(HbaAddress::check);
        bad.ifPresent(p -> w.error(f.get("address").orElseThrow(), p.message(), p.hint()));
        return bad.isEmpty() && w.check(f.get("address").orElse(f.node()), Optional.of(address),
                a -> HbaRule.checkClientAddress(type, a)).isPresent();
    }

    private static void settings(Walker w, Node node, Sink sink) {
        for (Walker.Entry e : w.entries(node, "settings").orElse(List.of())) {
            if (w.check(e.keyNode(), Optional.of(e.key()), Identifiers::checkSetting).isEmpty()) {
                continue;
            }
            Optional<SettingSpec> spec;
            if (e.value() instanceof MappingNode) {
                spec = w.map(e.value(), "setting '" + e.key() + "'", SETTING).flatMap(f -> {
                    Optional<Presence> state = f.choice("state", Presence.class, Presence.PRESENT);
                    Optional<Text> value = state.flatMap(s -> s == Presence.PRESENT
                            ? f.require("value").flatMap(n -> w.text(n, "value")) : Optional.empty());
                    if (state.equals(Optional.of(Presence.ABSENT)) && f.has("value")) {
                        w.error(f.get("value").orElseThrow(), "an absent setting has no value", "remove 'value'");
                        return Optional.empty();
                    }
                    boolean restart = f.bool("restart").orElse(false);
                    return state.filter(s -> s == Presence.ABSENT || value.isPresent())
                            .flatMap(s -> w.build(e.keyNode(), () -> new SettingSpec(sink.host(), e.key(), value, restart, s)));
                });
            } else {
                spec = w.text(e.value(), e.key()).flatMap(v -> w.build(e.keyNode(),
                        () -> new SettingSpec(sink.host(), e.key(), Optional.of(v), false, Presence.PRESENT)));
            }
            spec.ifPresent(s -> sink.add(w.at(e.keyNode()), s));
        }
    }

    private static void migration(Walker w, Fields f, Sources sources, Sink sink) {
        Optional<String> database = requireIdentifier(w, f, "database", "database name");
        Optional<Path> location = f.require("location").flatMap(n -> w.path(n, "location")
                .flatMap(p -> sources.directory(p, "migrations location", w.at(n))));
        Optional<String> user = f.string("user", identifier("user"));
        List<String> schemas = f.valid("schemas", f.strings("schemas"), each(identifier("schema name"))).orElse(List.of());
        Optional<String> baseline = f.string("baseline_version", MigrationSpec::checkVersion);
        String table = f.string("table", identifier("history table")).orElse(MigrationSpec.DEFAULT_TABLE);
        f.valid("state", f.choice("state", Presence.class), s -> s == Presence.ABSENT
                ? Optional.of("migrations cannot be removed; remove the database or schema instead") : Optional.empty());
        if (database.isPresent() && location.isPresent()) {
            w.build(f.node(), () -> new MigrationSpec(sink.host(), database.get(), location.get(), user, schemas, baseline,
                    table)).ifPresent(r -> sink.add(f.at(), r));
        }
    }

    // ---- shared field rules ----

    /** {@code connection_limit}, empty when absent (left as it is). */
    private static Optional<Integer> connectionLimit(Fields f) {
        return f.valid("connection_limit", f.integer("connection_limit"), n -> n < -1
                ? Optional.of("connection_limit must be -1 (no limit) or more") : Optional.empty());
    }

    /**
     * {@code member_of}: a list of role names (a membership without ADMIN OPTION, its other
     * options left as they are) or {@code {role, admin, inherit, set}}, an absent option left as
     * it is. Empty when an entry is invalid (reported).
     */
    private static Optional<List<RoleSpec.Member>> memberOf(Walker w, Node node) {
        return w.list(node, "member_of").flatMap(items -> {
            List<RoleSpec.Member> out = new java.util.ArrayList<>();
            boolean ok = true;
            for (Node item : items) {
                Optional<RoleSpec.Member> m = item instanceof MappingNode
                        ? w.map(item, "member_of entry", MEMBER).flatMap(f -> requireIdentifier(w, f, "role", "role name")
                                .map(role -> new RoleSpec.Member(role, f.bool("admin"), f.bool("inherit"), f.bool("set"))))
                        : w.check(item, w.string(item, "member_of"), identifier("role name")).map(RoleSpec.Member::plain);
                if (m.isPresent() && out.stream().anyMatch(o -> o.role().equals(m.get().role()))) {
                    w.error(item, "member_of names " + m.get().role() + " twice", "give each role once");
                    ok = false;
                }
                m.ifPresent(out::add);
                ok &= m.isPresent();
            }
            return ok ? Optional.of(out) : Optional.empty();
        });
    }

    /** {@code state:}, present when absent or invalid (reported). */
    private static Presence presence(Fields f) {
        return f.choice("state", Presence.class, Presence.PRESENT).orElse(Presence.PRESENT);
    }

    private static Optional<String> requireIdentifier(Walker w, Fields f, String key, String what) {
        return f.require(key).flatMap(n -> w.check(n, w.string(n, key), identifier(what)));
    }

    private static Function<String, Optional<String>> identifier(String what) {
        return name -> Identifiers.check(what, name);
    }

    private static <T> Function<List<T>, Optional<String>> each(Function<T, Optional<String>> rule) {
        return list -> list.stream().map(rule).flatMap(Optional::stream).findFirst();
    }

    private static Optional<String> nonEmptyPassword(Text password) {
        return password.reveal().isEmpty() ? Optional.of("password cannot be empty") : Optional.empty();
    }

    /** A mapping of setting name to value; values are shown, so they cannot use secrets. */
    private static Optional<Map<String, String>> settingValues(Walker w, Node node, String what) {
        return w.entries(node, what).map(entries -> {
            Map<String, String> out = new LinkedHashMap<>();
            for (Walker.Entry e : entries) {
                w.check(e.keyNode(), Optional.of(e.key()), Identifiers::checkSetting)
                        .flatMap(k -> w.string(e.value(), k)).ifPresent(v -> out.put(e.key(), v));
            }
            return out;
        });
    }
}
