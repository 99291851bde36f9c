package dev.plumb.check;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import dev.plumb.json.JsonReader;

/**
 * Decides each check from what its fragment printed, and explains a failure with what the host
 * itself showed (a database cause is {@link DbCauses}'). Pure.
 */
final class Evaluator {
    private Evaluator() {}

    static Evaluated evaluate(Check check, Facts f) {
        long ms = f.number("ms", 0);
        Optional<String> unusable = f.get("unusable");
        if (unusable.isPresent()) {
            return Evaluated.fail(ms, unusable.get(), new Diagnosis("the check cannot run on this host",
                    "install what it needs, or drop the check", List.of()), "");
        }
        if (check instanceof Check.PostgresLogin c) {
            return login(c, f, ms);
        } else if (check instanceof Check.ServiceEnv c) {
            return env(c, f, ms);
        } else if (check instanceof Check.Http c) {
            return http(c, f, ms);
        } else if (check instanceof Check.Listening c) {
            return listening(c, f, ms);
        } else if (check instanceof Check.UnitHealthy c) {
            return unit(c, f, ms);
        }
        throw new IllegalArgumentException("migrations_applied is read over SQL, not by a fragment");
    }

    private static Evaluated login(Check.PostgresLogin c, Facts f, long ms) {
        String out = f.text("out").strip().replaceAll(" ?password retrieved from file \"[^\"]*\"", "");
        Dsn d = c.db().dsn();
        String want = d.database() + "|" + d.user();
        if (f.get("rc").equals(Optional.of("0")) && out.equals(want)) {
            return Evaluated.pass(ms, "logged in as " + d.user() + " to " + d.database());
        }
        if (f.get("rc").equals(Optional.of("0"))) {
            return Evaluated.fail(ms, "logged in, but current_database(), current_user is " + out + ", not " + want,
                    new Diagnosis("the server maps the login to another database or role",
                            "check DATABASE_URL and the role's declaration", List.of()), "");
        }
        String first = out.lines().map(String::strip).filter(l -> !l.isEmpty()).reduce((a, b) -> a + " " + b)
                .orElse("psql failed (exit " + f.get("rc", "?") + ")");
        return Evaluated.fail(ms, first, new Diagnosis("the login failed", "read the error above", List.of()), out);
    }

    private static Evaluated env(Check.ServiceEnv c, Facts f, long ms) {
        long pid = f.number("pid", 0);
        if (pid <= 0) {
            return Evaluated.fail(ms, c.unit() + " is not running (no MainPID)", new Diagnosis(c.unit()
                    + " is not running, so it has no environment to compare",
                    "start it: systemctl start " + c.unit() + " (or plumb apply with state: running)", List.of()), "");
        }
        List<String> differs = new ArrayList<>();
        for (String k : c.values().keySet()) {
            if (f.all("missing").contains(k)) {
                differs.add(k + " is not set");
            } else if (f.all("differs").contains(k)) {
                differs.add(k + (c.values().get(k).sensitive() ? " differs (a secret: compared by hash on the host)"
                        : " is " + quoted(f.text("live-" + k).replaceFirst("\\n$", "")) + ", declared " + quoted(c.values().get(k).reveal())));
            } else if (!f.all("same").contains(k)) {
                differs.add(k + " could not be read");
            }
        }
        if (differs.isEmpty()) {
            return Evaluated.pass(ms, c.values().size() + " declared values, all as declared (pid " + pid + ")");
        }
        String message = "the running process (pid " + pid + ") " + String.join("; ", differs);
        String envFiles = f.text("envfiles").strip();
        long start = f.number("start", 0);
        long mtime = f.number("mtime", 0);
        boolean loads = envFiles.lines().anyMatch(l -> l.equals(c.path()) || l.startsWith(c.path() + " "));
        Diagnosis d;
        if (!loads) {
            d = new Diagnosis(c.unit() + " does not load " + c.path() + " (no EnvironmentFile= for it in the unit)",
                    "add EnvironmentFile=" + c.path() + " to its [Service] section, then daemon-reload and restart it",
                    List.of("EnvironmentFiles=" + (envFiles.isEmpty() ? "(none)" : envFiles)));
        } else if (mtime > 0 && start > 0 && mtime > start) {
            d = new Diagnosis(c.unit() + " was not restarted after " + c.path() + " changed (the file changed at "
                    + Instant.ofEpochSecond(mtime) + ", the service started at " + Instant.ofEpochSecond(start) + ")",
                    "restart it: systemctl restart " + c.unit() + " (a file with notify: [" + c.unit()
                            + "] restarts it on apply)", List.of());
        } else if (f.get("file").equals(Optional.of("differs"))) {
            d = new Diagnosis(c.path() + " itself differs from the declared one",
                    "plumb drift shows how; plumb apply writes it and restarts " + c.unit(), List.of());
        } else {
            d = new Diagnosis(c.unit() + " loads " + c.path() + " but something overrides it (Environment= after"
                    + " EnvironmentFile=, or a drop-in)", "systemctl cat " + c.unit(), List.of());
        }
        return Evaluated.fail(ms, message, d, "");
    }

    private static String quoted(String s) {
        return "'" + s + "'";
    }

    private static Evaluated http(Check.Http c, Facts f, long ms) {
        String code = f.get("code", "000");
        String body = f.text("body");
        String journal = f.text("journal");
        String tries = f.get("tries", "1");
        List<String> all = lines(journal);
        List<String> tail = all.subList(Math.max(0, all.size() - 8), all.size());
        if (!code.equals(String.valueOf(c.status()))) {
            if (code.equals("000")) {
                String err = f.text("err").strip();
                return Evaluated.fail(ms, "no answer after " + tries + " tries: " + (err.isEmpty() ? "curl exit "
                        + f.get("curl", "?") : err), new Diagnosis("nothing answers at " + c.url()
                        + c.unit().map(u -> ": " + u + " is down or listens elsewhere").orElse(""),
                        c.unit().map(u -> "systemctl status " + u + "; check its --bind address").orElse(
                                "check that the service runs and listens there"), tail), journal);
            }
            return Evaluated.fail(ms, "got HTTP " + code + ", expected " + c.status() + " (after " + tries + " tries)",
                    new Diagnosis("the app answered " + code + c.unit().map(u -> "; " + u + "'s journal has the error")
                            .orElse(""), c.unit().map(u -> "journalctl -u " + u + " -n 200 --no-pager")
                            .orElse("look at the app's log"), tail), journal + "\n" + body);
        }
        if (c.contains().isPresent() && !body.contains(c.contains().get())) {
            return Evaluated.fail(ms, "HTTP " + code + ", but the body does not contain " + quoted(c.contains().get()),
                    new Diagnosis("the route answers, with something else", "curl " + c.url(),
                            List.of(firstLine(body))), body);
        }
        if (c.jsonField().isPresent()) {
            Optional<String> value = jsonField(body, c.jsonField().get());
            if (value.isEmpty() || !value.get().equals(c.jsonValue().orElse(value.get()))) {
                return Evaluated.fail(ms, "HTTP " + code + ", but JSON field " + c.jsonField().get() + " is "
                        + value.map(Evaluator::quoted).orElse("absent") + c.jsonValue().map(v -> ", expected "
                        + quoted(v)).orElse(""), new Diagnosis("the route answers, with something else",
                        "curl " + c.url(), List.of(firstLine(body))), body);
            }
        }
        return Evaluated.pass(ms, "HTTP " + code + (tries.equals("1") ? "" : " after " + tries + " tries"));
    }

    private static String firstLine(String s) {
        String l = s.lines().findFirst().orElse("");
        return l.length() > 200 ? l.substring(0, 200) + "…" : l;
    }

    /** A dotted path's value in a JSON body, as text. */
    static Optional<String> jsonField(String body, String path) {
        Object at;
        try {
            at = JsonReader.read(body);
        } catch (RuntimeException e) {
            return Optional.empty();
        }
        for (String part : path.split("\\.")) {
            if (at instanceof Map<?, ?> m && m.containsKey(part)) {
                at = m.get(part);
            } else if (at instanceof List<?> l && part.matches("\\d{1,6}") && Integer.parseInt(part) < l.size()) {
                at = l.get(Integer.parseInt(part));
            } else {
                return Optional.empty();
            }
        }
        return Optional.of(String.valueOf(at));
    }

    private static final Pattern WILDCARD = Pattern.compile("0\\.0\\.0\\.0|\\*|\\[::]|::");

    /**
     * A listener's address from ss's local column ({@code 127.0.0.1:8000}, {@code [::]:22}, {@code *:80}); an
     * IPv4-mapped one ({@code [::ffff:127.0.0.1]:8000}, a dual-stack socket bound to an IPv4 address, as Java
     * binds) is that IPv4 address.
     */
    static String address(String local) {
        int colon = local.lastIndexOf(':');
        String a = colon < 0 ? local : local.substring(0, colon);
        a = a.replaceFirst("%.*$", "");
        a = a.startsWith("[") && a.endsWith("]") ? a.substring(1, a.length() - 1) : a;
        return a.replaceFirst("(?i)^::ffff:(\\d{1,3}(\\.\\d{1,3}){3})$", "$1");
    }

    private static Evaluated listening(Check.Listening c, Facts f, long ms) {
        List<String> ss = lines(f.text("ss"));
        List<String> listeners = new ArrayList<>();
        for (String l : ss) {
            String[] cols = l.trim().split("\\s+");
            if (cols.length >= 4) {
                listeners.add(address(cols[3]));
            }
        }
        String tries = f.get("tries", "1");
        String after = tries.equals("1") ? "" : " after " + tries + " tries";
        if (listeners.isEmpty()) {
            return Evaluated.fail(ms, "nothing listens on port " + c.port() + after, new Diagnosis(
                    "no process listens on TCP port " + c.port(), "start the service that should, and check its"
                    + " bind address", List.of()), "");
        }
        List<String> missing = c.addresses().stream().filter(a -> !listeners.contains(a)
                && listeners.stream().noneMatch(l -> WILDCARD.matcher(l).matches() && sameFamily(l, a))).toList();
        List<String> extra = c.only() ? listeners.stream().filter(l -> !c.addresses().contains(l)).distinct().toList()
                : List.of();
        String seen = "listening on " + String.join(", ", listeners.stream().distinct().toList());
        if (missing.isEmpty() && extra.isEmpty()) {
            return Evaluated.pass(ms, seen + after);
        }
        List<String> why = new ArrayList<>();
        if (!missing.isEmpty()) {
            why.add("not on " + String.join(", ", missing));
        }
        if (!extra.isEmpty()) {
            why.add("also on " + String.join(", ", extra.stream().map(a -> WILDCARD.matcher(a).matches()
                    ? a + " (every address)" : a).toList()));
        }
        String cause = extra.stream().anyMatch(a -> WILDCARD.matcher(a).matches())
                ? "port " + c.port() + " is bound to every address, not only " + String.join(", ", c.addresses())
                : "port " + c.port() + " is bound to other addresses than declared";
        return Evaluated.fail(ms, seen + ": " + String.join("; ", why), new Diagnosis(cause,
                "fix the bind address of the process below (for Gunicorn: --bind " + c.addresses().stream()
                        .findFirst().orElse("127.0.0.1") + ":" + c.port() + " in ExecStart), then restart it", ss), "");
    }

    private static boolean sameFamily(String wildcard, String address) {
        boolean v6 = address.contains(":");
        return wildcard.equals("*") || (v6 == wildcard.contains(":"));
    }

    private static Evaluated unit(Check.UnitHealthy c, Facts f, long ms) {
        String active = f.get("ActiveState", "unknown");
        String sub = f.get("SubState", "");
        // Automatic restarts in the window (the journal's "Scheduled restart job" lines), but only
        // those since the unit was last started by hand (systemd's NRestarts): a repair starts afresh.
        long restarts = Math.max(Math.min(f.number("restarts", 0), f.number("NRestarts", Long.MAX_VALUE)), 0);
        String matches = f.text("matches").strip();
        List<String> tail = lines(f.text("journal"));
        String journal = f.text("journal");
        if (f.get("LoadState").filter(s -> s.equals("not-found")).isPresent()) {
            return Evaluated.fail(ms, c.unit() + " does not exist", new Diagnosis("no unit " + c.unit()
                    + " is installed", "plumb apply installs it when the playbook declares it", List.of()), "");
        }
        if (!active.equals("active")) {
            return Evaluated.fail(ms, c.unit() + " is " + active + (sub.isEmpty() ? "" : " (" + sub + ")")
                    + (f.get("Result").filter(r -> !r.equals("success")).map(r -> ", result " + r).orElse("")),
                    new Diagnosis(active.equals("failed") ? c.unit() + " failed; its last journal lines say why"
                            : c.unit() + " is not running", active.equals("failed")
                            ? "fix the cause below, then systemctl restart " + c.unit()
                            : "systemctl start " + c.unit() + " (plumb apply starts a service declared running)", tail),
                    journal);
        }
        if (restarts > c.maxRestarts()) {
            return Evaluated.fail(ms, c.unit() + " restarted " + restarts + " times in the last " + c.windowMinutes()
                    + " minutes (at most " + c.maxRestarts() + ")", new Diagnosis(c.unit()
                    + " is crash-looping: systemd keeps restarting it", "fix the cause in its journal below", tail),
                    journal);
        }
        if (!matches.isEmpty()) {
            return Evaluated.fail(ms, "its journal since it started has lines matching " + c.pattern(),
                    new Diagnosis(c.unit() + " logged errors since it last started", "fix what they say; once fixed,"
                            + " systemctl restart " + c.unit() + " so that its journal starts clean (the guide checks"
                            + " the logs after a restart)", lines(matches)), journal);
        }
        return Evaluated.pass(ms, "active (" + sub + "), " + restarts + " restart" + (restarts == 1 ? "" : "s")
                + " in the last " + c.windowMinutes() + " minutes, no line matching " + c.pattern());
    }

    private static List<String> lines(String text) {
        return text.lines().filter(l -> !l.isBlank()).toList();
    }
}
