package dev.plumb.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.IntPredicate;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.plumb.config.HostDesired;
import dev.plumb.json.JsonReader;
import dev.plumb.model.Diagnostic;
import dev.plumb.model.Redactor;
import dev.plumb.model.Text;
import dev.plumb.plan.Change;
import dev.plumb.plan.HostPlan;
import dev.plumb.plan.JsonRenderer;
import dev.plumb.plan.MarkdownRenderer;
import dev.plumb.plan.Plan;
import dev.plumb.plan.TextRenderer;
import dev.plumb.resource.file.FilePlanner;
import dev.plumb.resource.file.FileSpec;
import dev.plumb.resource.file.FileState;
import dev.plumb.resource.postgres.HbaFile;
import dev.plumb.resource.postgres.HbaRule;
import dev.plumb.resource.postgres.PgPlanner;
import dev.plumb.resource.postgres.PgStep;
import dev.plumb.resource.postgres.PgWork;
import dev.plumb.resource.postgres.PostgresResource;
import dev.plumb.resource.postgres.RoleSpec;
import dev.plumb.resource.postgres.Scram;
import dev.plumb.resource.postgres.ServerState;
import dev.plumb.resource.postgres.SettingSpec;
import dev.plumb.resource.systemd.ServicePlanner;
import dev.plumb.resource.systemd.ServiceSpec;
import dev.plumb.resource.systemd.UnitState;

/**
 * No secret reaches any output, as it is or in any form that escaping, quoting or encoding gives
 * it: plans as text and JSON, drift documents, saved plans (written as {@code plan -o} writes
 * them), and the errors reachable without a host. The secrets hold each character that some
 * rendering changes, unicode, and one that is a prefix of another; they are planned against live
 * states holding nothing, the same secrets, and the secrets before a rotation (in place, and with
 * the live files' lines shifted). The redactor knows only the current secrets, so the old ones
 * must be masked by what plumb knows of where the secrets are.
 */
class SecretLeakTest {
    /** Name → {current value, value before the rotation}. */
    static final Map<String, List<String>> SECRETS = new LinkedHashMap<>();

    static {
        secret("dollar", "Pa$$w0rd-$HOME-now", "Pa$$w0rd-${PATH}-was");
        secret("dquote", "say \"hi\" twice-now", "said \"bye\" once-was");
        secret("backslash", "back\\slash\\n-now", "old\\back\\\\slash-was");
        secret("backtick", "tick`id`-now", "tock`uname`-was");
        secret("squote", "it's-o'k-now", "wasn't-'old'-was");
        secret("percent", "100%-pure%20-now", "50%-off%2F-was");
        secret("amp", "fish&chips&&now", "salt&vinegar&was");
        secret("newline", "first line one\nsecond line two", "old first line\nold second line");
        secret("space", "two words and more now", "some old words were");
        secret("unicode", "pässwörd-日本-🔑-now", "façade-über-ключ-was");
        secret("prefix", "S3cr3tPrefix", "S3cr3tPrefiy");
        secret("longer", "S3cr3tPrefix-and-more", "S3cr3tPrefiy-and-more");
        secret("admin", "Adm1n \"'$`\\%& pw", "Adm1n old \"'$`\\%& pw");
    }

    private static void secret(String name, String now, String before) {
        SECRETS.put(name, List.of(now, before));
    }

    /** Whether an env file and a pg_hba.conf line can hold the secret: not when it has a line break. */
    static boolean oneLine(String name) {
        return !name.equals("newline");
    }

    static final String PLAN_KEY = "a-plan-key-for-the-leak-test";

    @TempDir
    Path dir;

    // --- the desired state ---------------------------------------------------------------------

    /** Every secret in every place a secret may go: env values, content, a unit, hba options, settings, passwords. */
    static String playbook(boolean withUnfit) {
        StringBuilder b = new StringBuilder("version: 1\nsecrets:\n");
        SECRETS.keySet().forEach(n -> b.append("  ").append(n).append(": {env: ").append(env(n)).append("}\n"));
        b.append("plays:\n  - hosts: db\n    postgres:\n      admin: {password: \"${secret.admin}\"}\n      roles:\n");
        SECRETS.keySet().forEach(n -> b.append("        - {name: app_").append(n)
                .append(", login: true, password: \"${secret.").append(n).append("}\"}\n"));
        b.append("      hba:\n        exclusive: true\n        items:\n");
        SECRETS.keySet().stream().filter(n -> withUnfit || oneLine(n)).forEach(n -> b.append(
                "          - {type: host, database: all, user: app_").append(n).append(", address: 10.0.0.0/8,"
                + " method: ldap, options: {ldapserver: ldap.example, ldapbindpasswd: \"${secret.").append(n)
                .append("}\"}}\n"));
        b.append("      settings:\n");
        SECRETS.keySet().forEach(n -> b.append("        plumb.").append(n).append(": \"${secret.").append(n)
                .append("}\"\n"));
        b.append("        ssl_passphrase_command: \"/usr/local/bin/ask ${secret.dollar} %p\"\n");
        b.append("  - hosts: web\n    files:\n      - path: /etc/app/app.env\n        mode: \"0600\"\n        env:\n");
        SECRETS.keySet().stream().filter(n -> withUnfit || oneLine(n)).forEach(n -> b.append("          ")
                .append(env(n)).append(": \"${secret.").append(n).append("}\"\n          URL_").append(env(n))
                .append(": \"postgresql://app:${secret.").append(n).append("}@db:5432/app\"\n"));
        b.append("          MODE: production\n");
        b.append("      - path: /etc/app/app.conf\n        content: |\n          # settings of the app\n");
        SECRETS.keySet().forEach(n -> b.append("          ").append(n).append(" = ${secret.").append(n)
                .append("}\n          url_").append(n).append(" = \"postgresql://app:${secret.").append(n)
                .append("}@db/app\"\n"));
        b.append("          mode = production\n");
        b.append("    services:\n      - name: app\n        unit: |\n          [Unit]\n          Description=app\n"
                + "          [Service]\n");
        SECRETS.keySet().forEach(n -> b.append("          Environment=\"TOKEN_").append(env(n))
                .append("=${secret.").append(n).append("}\"\n"));
        b.append("          ExecStart=/usr/bin/app --token '${secret.squote}' --url ${secret.percent}\n"
                + "          [Install]\n          WantedBy=multi-user.target\n");
        return b.toString();
    }

    static String env(String name) {
        return "LEAK_" + name.toUpperCase(java.util.Locale.ROOT);
    }

    static Map<String, String> environment(int version) {
        Map<String, String> env = new LinkedHashMap<>();
        SECRETS.forEach((n, v) -> env.put(env(n), v.get(version)));
        env.put("PLUMB_PLAN_KEY", PLAN_KEY);
        return env;
    }

    Inputs inputs(boolean withUnfit) throws IOException {
        Inputs in = new Inputs();
        in.playbook = Files.writeString(dir.resolve(withUnfit ? "unfit.yml" : "site.yml"), playbook(withUnfit));
        in.inventory = Files.writeString(dir.resolve("inventory.yml"), """
                ssh: {user: root, known_hosts: known_hosts}
                hosts:
                  db1: {address: 127.0.0.1, port: 1}
                  web1: {address: 127.0.0.1, port: 1}
                groups:
                  db: [db1]
                  web: [web1]
                """);
        return in;
    }

    /** Loaded as {@code plan} loads: the secrets of {@code version} (0 now, 1 before the rotation). */
    Run run(Inputs in, int version, StringWriter err) {
        Main main = Main.commandLine(environment(version)).getCommand();
        RunOptions options = new RunOptions();
        options.quiet = true;
        PrintWriter out = new PrintWriter(err, true);
        return Run.key(main, out).flatMap(key -> Run.prepare(in, options, main, key, dev.plumb.io.SourceTree.DISK, true, out))
                .orElseThrow(() -> new AssertionError(err));
    }

    // --- live states ---------------------------------------------------------------------------

    enum Live { NOTHING, SAME, ROTATED, ROTATED_AND_SHIFTED, REMOTE_SERVER }

    static FileState file(String content, String mode) {
        byte[] b = content.getBytes(StandardCharsets.UTF_8);
        return new FileState.Regular(mode, "root", "root", b.length, FilePlanner.sha256(content), Optional.of(b));
    }

    /** The live text: as {@code body} renders, with a hand-made line first and the last line gone when shifted. */
    static String liveText(Text body, Live live) {
        String s = body.reveal();
        if (live != Live.ROTATED_AND_SHIFTED) {
            return s;
        }
        List<String> lines = new ArrayList<>(s.lines().toList());
        lines.remove(lines.size() - 1);
        return "# edited by hand\n" + String.join("\n", lines) + "\n";
    }

    /** The admin's own line, which exclusive hba rules never remove. */
    static final String ADMIN_HBA = "# TYPE  DATABASE        USER            ADDRESS                 METHOD\n"
            + "local   all             postgres                                peer\n";

    static ServerState server(HostDesired before, Live live) {
        Map<String, ServerState.Role> roles = new LinkedHashMap<>();
        roles.put("postgres", role("postgres", new ServerState.NoPassword()));
        Map<String, ServerState.Setting> settings = new LinkedHashMap<>();
        settings.put("ssl_passphrase_command", setting("ssl_passphrase_command", ""));
        String hba = ADMIN_HBA;
        if (live != Live.NOTHING) {
            for (RoleSpec r : before.resources(RoleSpec.class)) {
                roles.put(r.name(), role(r.name(), new ServerState.Stored(Scram.verifier(r.password().orElseThrow()))));
            }
            for (SettingSpec s : before.resources(SettingSpec.class)) {
                settings.put(s.name(), setting(s.name(), s.value().orElseThrow().reveal()));
            }
            List<HbaRule> rules = before.resources(HbaRule.class);
            if (live == Live.ROTATED_AND_SHIFTED) {
                // The first rule missing, one no longer declared and one outside the block, with old secrets.
                rules = new ArrayList<>(rules.subList(1, rules.size()));
                rules.add(renamed(rules.get(0), "app_gone"));
                hba = ADMIN_HBA + HbaFile.line(renamed(rules.get(1), "app_foreign"), true) + "\n";
            }
            hba = HbaFile.splice(hba, HbaFile.block(rules));
        }
        Map<String, ServerState.Database> dbs = new LinkedHashMap<>();
        for (String db : List.of("postgres", "template1")) {
            dbs.put(db, new ServerState.Database(db, "postgres", "UTF8", "C.UTF-8", "C.UTF-8", -1,
                    db.startsWith("template"), true, 0, List.of()));
        }
        return new ServerState(150004, "postgres", true, live != Live.REMOTE_SERVER, Optional.empty(), "postgres",
                Optional.of("/var/lib/postgresql/15/main"), roles, dbs, settings,
                Optional.of(new ServerState.Hba("/etc/postgresql/15/main/pg_hba.conf", hba, "sha-" + hba.hashCode(),
                        List.of(), true)), Map.of(), Optional.empty());
    }

    static HbaRule renamed(HbaRule r, String user) {
        return new HbaRule(r.host(), r.name(), r.type(), r.database(), user, r.clientAddress(), r.method(), r.options(),
                r.state());
    }

    static ServerState.Role role(String name, ServerState.StoredPassword password) {
        return new ServerState.Role(name, true, name.equals("postgres"), false, false, true, false, false, -1,
                Optional.empty(), password, List.of(), Map.of(), Map.of());
    }

    static ServerState.Setting setting(String name, String value) {
        return new ServerState.Setting(name, value, Optional.empty(), "string", "sighup", false, Optional.empty(),
                !value.isEmpty());
    }

    // --- planning, as the engine does per host, with planners and renderers called directly -----

    /** Everything shown while planning one host; the plan's host entry is added to {@code hosts}. */
    static List<String> planHost(HostDesired now, HostDesired before, Live live, Redactor redactor,
                                 List<HostPlan> hosts) {
        List<String> shown = new ArrayList<>();
        List<Change> changes = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        Map<String, Text> oldFiles = new LinkedHashMap<>();
        before.resources(FileSpec.class).forEach(f -> oldFiles.put(f.path(), f.content().orElseThrow().body()));
        for (FileSpec f : now.resources(FileSpec.class)) {
            FileState state = switch (live) {
                case NOTHING -> new FileState.Absent();
                case SAME -> file(f.content().orElseThrow().body().reveal(), f.mode());
                default -> file(liveText(oldFiles.get(f.path()), live), f.mode());
            };
            FilePlanner.diff(f, state, redactor).ifPresent(changes::add);
        }
        Map<String, Text> oldUnits = new LinkedHashMap<>();
        before.resources(ServiceSpec.class).forEach(s -> oldUnits.put(s.name(), s.unit().orElseThrow()));
        for (ServiceSpec s : now.resources(ServiceSpec.class)) {
            FileState unitFile = switch (live) {
                case NOTHING -> new FileState.Absent();
                case SAME -> file(s.unit().orElseThrow().reveal(), FileSpec.DEFAULT_MODE);
                default -> file(liveText(oldUnits.get(s.name()), live), FileSpec.DEFAULT_MODE);
            };
            UnitState unit = live == Live.NOTHING ? UnitState.NOT_FOUND
                    : new UnitState("loaded", "active", "running", "enabled", 42, false);
            ServicePlanner.Result r = ServicePlanner.diff(s, unitFile, unit, List.of(), redactor);
            changes.addAll(r.changes());
            r.error().ifPresent(errors::add);
            shown.add(r.ops().toString());
        }
        if (now.postgres().isPresent()) {
            PgWork w = PgPlanner.plan(now.host().name(), now.postgres().get(),
                    now.resources(PostgresResource.class), server(live == Live.SAME ? now : before, live), redactor);
            changes.addAll(w.changes());
            errors.addAll(w.errors());
            notes.addAll(w.notes());
            for (PgStep step : w.steps()) {
                shown.add(step.describe());
                shown.add(step.toString());
            }
            shown.add(w.toString());
        }
        changes.forEach(c -> shown.add(c.toString()));
        hosts.add(new HostPlan(now.host().name(), changes,
                errors.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", errors)), notes));
        return shown;
    }

    // --- the checks ----------------------------------------------------------------------------

    @Test
    void noPlanDriftOrSavedPlanShowsASecretBeforeOrAfterARotation() throws IOException {
        Inputs in = inputs(false);
        StringWriter err = new StringWriter();
        Run now = run(in, 0, err);
        Run before = run(in, 1, err);
        Redactor redactor = now.desired.redactor().withTagKey(now.key);
        int changed = 0;
        for (Live live : Live.values()) {
            List<HostPlan> hosts = new ArrayList<>();
            List<String> shown = new ArrayList<>();
            for (HostDesired h : now.desired.hosts()) {
                shown.addAll(planHost(h, before.desired.host(h.host().name()).orElseThrow(), live, redactor, hosts));
            }
            Plan plan = new Plan(hosts);
            String where = "live state " + live;
            shown.add(TextRenderer.render(plan));
            shown.add(TextRenderer.hosts(plan) + plan.summary("Drift"));
            shown.add(MarkdownRenderer.render(plan, "Plan"));
            shown.add(MarkdownRenderer.render(plan, "Drift"));
            shown.forEach(s -> assertNoSecret(where, s));
            assertNoSecretInJson(where + ", plan --json", JsonRenderer.render(plan));
            assertNoSecretInJson(where + ", drift --json", JsonRenderer.renderDrift(plan));
            Path saved = dir.resolve("plan-" + live + ".json");
            SavedPlans.write(saved, now, in, plan, java.util.Optional.empty());
            assertNoSecretInJson(where + ", saved plan", Files.readString(saved));
            if (live == Live.ROTATED) {
                // The rotation shows: every secret place changes, each side masked with its own tag.
                String text = TextRenderer.render(plan);
                assertThat(text).containsPattern("-LEAK_DOLLAR=\"\\(sensitive [0-9a-f]{6}\\)\"")
                        .containsPattern("\\+LEAK_DOLLAR=\"\\(sensitive [0-9a-f]{6}\\)\"")
                        .containsPattern("-URL_LEAK_PERCENT=postgresql://app:\\(sensitive [0-9a-f]{6}\\)@db:5432/app")
                        .containsPattern("value: \\(sensitive [0-9a-f]{6}\\) → \\(sensitive [0-9a-f]{6}\\)")
                        .containsPattern("ldapbindpasswd=\"\\(sensitive [0-9a-f]{6}\\)\" → ")
                        .contains("password: (sensitive) → (sensitive)");
            }
            if (live == Live.SAME) {
                assertThat(plan.hasChanges()).as(TextRenderer.render(plan)).isFalse();
            }
            changed += plan.hasChanges() ? 1 : 0;
            if (live == Live.REMOTE_SERVER) {
                assertThat(plan.hasErrors()).isTrue();
            }
        }
        assertThat(changed).isEqualTo(Live.values().length - 1);
        assertNoSecret("loading", err.toString());
    }

    @Test
    void noErrorReachableWithoutAHostShowsASecret() throws IOException {
        Inputs unfit = inputs(true);
        // A secret with a newline cannot go into an env file or pg_hba.conf: reported, never shown.
        Cli.Result validate = Cli.run(environment(0), "validate", unfit.playbook.toString(), "-i",
                unfit.inventory.toString());
        assertThat(validate.exit()).isEqualTo(ExitCode.ERROR);
        assertThat(validate.err()).contains("cannot contain a newline");
        assertNoSecret("validate", validate.all());

        // Hosts that refuse the connection: plan, drift and a saved plan of failed hosts.
        Inputs in = inputs(false);
        Path saved = dir.resolve("failed-plan.json");
        for (String[] args : List.of(
                new String[] {"plan", in.playbook.toString(), "-i", in.inventory.toString(), "-o", saved.toString()},
                new String[] {"plan", in.playbook.toString(), "-i", in.inventory.toString(), "--json"},
                new String[] {"drift", in.playbook.toString(), "-i", in.inventory.toString(), "--json"},
                new String[] {"apply", in.playbook.toString(), "-i", in.inventory.toString()})) {
            Cli.Result r = Cli.run(environment(0), args);
            assertThat(r.exit()).as(r.toString()).isEqualTo(ExitCode.ERROR);
            assertNoSecret(String.join(" ", args), r.all());
        }
        assertNoSecretInJson("saved plan of failed hosts", Files.readString(saved));

        // Free text that plumb did not write (a failed script's stderr, journal lines, a server's
        // message) goes through the redactor, which knows every form of every current secret.
        StringWriter err = new StringWriter();
        Redactor redactor = run(in, 0, err).desired.redactor();
        StringBuilder journal = new StringBuilder();
        SECRETS.values().forEach(v -> forms(v.get(0)).forEach(f -> journal.append("app[42]: got ").append(f)
                .append(" from env\n")));
        String redacted = redactor.redact(journal.toString());
        assertNoSecret("redacted journal", redacted);
        assertThat(redacted).contains("app[42]: got (sensitive) from env");
        Diagnostic d = Diagnostic.onHost("web1", "start failed").withDetail(Optional.of(journal.toString()));
        assertNoSecret("redacted diagnostic", redactor.redact(d).render());
    }

    // --- what counts as showing a secret -------------------------------------------------------

    /** The ways a secret may be written out: escaped, quoted, encoded; the lines of a multi-line one. */
    static Set<String> forms(String s) {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        String url = URLEncoder.encode(s, StandardCharsets.UTF_8);
        Set<String> out = new LinkedHashSet<>(List.of(s,
                escape(s, c -> "\"\\$`".indexOf(c) >= 0),
                escape(s, c -> !(c < 128 && Character.isLetterOrDigit(c) || "_@%+=:,./-".indexOf(c) >= 0)),
                s.replace("'", "'\\''"), s.replace("'", "''"), s.replace("\"", "\"\""),
                s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n"),
                url, url.replace("+", "%20"),
                Base64.getEncoder().encodeToString(bytes), Base64.getEncoder().withoutPadding().encodeToString(bytes),
                Base64.getUrlEncoder().withoutPadding().encodeToString(bytes)));
        if (s.contains("\n")) {
            s.lines().forEach(out::add);
        }
        return out;
    }

    private static String escape(String s, IntPredicate escaped) {
        StringBuilder b = new StringBuilder();
        s.codePoints().forEach(c -> b.append(escaped.test(c) ? "\\" : "").appendCodePoint(c));
        return b.toString();
    }

    static void assertNoSecret(String where, String output) {
        SECRETS.forEach((name, values) -> {
            for (int v = 0; v < values.size(); v++) {
                for (String f : forms(values.get(v))) {
                    if (output.contains(f)) {
                        fail(where + ": shows the " + (v == 0 ? "current" : "old") + " secret '" + name
                                + "' as «" + f + "» in:\n" + output);
                    }
                }
            }
        });
    }

    /** The document as written, and every string in it as read back. */
    static void assertNoSecretInJson(String where, String json) {
        assertNoSecret(where, json);
        List<String> strings = new ArrayList<>();
        collect(JsonReader.read(json), strings);
        assertThat(strings).isNotEmpty();
        strings.forEach(s -> assertNoSecret(where + " (decoded)", s));
    }

    private static void collect(Object node, List<String> out) {
        if (node instanceof Map<?, ?> m) {
            m.forEach((k, v) -> {
                out.add(String.valueOf(k));
                collect(v, out);
            });
        } else if (node instanceof List<?> l) {
            l.forEach(x -> collect(x, out));
        } else if (node instanceof String s) {
            out.add(s);
        }
    }
}
