package dev.plumb.lab;

import static dev.plumb.shell.Shell.quote;

import java.time.Duration;

/**
 * A lab host's PostgreSQL as Debian leaves it, for tests that start from (and return to) it: only
 * the roles and databases of a new cluster, no admin password (only peer authentication works),
 * no plumb block in pg_hba.conf, nothing set with ALTER SYSTEM or on the postgres role.
 */
public final class FreshPostgres {

  /**
   * Back to the fresh server, whatever a test (or an earlier, failed run) left behind. Drops every
   * database and role a new cluster does not have (names quoted with %I, whatever they hold),
   * resets ALTER SYSTEM and removes plumb's pg_hba block; then restarts the server when a setting
   * that needs a restart was set or is pending, and otherwise reloads it and waits until new
   * sessions see the reloaded files.
   */
  public static final String SCRIPT = """
      set -e
      cd /
      pg() { runuser -u postgres -- psql -X -q -A -t -v ON_ERROR_STOP=1 -d postgres "$@"; }
      restart=$(pg -c "SELECT count(*) FROM pg_catalog.pg_settings WHERE pending_restart
          OR (context = 'postmaster' AND sourcefile LIKE '%/postgresql.auto.conf')")
      pg <<'SQL'
      SELECT format('DROP DATABASE %I WITH (FORCE)', datname) FROM pg_catalog.pg_database
       WHERE datname NOT IN ('postgres', 'template0', 'template1') \\gexec
      SELECT format('DROP OWNED BY %I CASCADE', rolname) FROM pg_catalog.pg_roles
       WHERE rolname <> 'postgres' AND rolname !~ '^pg_' \\gexec
      SELECT format('DROP ROLE %I', rolname) FROM pg_catalog.pg_roles
       WHERE rolname <> 'postgres' AND rolname !~ '^pg_' \\gexec
      ALTER ROLE postgres RESET ALL;
      ALTER ROLE postgres PASSWORD NULL;
      ALTER SYSTEM RESET ALL;
      SQL
      hba=$(pg -c 'SHOW hba_file')
      sed -i '/^# BEGIN plumb managed block/,/^# END plumb managed block/d' "$hba"
      rm -f "$hba.plumb-backup"
      if [ "$restart" != 0 ]; then
        systemctl restart postgresql@15-main
        ready() { pg_isready -q -h 127.0.0.1 -p 5432; }
      else
        pg -c 'SELECT pg_catalog.pg_reload_conf()' >/dev/null
        ready() {
          [ "$(pg -c "SELECT (pg_catalog.pg_stat_file(current_setting('hba_file'))).modification
              <= pg_catalog.pg_conf_load_time() AND NOT EXISTS (SELECT FROM pg_catalog.pg_settings
              WHERE sourcefile LIKE '%/postgresql.auto.conf')")" = t ]
        }
      fi
      i=0
      until ready; do
        i=$((i + 1)); [ "$i" -lt 100 ] || { echo 'PostgreSQL not back to its fresh state' >&2; exit 1; }
        sleep 0.2
      done
      """;

  private FreshPostgres() {}

  /** Runs {@link #SCRIPT} on the host; fails with its output when it does not succeed. */
  public static void reset(Lab lab, LabHost host) {
    lab.ssh(host, SCRIPT, Duration.ofSeconds(90)).orThrow();
  }

  /**
   * Runs SQL as the postgres superuser over the host's local socket (peer authentication, so it
   * works whatever plumb did to passwords) and returns the unaligned, tuples-only output, stripped.
   */
  public static String psql(Lab lab, LabHost host, String database, String sql) {
    return lab.ssh(host, "cd / && runuser -u postgres -- psql -X -q -A -t -v ON_ERROR_STOP=1 -d "
        + quote(database) + " <<'PLUMB_SQL'\n" + sql + "\nPLUMB_SQL\n").orThrow().out();
  }
}
