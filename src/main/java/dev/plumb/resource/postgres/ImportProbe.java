package dev.plumb.resource.postgres;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import dev.plumb.json.JsonReader;
import dev.plumb.resource.postgres.migrations.AppliedHistory;

/**
 * The import's read of a host's PostgreSQL server: one read-only shell fragment, run as root in
 * the host's probe round trip, that asks the catalog with psql as {@code postgres} over the local
 * socket (peer authentication: no password is needed) the same queries a plan asks
 * ({@link CatalogProbe}), for every setting in postgresql.auto.conf and every schema, in every
 * database that allows connections and is no template; and reads each database's Flyway history
 * table. No verifier is read: roles only say whether they have a password. Each answer is one
 * line, {@code TAG BASE64}; statements time out after 30 s and answers are cut at
 * {@link #MAX_ANSWER} bytes (then they fail to parse).
 */
final class ImportProbe {
    static final long MAX_ANSWER = 32L << 20;

    /** Every setting ALTER SYSTEM wrote. */
    private static final String AUTO_CONF = "ARRAY(SELECT DISTINCT lower(f.name) FROM pg_catalog.pg_file_settings f"
            + " WHERE f.sourcefile LIKE '%/postgresql.auto.conf')";
    private static final String ALL_SCHEMAS = "ARRAY(SELECT n.nspname::text FROM pg_catalog.pg_namespace n"
            + " WHERE n.nspname !~ '^pg_' AND n.nspname <> 'information_schema')";
    private static final String NONE = "ARRAY[]::text[]";
    private static final String DATABASES = "SELECT replace(encode(convert_to(datname, 'UTF8'), 'base64'), E'\\n', '')"
            + " FROM pg_catalog.pg_database WHERE datallowconn AND NOT datistemplate ORDER BY datname;\n";
    /** One line per history table: {schema, rows}. */
    private static final String HISTORY = """
            SELECT format('SELECT replace(json_build_object(''schema'', %L, ''rows'', (SELECT coalesce(json_agg(
                json_build_object(''version'', h.version, ''description'', h.description, ''type'', h.type,
                ''script'', h.script, ''checksum'', h.checksum, ''installed_by'', h.installed_by, ''success'', h.success)
                ORDER BY h.installed_rank), ''[]'') FROM %I.%I h))::text, E''\\n'', '' '')', n.nspname, n.nspname, c.relname)
              FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
             WHERE c.relname = 'TABLE' AND c.relkind IN ('r', 'p') ORDER BY n.nspname \\gexec
            """.replace("'TABLE'", Sql.literal(MigrationSpec.DEFAULT_TABLE));

    /** What nothing asks for: no verifiers, no object lists, no functions. */
    static final CatalogProbe.Request REQUEST = new CatalogProbe.Request(Set.of(), Set.of(), Map.of(), Map.of(), Set.of());

    /** A Flyway history table of a database. */
    record History(String schema, List<AppliedHistory.Row> rows) {
        History {
            rows = List.copyOf(rows);
        }
    }

    /**
     * The server as read, its databases' contents and history tables by database, and the
     * databases that could not be read, with why.
     */
    record Live(ServerState server, Map<String, List<History>> histories, Map<String, String> unread) {
        Live {
            histories = Map.copyOf(histories);
            unread = Map.copyOf(unread);
        }
    }

    /** The line the fragment prints, alone, when the host has no PostgreSQL (no postgres user, no psql). */
    static final String ABSENT = "no-postgresql";

    private ImportProbe() {
    }

    static String fragment() {
        return "(\ncd / || exit 0\n"
                + "if ! id postgres >/dev/null 2>&1 || ! command -v psql >/dev/null 2>&1; then echo " + ABSENT
                + "; exit 0; fi\n"
                + "PGOPTIONS='-c statement_timeout=30000'; export PGOPTIONS\n"
                + Bootstrap.PSQL_FUNCTION
                + "plumb_q() {\n"
                + "  if plumb_out=$(printf '%s' \"$2\" | base64 -d | plumb_psql \"$1\" 2>&1); then\n"
                + "    printf '%s %s\\n' \"$3\" \"$(printf '%s' \"$plumb_out\" | head -c " + MAX_ANSWER
                + " | base64 | tr -d '\\n')\"\n"
                + "  else\n"
                + "    printf 'error %s %s\\n' \"$3\" \"$(printf '%s' \"$plumb_out\" | tail -n 2 | head -c 2000"
                + " | base64 | tr -d '\\n')\"\n"
                + "  fi\n"
                + "}\n"
                + "plumb_q postgres " + b64(CatalogProbe.server(AUTO_CONF, NONE, true)) + " server\n"
                + "for plumb_d in $(printf '%s' " + b64(DATABASES) + " | base64 -d | plumb_psql postgres 2>/dev/null);"
                + " do\n"
                + "  plumb_n=$(printf '%s' \"$plumb_d\" | base64 -d)\n"
                + "  plumb_q \"$plumb_n\" " + b64(CatalogProbe.database(ALL_SCHEMAS, NONE)) + " \"db $plumb_d\"\n"
                + "  plumb_q \"$plumb_n\" " + b64(HISTORY) + " \"history $plumb_d\"\n"
                + "done\n)\n";
    }

    /**
     * The fragment's lines as facts.
     *
     * @throws IllegalStateException with a one-line reason when the server itself could not be read
     */
    static Live parse(List<String> lines) {
        Optional<ServerState> server = Optional.empty();
        Map<String, ServerState.DatabaseObjects> objects = new LinkedHashMap<>();
        Map<String, List<History>> histories = new LinkedHashMap<>();
        Map<String, String> unread = new LinkedHashMap<>();
        for (String line : lines) {
            String[] f = line.split(" ", -1);
            switch (f[0]) {
                case "server" -> server = Optional.of(CatalogProbe.parseServer(text(f, 1), REQUEST, true,
                        Optional.empty()));
                case "db" -> {
                    String db = text(f, 1);
                    try {
                        objects.put(db, CatalogProbe.parseDatabase(text(f, 2)));
                    } catch (RuntimeException e) {
                        unread.put(db, "cannot read the catalog's answer: " + e.getMessage());
                    }
                }
                case "history" -> {
                    String db = text(f, 1);
                    try {
                        histories.put(db, text(f, 2).lines().filter(l -> !l.isBlank()).map(ImportProbe::history)
                                .toList());
                    } catch (RuntimeException e) {
                        unread.put(db, "cannot read its Flyway history: " + e.getMessage());
                    }
                }
                case "error" -> {
                    if (f.length > 1 && f[1].equals("server")) {
                        throw new IllegalStateException("reading PostgreSQL as postgres over the local socket failed: "
                                + oneLine(f.length > 2 ? text(f, 2) : ""));
                    }
                    if (f.length > 2) {
                        unread.put(text(f, 2), oneLine(f.length > 3 ? text(f, 3) : ""));
                    }
                }
                default -> {
                    // not this fragment's
                }
            }
        }
        ServerState s = server.orElseThrow(() -> new IllegalStateException(
                "PostgreSQL did not answer (is it installed and running on this host?)"));
        return new Live(s.withObjects(objects), histories, unread);
    }

    private static History history(String json) {
        Map<String, Object> doc = map(JsonReader.read(json));
        List<AppliedHistory.Row> rows = new ArrayList<>();
        for (Object o : (List<?>) doc.get("rows")) {
            Map<String, Object> r = map(o);
            rows.add(new AppliedHistory.Row(Optional.ofNullable((String) r.get("version")),
                    String.valueOf(r.get("description")), String.valueOf(r.get("type")), String.valueOf(r.get("script")),
                    Optional.ofNullable((Number) r.get("checksum")).map(Number::intValue),
                    String.valueOf(r.get("installed_by")), Boolean.TRUE.equals(r.get("success"))));
        }
        return new History((String) doc.get("schema"), rows);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object o) {
        if (!(o instanceof Map<?, ?> m)) {
            throw new IllegalArgumentException("expected a JSON object");
        }
        return (Map<String, Object>) m;
    }

    private static String oneLine(String s) {
        return s.strip().replaceAll("\\s*\n\\s*", "; ");
    }

    private static String text(String[] fields, int i) {
        if (fields.length <= i) {
            throw new IllegalStateException("a PostgreSQL answer line is cut short");
        }
        return new String(Base64.getDecoder().decode(fields[i]), StandardCharsets.UTF_8);
    }

    private static String b64(String s) {
        return "'" + Base64.getMimeEncoder(76, new byte[] {'\n'}).encodeToString(s.getBytes(StandardCharsets.UTF_8))
                + "'";
    }
}
