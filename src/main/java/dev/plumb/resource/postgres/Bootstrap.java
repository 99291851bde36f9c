package dev.plumb.resource.postgres;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import dev.plumb.model.Sensitive;

/**
 * Shell scripts that run SQL on the host as the {@code postgres} OS user over the local socket,
 * where a fresh Debian server accepts peer authentication only. The SQL and the database name
 * travel base64-encoded inside the script (which itself travels on stdin), so no name, statement
 * or verifier ever reaches a command line, and quotes or newlines in them are inert. The scripts
 * need root (or sudo) to switch user: {@code runuser}, else {@code su}.
 */
public final class Bootstrap {
    /**
     * Defines {@code plumb_psql DATABASE}: psql as {@code postgres} over the local socket, the SQL
     * on stdin, rows unaligned without headers, stopping at the first error.
     */
    static final String PSQL_FUNCTION = """
            plumb_psql() {
              if command -v runuser >/dev/null 2>&1; then
                runuser -u postgres -- env PGDATABASE="$1" PGCLIENTENCODING=UTF8 \\
                  psql -X -q -A -t -v ON_ERROR_STOP=1 -p 5432
              else
                su postgres -s /bin/sh -c \\
                  'PGDATABASE="$0" PGCLIENTENCODING=UTF8 exec psql -X -q -A -t -v ON_ERROR_STOP=1 -p 5432' "$1"
              fi
            }
            """;
    private static final String PSQL = "set -e\ncd /\n" + PSQL_FUNCTION;

    private Bootstrap() {
    }

    /**
     * Sets {@code adminUser}'s password to a SCRAM-SHA-256 verifier computed here (creating the
     * role as a superuser first if it does not exist): the plaintext never leaves plumb.
     */
    public static String script(String adminUser, Sensitive<String> password) {
        String verifier = Scram.verifier(password).reveal();
        String sql = ensureRole(adminUser)
                + "ALTER ROLE " + Sql.ident(adminUser) + " WITH LOGIN PASSWORD " + Sql.literal(verifier) + ";\n";
        return psql("postgres", sql);
    }

    /**
     * Runs {@code sql} in {@code database} with psql as {@code postgres}; prints the rows
     * unaligned, without headers. Stops at the first error (exit 3, the error on stderr).
     */
    public static String psql(String database, String sql) {
        return PSQL + "plumb_db=$(printf '%s' '" + b64(database) + "' | base64 -d)\n"
                + "base64 -d <<'PLUMB_SQL' | plumb_psql \"$plumb_db\"\n"
                + Base64.getMimeEncoder(76, new byte[] {'\n'}).encodeToString(sql.getBytes(StandardCharsets.UTF_8))
                + "\nPLUMB_SQL\n";
    }

    /** A DO block that creates the role as a superuser unless it exists. */
    private static String ensureRole(String role) {
        String body = "BEGIN IF NOT EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname = " + Sql.literal(role)
                + ") THEN EXECUTE format('CREATE ROLE %I SUPERUSER LOGIN', " + Sql.literal(role)
                + "); END IF; END";
        return "DO " + dollarQuote(body) + ";\n";
    }

    /** {@code $tag$body$tag$} with a tag that does not occur in {@code body}. */
    static String dollarQuote(String body) {
        String tag = "$plumb$";
        for (int i = 0; body.contains(tag); i++) {
            tag = "$plumb" + i + "$";
        }
        return tag + body + tag;
    }

    private static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }
}
