package dev.plumb.lab;

import static dev.plumb.shell.Shell.quote;

import dev.plumb.cli.Workspace;
import dev.plumb.transport.ssh.SshTarget;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The fixture of the PostgreSQL lab tests. It owns:
 *
 * <ul>
 *   <li>the db host, host1, whose server it puts back to the fresh state Debian leaves ({@link
 *       #SCRIPT}) before each test, so every test starts from it, and once more when the class is
 *       done, so the next class finds it;
 *   <li>for each test, a {@link Workspace} in a scratch directory (deleted after the test) whose
 *       inventory holds the db host in group {@code db} and the hosts given to {@link #web} in
 *       group {@code web}, with root login and the lab's known_hosts, and whose environment holds
 *       the admin password ({@code PLUMB_PG_ADMIN_PASSWORD}) and the other {@link #secret}s;
 *   <li>{@link #psql} as the postgres superuser on the db host, and the root {@link #ssh} command
 *       and {@link #sshTarget} for tests that open their own sessions.
 * </ul>
 *
 * <p>Register it on a <em>static</em> field of a {@link LabHosts} class, so that it can reset the
 * server when the class is done:
 *
 * <pre>{@code
 * @LabHosts(count = 3)
 * class SomeLabTest {
 *     @RegisterExtension
 *     static final PgLab pg = new PgLab().admin("admin-pw").secret("APP_PW", "app-pw").web(2);
 *
 *     @Test
 *     void something() {
 *         pg.ws().playbook("...");
 *         pg.ws().converge();
 *         assertThat(pg.psql("postgres", "SELECT 1")).isEqualTo("1");
 *     }
 * }
 * }</pre>
 *
 * Its callbacks run around the class's own: a {@code @BeforeEach} method already sees the fresh
 * server.
 */
public final class PgLab
    implements BeforeAllCallback, BeforeEachCallback, AfterEachCallback, AfterAllCallback {

  /** The environment variable the admin password is in, as in playbooks/flaskapp.yml. */
  public static final String ADMIN_PASSWORD_ENV = "PLUMB_PG_ADMIN_PASSWORD";

  /**
   * Back to the fresh server, whatever a test (or an earlier, failed run) left behind: only the
   * roles and databases of a new cluster, no admin password (only peer authentication works), no
   * plumb block in pg_hba.conf, nothing set with ALTER SYSTEM or on the postgres role. Drops every
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

  /** The db host: host1, as in {@link Lab#inventory()}. */
  private static final int DB_HOST = 1;

  private final Map<String, String> env = new LinkedHashMap<>();
  private final List<Integer> web = new ArrayList<>();
  private Lab lab;
  private Path dir;
  private Workspace ws;

  // --- configuration -------------------------------------------------------------------------

  /** The admin password, in the workspace's environment as {@value #ADMIN_PASSWORD_ENV}. */
  public PgLab admin(String password) {
    return secret(ADMIN_PASSWORD_ENV, password);
  }

  /** Another secret in the workspace's environment (and in {@link #env()}). */
  public PgLab secret(String name, String value) {
    env.put(name, value);
    return this;
  }

  /** Puts hostN into the workspace's inventory, in group {@code web}. */
  public PgLab web(int hostNumber) {
    if (hostNumber == DB_HOST) {
      throw new IllegalArgumentException("host" + DB_HOST + " is the db host");
    }
    web.add(hostNumber);
    return this;
  }

  // --- what tests use ------------------------------------------------------------------------

  public Lab lab() {
    if (lab == null) {
      throw new IllegalStateException(
          "PgLab is used outside a test: register it with @RegisterExtension on a static field"
              + " of a @LabHosts class, and use it from test and lifecycle methods");
    }
    return lab;
  }

  /** The db host (host1), whose PostgreSQL this fixture resets. */
  public LabHost host() {
    return lab().host(DB_HOST);
  }

  /** The secrets, the admin password included: the environment a playbook is loaded with. */
  public Map<String, String> env() {
    return Map.copyOf(env);
  }

  /**
   * This test's workspace, made on first use: the db host in group {@code db}, the {@link #web}
   * hosts in group {@code web}, user root, become none, the lab's known_hosts, and {@link #env()}.
   */
  public Workspace ws() {
    if (ws == null) {
      List<LabHost> hosts = new ArrayList<>(List.of(host()));
      Map<String, List<LabHost>> groups = new LinkedHashMap<>(Map.of("db", List.of(host())));
      if (!web.isEmpty()) {
        List<LabHost> webHosts = web.stream().map(lab()::host).toList();
        hosts.addAll(webHosts);
        groups.put("web", webHosts);
      }
      try {
        dir = Files.createTempDirectory("plumb-pglab-");
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      ws = new Workspace(lab(), dir).inventory(hosts, "root", "none", lab().knownHosts(), groups);
      env.forEach(ws::env);
    }
    return ws;
  }

  /**
   * Writes the workspace's playbook: one play on the db host whose {@code postgres:} holds the
   * admin ({@code postgres}, password from {@value #ADMIN_PASSWORD_ENV} as secret {@code admin})
   * and then {@code body}, the rest of the {@code postgres:} mapping, unindented.
   */
  public void postgres(String body) {
    ws().playbook("""
        secrets:
          admin: {env: PLUMB_PG_ADMIN_PASSWORD}
        plays:
          - hosts: db
            postgres:
              admin: {user: postgres, password: "${secret.admin}"}
        """ + body.indent(6));
  }

  /**
   * Runs SQL as the postgres superuser over the db host's local socket (peer authentication, so
   * it works whatever plumb did to passwords) and returns the unaligned, tuples-only output,
   * stripped. The SQL travels in a here-document; an error fails the test.
   */
  public String psql(String database, String sql) {
    return ssh("cd / && runuser -u postgres -- psql -X -q -A -t -v ON_ERROR_STOP=1 -d "
        + quote(database) + " <<'PLUMB_SQL'\n" + sql + "\nPLUMB_SQL\n").orThrow().out();
  }

  /** Runs a shell command as root on the db host. */
  public ExecResult ssh(String command) {
    return lab().ssh(host(), command);
  }

  /** How plumb's own SSH transport logs in to the db host: as root, with the lab's key. */
  public SshTarget sshTarget() {
    LabHost host = host();
    return new SshTarget(host.name(), host.sshAddress(), host.port(), "root",
        Optional.of(lab().privateKey()), Optional.empty(), lab().knownHosts(), false, false,
        Duration.ofSeconds(10));
  }

  /** Runs {@link #SCRIPT} on the db host; fails with its output when it does not succeed. */
  public void reset() {
    lab().ssh(host(), SCRIPT, Duration.ofSeconds(90)).orThrow();
  }

  // --- callbacks -----------------------------------------------------------------------------

  @Override
  public void beforeAll(ExtensionContext context) {
    lab = LabExtension.lab(context);
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    reset();
  }

  @Override
  public void afterEach(ExtensionContext context) throws IOException {
    ws = null;
    if (dir != null) {
      try (Stream<Path> paths = Files.walk(dir)) {
        for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
          Files.delete(p);
        }
      } finally {
        dir = null;
      }
    }
  }

  @Override
  public void afterAll(ExtensionContext context) {
    if (lab != null) {
      reset();
    }
  }
}
