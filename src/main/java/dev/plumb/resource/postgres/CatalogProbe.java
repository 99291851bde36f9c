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

import dev.plumb.json.Json;
import dev.plumb.json.JsonReader;
import dev.plumb.model.Presence;
import dev.plumb.model.Sensitive;

/**
 * The catalog queries behind {@link ServerState} and the parsing of their answers. Each query returns
 * one row with one JSON document ({@code json_build_object}, {@code json_agg}), so the whole
 * server is one round trip and each database one more. Pure: builds text, parses text.
 */
final class CatalogProbe {
    private CatalogProbe() {
    }

    /**
     * What the desired state asks about: which passwords, settings, schemas and functions.
     *
     * @param functionArgs  by database and signature (a key of {@code functionSignatures}), its
     *                      argument types as written; absent for one that does not parse
     * @param keptSchemas   for each database that declares schemas, those declared present: the
     *                      contents of its other schemas, which the plan may drop, are read
     */
    record Request(Set<String> passwordRoles, Set<String> settingNames, Map<String, Set<String>> objectSchemas,
                   Map<String, Set<String>> functionSignatures, Set<String> databases,
                   Map<String, Map<String, List<String>>> functionArgs, Map<String, Set<String>> keptSchemas) {

        Request(Set<String> passwordRoles, Set<String> settingNames, Map<String, Set<String>> objectSchemas,
                Map<String, Set<String>> functionSignatures, Set<String> databases) {
            this(passwordRoles, settingNames, objectSchemas, functionSignatures, databases, Map.of(), Map.of());
        }

        static Request of(List<PostgresResource> resources) {
            Set<String> roles = new LinkedHashSet<>();
            Set<String> settings = new LinkedHashSet<>();
            Map<String, Set<String>> schemas = new LinkedHashMap<>();
            Map<String, Set<String>> functions = new LinkedHashMap<>();
            Set<String> databases = new LinkedHashSet<>();
            Map<String, Map<String, List<String>>> args = new LinkedHashMap<>();
            Map<String, Set<String>> kept = new LinkedHashMap<>();
            for (PostgresResource r : resources) {
                if (r instanceof RoleSpec s) {
                    roles.add(s.name());
                    s.settings().orElse(Map.of()).keySet().forEach(k -> settings.add(k.toLowerCase(Locale.ROOT)));
                    s.databaseSettings().orElse(Map.of()).values().forEach(m -> m.keySet()
                            .forEach(k -> settings.add(k.toLowerCase(Locale.ROOT))));
                } else if (r instanceof SettingSpec s) {
                    settings.add(s.name());
                } else if (r instanceof SchemaSpec s) {
                    databases.add(s.database());
                    Set<String> k = kept.computeIfAbsent(s.database(), x -> new LinkedHashSet<>());
                    if (s.state() == Presence.PRESENT) {
                        k.add(s.name());
                    }
                } else if (r instanceof GrantSpec g) {
                    if (g.target() instanceof GrantTarget.OnSchema t) {
                        databases.add(t.database());
                    } else if (g.target() instanceof GrantTarget.DefaultPrivileges t) {
                        databases.add(t.database());
                    } else if (g.target() instanceof GrantTarget.OnObjects t) {
                        databases.add(t.database());
                        schemas.computeIfAbsent(t.database(), k -> new LinkedHashSet<>()).add(t.schema());
                        if (t.type() == ObjectType.FUNCTIONS) {
                            for (String n : t.names()) {
                                String sig = ServerState.DatabaseObjects.signature(t.schema(), n);
                                functions.computeIfAbsent(t.database(), k -> new LinkedHashSet<>()).add(sig);
                                FunctionSignature.parse(n).signature().ifPresent(f -> args
                                        .computeIfAbsent(t.database(), k -> new LinkedHashMap<>()).put(sig, f.args()));
                            }
                        }
                    }
                }
            }
            return new Request(roles, settings, schemas, functions, databases, args, kept);
        }

        /**
         * The databases to read: each one named by a schema or grant that exists and allows
         * connections, or for one this plan creates, the template it will be copied from.
         */
        List<String> toRead(List<PostgresResource> resources, Map<String, ServerState.Database> live) {
            Set<String> out = new LinkedHashSet<>();
            for (String db : databases) {
                Optional<DatabaseSpec> spec = resources.stream().filter(DatabaseSpec.class::isInstance)
                        .map(DatabaseSpec.class::cast).filter(d -> d.name().equals(db)).findFirst();
                if (spec.isPresent() && spec.get().state() == Presence.ABSENT) {
                    continue;
                }
                String target = live.containsKey(db) ? db : spec.flatMap(DatabaseSpec::template).orElse("template1");
                ServerState.Database d = live.get(target);
                if (d != null && d.allowConnections()) {
                    out.add(target);
                }
            }
            return List.copyOf(out);
        }
    }

    private static final String GRANTEE =
            "CASE WHEN e.grantee = 0 THEN 'PUBLIC' ELSE pg_catalog.pg_get_userbyid(e.grantee) END";

    /** A JSON array of {grantee, privilege, grantable, grantor} for an aclitem[] expression. */
    static String acl(String aclExpression) {
        return "(SELECT coalesce(json_agg(json_build_object('grantee', " + GRANTEE + ", 'privilege', e.privilege_type,"
                + " 'grantable', e.is_grantable, 'grantor', pg_catalog.pg_get_userbyid(e.grantor))"
                + " ORDER BY e.grantee, e.privilege_type, e.grantor), '[]') FROM pg_catalog.aclexplode(" + aclExpression + ") e)";
    }

    /**
     * The server query. As a superuser it reads pg_authid (for the declared roles' verifiers),
     * pg_hba.conf, pg_file_settings and the data directory; otherwise pg_roles and no more.
     */
    static String server(Request req, boolean superuser) {
        return server(Sql.textArray(req.settingNames()), Sql.textArray(req.passwordRoles()), superuser);
    }

    /**
     * The server query for the settings named by the text[] expression {@code settings}, reading
     * the verifiers of the roles named by {@code passwordRoles} (also a text[] expression).
     */
    static String server(String settings, String passwordRoles, boolean superuser) {
        StringBuilder q = new StringBuilder("SELECT json_build_object(\n");
        q.append("'version', current_setting('server_version_num')::int,\n");
        q.append("'user', current_user,\n");
        q.append("'superuser', (SELECT rolsuper FROM pg_catalog.pg_roles WHERE rolname = current_user),\n");
        q.append("'bootstrap', (SELECT rolname FROM pg_catalog.pg_roles WHERE oid = 10),\n");
        q.append("'client_addr', pg_catalog.host(pg_catalog.inet_client_addr()),\n");
        q.append("'ssl', coalesce((SELECT s.ssl FROM pg_catalog.pg_stat_ssl s WHERE s.pid = pg_catalog.pg_backend_pid()),"
                + " false),\n");
        if (superuser) {
            q.append("'data_directory', current_setting('data_directory'),\n");
            q.append("""
                    'hba', (SELECT json_build_object('path', f.path, 'content', pg_catalog.pg_read_file(f.path),
                        'sha256', encode(sha256(pg_catalog.pg_read_binary_file(f.path)), 'hex'),
                        'loaded', (pg_catalog.pg_stat_file(f.path)).modification <= pg_catalog.pg_conf_load_time(),
                        'errors', (SELECT coalesce(json_agg(json_build_object('line', r.line_number, 'error', r.error)
                            ORDER BY r.line_number), '[]') FROM pg_catalog.pg_hba_file_rules r WHERE r.error IS NOT NULL))
                      FROM (SELECT current_setting('hba_file') AS path) f),
                    """);
            q.append("'file_settings', (SELECT coalesce(json_agg(json_build_object('name', lower(f.name), 'setting',"
                    + " f.setting, 'applied', f.applied, 'auto', f.sourcefile LIKE '%/postgresql.auto.conf', 'error',"
                    + " f.error) ORDER BY f.seqno), '[]') FROM pg_catalog.pg_file_settings f WHERE lower(f.name) = ANY ("
                    + settings + ")),\n");
        }
        String password = superuser
                ? "CASE WHEN a.rolname = ANY (" + passwordRoles + ") THEN a.rolpassword END"
                : "NULL";
        String hasPassword = superuser ? "a.rolpassword IS NOT NULL" : "NULL";
        // A role's pg_shdepend rows: refclassid 1260 is pg_authid, by OID so that a non-superuser's
        // query does not name it.
        q.append("""
                'roles', (SELECT coalesce(json_agg(json_build_object('name', a.rolname, 'superuser', a.rolsuper,
                    'inherit', a.rolinherit, 'createrole', a.rolcreaterole, 'createdb', a.rolcreatedb,
                    'login', a.rolcanlogin, 'replication', a.rolreplication, 'bypassrls', a.rolbypassrls,
                    'connlimit', a.rolconnlimit,
                    'valid_until', CASE WHEN a.rolvaliduntil IS NULL OR a.rolvaliduntil = 'infinity' THEN NULL
                        WHEN a.rolvaliduntil = '-infinity' THEN '-infinity'
                        ELSE to_char(a.rolvaliduntil AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') END,
                    'password', %s, 'has_password', %s,
                    'member_of', (SELECT coalesce(json_agg(json_build_object('role', g.rolname,
                            'grantor', coalesce(gr.rolname, ''), 'admin', m.admin_option,
                            'inherit', to_jsonb(m) -> 'inherit_option', 'set', to_jsonb(m) -> 'set_option')
                            ORDER BY g.rolname, gr.rolname), '[]')
                        FROM pg_catalog.pg_auth_members m JOIN pg_catalog.pg_roles g ON g.oid = m.roleid
                        LEFT JOIN pg_catalog.pg_roles gr ON gr.oid = m.grantor WHERE m.member = a.oid),
                    'settings', (SELECT coalesce(json_agg(json_build_object('database', d.datname,
                            'config', s.setconfig)), '[]')
                        FROM pg_catalog.pg_db_role_setting s LEFT JOIN pg_catalog.pg_database d ON d.oid = s.setdatabase
                        WHERE s.setrole = a.oid),
                    'depends', (SELECT coalesce(json_agg(json_build_object('database', x.db, 'how', x.deptype,
                            'kind', x.kind, 'count', x.n) ORDER BY x.db, x.deptype, x.kind), '[]')
                        FROM (SELECT d.datname AS db, s.deptype::text AS deptype,
                                CASE WHEN s.classid = 'pg_catalog.pg_database'::regclass
                                  THEN 'database ' || od.datname ELSE s.classid::regclass::text END AS kind,
                                count(*) AS n
                              FROM pg_catalog.pg_shdepend s LEFT JOIN pg_catalog.pg_database d ON d.oid = s.dbid
                              LEFT JOIN pg_catalog.pg_database od ON s.classid = 'pg_catalog.pg_database'::regclass
                                AND od.oid = s.objid
                              WHERE s.refclassid = 1260 AND s.refobjid = a.oid
                                AND s.deptype IN ('o', 'a', 'r')
                              GROUP BY 1, 2, 3) x)
                  ) ORDER BY a.rolname), '[]') FROM %s a),
                """.formatted(password, hasPassword, superuser ? "pg_catalog.pg_authid" : "pg_catalog.pg_roles"));
        q.append("""
                'databases', (SELECT coalesce(json_agg(json_build_object('name', d.datname,
                    'owner', pg_catalog.pg_get_userbyid(d.datdba), 'encoding', pg_catalog.pg_encoding_to_char(d.encoding),
                    'collate', d.datcollate, 'ctype', d.datctype, 'connlimit', d.datconnlimit,
                    'template', d.datistemplate, 'allow_connections', d.datallowconn,
                    'connections', (SELECT count(*) FROM pg_catalog.pg_stat_activity x
                        WHERE x.datid = d.oid AND x.pid <> pg_catalog.pg_backend_pid()),
                    'acl', %s) ORDER BY d.datname), '[]') FROM pg_catalog.pg_database d),
                """.formatted(acl("coalesce(d.datacl, pg_catalog.acldefault('d', d.datdba))")));
        q.append("'settings', (SELECT coalesce(json_agg(json_build_object('name', lower(s.name), 'setting', s.setting,"
                + " 'unit', s.unit, 'vartype', s.vartype, 'context', s.context, 'pending_restart', s.pending_restart,"
                + " 'source', s.source, 'boot_val', s.boot_val, 'enumvals', s.enumvals, 'min_val', s.min_val,"
                + " 'max_val', s.max_val)),"
                + " '[]') FROM pg_catalog.pg_settings s WHERE lower(s.name) = ANY (" + settings + "))\n");
        return q.append(")").toString();
    }

    /**
     * The query for one database: its schemas (with the contents of those the plan may drop), the
     * ACLs of objects grants name, default ACLs, the declared function signatures resolved.
     */
    static String database(Request req, String database) {
        Map<String, List<String>> args = req.functionArgs().getOrDefault(database, Map.of());
        List<Object> sigs = new ArrayList<>();
        for (String sig : req.functionSignatures().getOrDefault(database, Set.of())) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("sig", sig);
            m.put("args", args.getOrDefault(sig, List.of()));
            m.put("parsed", args.containsKey(sig));
            sigs.add(m);
        }
        Set<String> kept = req.keptSchemas().get(database);
        return database(Sql.textArray(req.objectSchemas().getOrDefault(database, Set.of())),
                Sql.literal(Json.canonical(sigs)) + "::json", kept != null, Sql.textArray(kept == null ? Set.of() : kept));
    }

    /**
     * The query for one database, reading the objects in the schemas named by the text[]
     * expression {@code schemas}, and no schema contents. The signatures of the text[] expression
     * {@code signatures} are listed but not resolved (as if they did not parse).
     */
    static String database(String schemas, String signatures) {
        return database(schemas, "(SELECT coalesce(json_agg(json_build_object('sig', x.sig, 'args', '[]'::json,"
                + " 'parsed', false)), '[]') FROM unnest(" + signatures + ") AS x(sig))", false, "ARRAY[]::text[]");
    }

    /**
     * Keywords that cannot start or be part of a type name unquoted (reserved ones, and column-name
     * keywords other than type names): an argument holding one is not given to the parser, where
     * it would be a syntax error that fails the whole query. {@code with} is left to
     * {@link FunctionSignature}, which allows it only in {@code time[stamp] with time zone}.
     */
    private static final String TYPE_KEYWORDS = """
            (SELECT k.word FROM pg_catalog.pg_get_keywords() k WHERE k.word <> 'with' AND (k.catcode = 'R' OR (k.catcode = 'C'
                AND k.word NOT IN ('bigint', 'bit', 'boolean', 'char', 'character', 'dec', 'decimal', 'float', 'int',
                  'integer', 'interval', 'national', 'nchar', 'numeric', 'precision', 'real', 'smallint', 'time',
                  'timestamp', 'varchar'))))""";

    /**
     * {@code signatures}: a json expression, an array of {sig, args, parsed}: each signature is
     * resolved (with {@code to_regprocedure}) only when it parsed and each argument type exists
     * ({@code to_regtype}), so a declared type that does not exist cannot fail the query; each
     * argument's type is given in the server's name. Contents (what {@code pg_depend} says depends
     * on the schema, and what elsewhere depends directly on that) are read for every schema not in
     * the text[] {@code kept}, when {@code contents}.
     */
    static String database(String schemas, String signatures, boolean contents, String kept) {
        String inSchema = "pg_catalog.pg_namespace n JOIN pg_catalog.pg_depend d"
                + " ON d.refclassid = 'pg_catalog.pg_namespace'::regclass AND d.refobjid = n.oid AND d.deptype = 'n'";
        String which = contents + " AND n.nspname !~ '^pg_' AND n.nspname <> 'information_schema'"
                + " AND n.nspname <> ALL (" + kept + ")";
        String rewrite = "e.classid = 'pg_catalog.pg_rewrite'::regclass";
        return """
                WITH sigs AS (
                  SELECT x->>'sig' AS sig,
                    (SELECT coalesce(json_agg(pg_catalog.format_type(CASE WHEN NOT EXISTS (SELECT FROM %s kw
                        WHERE kw.word = ANY (regexp_split_to_array(lower(regexp_replace(a.t, '"([^"]|"")*"', ' ', 'g')),
                          '[^a-z0-9_$]+'))) THEN pg_catalog.to_regtype(a.t) END, NULL) ORDER BY a.i), '[]')
                      FROM json_array_elements_text(x->'args') WITH ORDINALITY a(t, i)) AS types,
                    (x->>'parsed')::boolean AS parsed
                  FROM json_array_elements(%s) x),
                resolved AS (
                  SELECT s.sig, s.types, CASE WHEN s.parsed AND NOT EXISTS (SELECT FROM json_array_elements(s.types) t
                      WHERE json_typeof(t) = 'null') THEN pg_catalog.to_regprocedure(s.sig) END AS oid
                  FROM sigs s)
                SELECT json_build_object(
                'schemas', (SELECT coalesce(json_agg(json_build_object('name', n.nspname,
                    'owner', pg_catalog.pg_get_userbyid(n.nspowner), 'acl', %s) ORDER BY n.nspname), '[]')
                  FROM pg_catalog.pg_namespace n WHERE n.nspname !~ '^pg_' AND n.nspname <> 'information_schema'),
                'objects', (SELECT coalesce(json_agg(o.doc ORDER BY o.schema, o.name), '[]') FROM (
                  SELECT n.nspname AS schema, c.relname AS name, json_build_object('type',
                      CASE WHEN c.relkind = 'S' THEN 'sequences' ELSE 'tables' END, 'schema', n.nspname,
                      'name', c.relname, 'sql', format('%%I.%%I', n.nspname, c.relname),
                      'owner', pg_catalog.pg_get_userbyid(c.relowner), 'acl', %s) AS doc
                    FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
                    WHERE n.nspname = ANY (%s) AND c.relkind IN ('r', 'p', 'v', 'm', 'f', 'S')
                  UNION ALL
                  SELECT n.nspname, p.proname, json_build_object('type', 'functions', 'schema', n.nspname,
                      'name', p.proname || '(' || pg_catalog.oidvectortypes(p.proargtypes) || ')',
                      'sql', format('%%I.%%I(%%s)', n.nspname, p.proname, pg_catalog.oidvectortypes(p.proargtypes)),
                      'owner', pg_catalog.pg_get_userbyid(p.proowner), 'acl', %s)
                    FROM pg_catalog.pg_proc p JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace
                    WHERE n.nspname = ANY (%s) AND p.prokind IN ('f', 'a', 'w')) o),
                'defaults', (SELECT coalesce(json_agg(json_build_object('role', pg_catalog.pg_get_userbyid(d.defaclrole),
                    'schema', n.nspname, 'type', d.defaclobjtype, 'acl', %s)), '[]')
                  FROM pg_catalog.pg_default_acl d LEFT JOIN pg_catalog.pg_namespace n ON n.oid = d.defaclnamespace),
                'functions', (SELECT coalesce(json_object_agg(r.sig, (SELECT p.proname || '('
                    || pg_catalog.oidvectortypes(p.proargtypes) || ')' FROM pg_catalog.pg_proc p
                    WHERE p.oid = r.oid)), '{}') FROM resolved r),
                'function_args', (SELECT coalesce(json_object_agg(r.sig, r.types), '{}') FROM resolved r),
                'contents', (SELECT coalesce(json_agg(json_build_object('schema', c.schema, 'kind', c.kind, 'count', c.n,
                    'names', c.names, 'outside', c.outside) ORDER BY c.schema, c.outside, c.kind), '[]') FROM (
                  SELECT m.schema, m.kind, m.outside, count(*) AS n, (array_agg(m.identity ORDER BY m.identity))[1:5] AS names
                  FROM (
                    SELECT n.nspname AS schema, i.type AS kind, i.identity, false AS outside
                      FROM %s CROSS JOIN LATERAL pg_catalog.pg_identify_object(d.classid, d.objid, d.objsubid) i
                      WHERE %s
                    UNION
                    SELECT n.nspname, i.type, i.identity, true
                      FROM %s JOIN pg_catalog.pg_depend e ON e.refclassid = d.classid AND e.refobjid = d.objid
                        AND e.deptype = 'n'
                      CROSS JOIN LATERAL pg_catalog.pg_identify_object(
                        CASE WHEN %s THEN 'pg_catalog.pg_class'::regclass ELSE e.classid END,
                        CASE WHEN %s THEN (SELECT w.ev_class FROM pg_catalog.pg_rewrite w WHERE w.oid = e.objid)
                          ELSE e.objid END,
                        CASE WHEN %s THEN 0 ELSE e.objsubid END) i
                      WHERE %s AND i.schema IS NOT NULL AND i.schema <> n.nspname) m
                  GROUP BY 1, 2, 3) c)
                )""".formatted(TYPE_KEYWORDS, signatures,
                acl("coalesce(n.nspacl, pg_catalog.acldefault('n', n.nspowner))"),
                acl("coalesce(c.relacl, pg_catalog.acldefault((CASE WHEN c.relkind = 'S' THEN 's' ELSE 'r' END)::\"char\","
                        + " c.relowner))"), schemas,
                acl("coalesce(p.proacl, pg_catalog.acldefault('f', p.proowner))"), schemas,
                acl("d.defaclacl"), inSchema, which, inSchema, rewrite, rewrite, rewrite, which);
    }

    /** The server's answer, before per-database contents; {@code local}, {@code adminLogin} as given. */
    static ServerState parseServer(String json, Request req, boolean local, Optional<String> adminLogin) {
        Map<String, Object> doc = map(JsonReader.read(json));
        boolean superuser = bool(doc, "superuser");
        Map<String, ServerState.Role> roles = new LinkedHashMap<>();
        for (Map<String, Object> r : list(doc, "roles")) {
            String name = str(r, "name");
            ServerState.StoredPassword password;
            if (!superuser) {
                password = new ServerState.Unreadable();
            } else if (r.get("password") instanceof String p) {
                password = new ServerState.Stored(Sensitive.of(p));
            } else {
                // Not asked for: whether there is one is all that is read.
                password = req.passwordRoles().contains(name) || Boolean.FALSE.equals(r.get("has_password"))
                        ? new ServerState.NoPassword() : new ServerState.Unreadable();
            }
            Map<String, String> settings = new LinkedHashMap<>();
            Map<String, Map<String, String>> dbSettings = new LinkedHashMap<>();
            for (Map<String, Object> s : list(r, "settings")) {
                Map<String, String> target = s.get("database") instanceof String db
                        ? dbSettings.computeIfAbsent(db, k -> new LinkedHashMap<>()) : settings;
                for (Object item : (List<?>) Optional.ofNullable(s.get("config")).orElse(List.of())) {
                    String kv = (String) item;
                    int eq = kv.indexOf('=');
                    if (eq > 0) {
                        target.put(kv.substring(0, eq).toLowerCase(Locale.ROOT), kv.substring(eq + 1));
                    }
                }
            }
            List<ServerState.Membership> members = list(r, "member_of").stream()
                    .map(m -> new ServerState.Membership(str(m, "role"), str(m, "grantor"), bool(m, "admin"),
                            Optional.ofNullable((Boolean) m.get("inherit")), Optional.ofNullable((Boolean) m.get("set"))))
                    .toList();
            Optional<Instant> validUntil = Optional.ofNullable((String) r.get("valid_until"))
                    .map(v -> v.equals("-infinity") ? Instant.MIN : Instant.parse(v));
            roles.put(name, new ServerState.Role(name, bool(r, "login"), bool(r, "superuser"), bool(r, "createdb"),
                    bool(r, "createrole"), bool(r, "inherit"), bool(r, "replication"), bool(r, "bypassrls"),
                    integer(r, "connlimit"), validUntil, password, members, settings, dbSettings,
                    list(r, "depends").stream().map(CatalogProbe::dependency).toList()));
        }
        Map<String, ServerState.Database> databases = new LinkedHashMap<>();
        for (Map<String, Object> d : list(doc, "databases")) {
            databases.put(str(d, "name"), new ServerState.Database(str(d, "name"), str(d, "owner"), str(d, "encoding"),
                    str(d, "collate"), str(d, "ctype"), integer(d, "connlimit"), bool(d, "template"),
                    bool(d, "allow_connections"), integer(d, "connections"), privileges(list(d, "acl"))));
        }
        Map<String, List<Map<String, Object>>> fileSettings = new LinkedHashMap<>();
        for (Map<String, Object> f : list(doc, "file_settings")) {
            fileSettings.computeIfAbsent(str(f, "name"), k -> new ArrayList<>()).add(f);
        }
        Map<String, ServerState.Setting> settings = new LinkedHashMap<>();
        for (Map<String, Object> s : list(doc, "settings")) {
            String name = str(s, "name");
            List<Map<String, Object>> files = fileSettings.getOrDefault(name, List.of());
            // The last file entry wins; one the server has not applied (its error then says "setting
            // could not be applied") waits for a restart.
            Optional<String> pending = files.stream().reduce((a, b) -> b)
                    .filter(f -> !bool(f, "applied"))
                    .map(f -> str(f, "setting"));
            boolean auto = files.stream().anyMatch(f -> bool(f, "auto"));
            settings.put(name, new ServerState.Setting(name, str(s, "setting"), Optional.ofNullable((String) s.get("unit")),
                    str(s, "vartype"), str(s, "context"), bool(s, "pending_restart"), pending, auto,
                    stored(s, files, doc.containsKey("file_settings")),
                    SESSION_SOURCES.contains(String.valueOf(s.get("source"))), domain(s)));
        }
        Optional<ServerState.Hba> hba = Optional.ofNullable(doc.get("hba")).map(CatalogProbe::map).map(h -> new ServerState.Hba(
                str(h, "path"), str(h, "content"), str(h, "sha256"),
                list(h, "errors").stream().map(e -> new ServerState.HbaError(integer(e, "line"), str(e, "error"))).toList(),
                bool(h, "loaded")));
        Optional<ServerState.Session> session = Optional.ofNullable((String) doc.get("client_addr"))
                .map(a -> new ServerState.Session(a, bool(doc, "ssl")));
        return new ServerState(integer(doc, "version"), str(doc, "user"), superuser, local, adminLogin,
                str(doc, "bootstrap"), Optional.ofNullable((String) doc.get("data_directory")), roles, databases,
                settings, hba, Map.of(), session);
    }

    /** Where a session's own value comes from: its startup packet, ALTER ROLE/DATABASE SET, SET. */
    private static final Set<String> SESSION_SOURCES = Set.of("global", "database", "user", "database user",
            "client", "interactive", "test", "session");

    /**
     * The value the server runs with when {@code pg_settings} may show another (see {@link
     * ServerState.Setting#stored()}): the last file entry once applied, unless the command line
     * overrides the files; the boot value for a session's own value that no file sets. Without
     * {@code pg_file_settings} (not a superuser) nothing is known beyond the session's value.
     */
    private static Optional<String> stored(Map<String, Object> s, List<Map<String, Object>> files, boolean filesRead) {
        if (!filesRead) {
            return Optional.empty();
        }
        String source = String.valueOf(s.get("source"));
        Optional<Map<String, Object>> last = files.stream().reduce((a, b) -> b);
        if (last.isPresent()) {
            return last.filter(f -> bool(f, "applied") && !source.equals("command line"))
                    .map(f -> str(f, "setting"));
        }
        return SESSION_SOURCES.contains(source) ? Optional.ofNullable((String) s.get("boot_val")) : Optional.empty();
    }

    private static ServerState.Domain domain(Map<String, Object> s) {
        List<String> enumvals = s.get("enumvals") instanceof List<?> l
                ? l.stream().map(String::valueOf).toList() : List.of();
        return new ServerState.Domain(enumvals, number(s.get("min_val")), number(s.get("max_val")));
    }

    private static Optional<Double> number(Object text) {
        try {
            return text instanceof String t ? Optional.of(Double.parseDouble(t)) : Optional.empty();
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    static ServerState.DatabaseObjects parseDatabase(String json) {
        Map<String, Object> doc = map(JsonReader.read(json));
        Map<String, List<ServerState.Content>> contents = new LinkedHashMap<>();
        for (Map<String, Object> c : list(doc, "contents")) {
            List<String> names = ((List<?>) c.get("names")).stream().map(String.class::cast).toList();
            contents.computeIfAbsent(str(c, "schema"), k -> new ArrayList<>()).add(new ServerState.Content(str(c, "kind"),
                    integer(c, "count"), names, bool(c, "outside")));
        }
        Map<String, ServerState.Schema> schemas = new LinkedHashMap<>();
        for (Map<String, Object> s : list(doc, "schemas")) {
            schemas.put(str(s, "name"), new ServerState.Schema(str(s, "name"), str(s, "owner"), privileges(list(s, "acl")),
                    contents.getOrDefault(str(s, "name"), List.of())));
        }
        List<ServerState.DbObject> objects = new ArrayList<>();
        for (Map<String, Object> o : list(doc, "objects")) {
            objects.add(new ServerState.DbObject(ObjectType.valueOf(str(o, "type").toUpperCase(Locale.ROOT)),
                    str(o, "schema"), str(o, "name"), str(o, "sql"), str(o, "owner"), privileges(list(o, "acl"))));
        }
        List<ServerState.DefaultAcl> defaults = new ArrayList<>();
        for (Map<String, Object> d : list(doc, "defaults")) {
            Optional<ObjectType> type = ObjectType.ofDefaclType(str(d, "type"));
            type.ifPresent(t -> defaults.add(new ServerState.DefaultAcl(str(d, "role"),
                    Optional.ofNullable((String) d.get("schema")), t, privileges(list(d, "acl")))));
        }
        Map<String, String> functions = new LinkedHashMap<>();
        map(doc.get("functions")).forEach((k, v) -> {
            if (v instanceof String s) {
                functions.put(k, s);
            }
        });
        Map<String, List<Optional<String>>> functionArgs = new LinkedHashMap<>();
        if (doc.get("function_args") != null) {
            map(doc.get("function_args")).forEach((k, v) -> functionArgs.put(k, ((List<?>) v).stream()
                    .map(t -> Optional.ofNullable((String) t)).toList()));
        }
        return new ServerState.DatabaseObjects(schemas, objects, defaults, functions, functionArgs);
    }

    /** One row of a role's {@code pg_shdepend} summary: a catalog named as a noun, a deptype as {@link ServerState.How}. */
    private static ServerState.Dependency dependency(Map<String, Object> d) {
        String catalog = str(d, "kind");
        String kind = switch (catalog) {
            case "pg_class" -> "relation";
            case "pg_namespace" -> "schema";
            case "pg_proc" -> "function";
            case "pg_type" -> "type";
            case "pg_default_acl" -> "default privileges";
            case "pg_tablespace" -> "tablespace";
            case "pg_largeobject_metadata" -> "large object";
            case "pg_foreign_server" -> "foreign server";
            case "pg_foreign_data_wrapper" -> "foreign-data wrapper";
            case "pg_language" -> "language";
            case "pg_parameter_acl" -> "parameter";
            default -> catalog.startsWith("pg_") ? catalog.substring(3) : catalog;
        };
        ServerState.How how = switch (str(d, "how")) {
            case "o" -> ServerState.How.OWNS;
            case "a" -> ServerState.How.PRIVILEGES;
            default -> ServerState.How.POLICY;
        };
        return new ServerState.Dependency(Optional.ofNullable((String) d.get("database")), how, kind,
                integer(d, "count"));
    }

    private static List<ServerState.Privilege> privileges(List<Map<String, Object>> acl) {
        return acl.stream().map(a -> new ServerState.Privilege(str(a, "grantee"), str(a, "privilege"),
                bool(a, "grantable"), Optional.ofNullable((String) a.get("grantor")))).toList();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object o) {
        if (!(o instanceof Map)) {
            throw new IllegalArgumentException("expected a JSON object, got " + o);
        }
        return (Map<String, Object>) o;
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> list(Map<String, Object> m, String key) {
        Object o = m.get(key);
        if (o == null) {
            return List.of();
        }
        if (!(o instanceof List<?> l)) {
            throw new IllegalArgumentException("expected a list at " + key);
        }
        return (List<Map<String, Object>>) l;
    }

    private static String str(Map<String, Object> m, String key) {
        Object o = m.get(key);
        if (!(o instanceof String s)) {
            throw new IllegalArgumentException("expected text at " + key + ", got " + o);
        }
        return s;
    }

    private static boolean bool(Map<String, Object> m, String key) {
        return Boolean.TRUE.equals(m.get(key));
    }

    private static int integer(Map<String, Object> m, String key) {
        Object o = m.get(key);
        if (!(o instanceof Number n)) {
            throw new IllegalArgumentException("expected a number at " + key + ", got " + o);
        }
        return n.intValue();
    }
}
