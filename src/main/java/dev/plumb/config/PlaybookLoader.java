package dev.plumb.config;

import dev.plumb.inventory.Host;
import dev.plumb.inventory.Inventory;
import dev.plumb.model.Diagnostic;
import dev.plumb.model.Redactor;
import dev.plumb.model.Sensitive;
import dev.plumb.model.Suggest;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Loads a playbook (format version 1, DESIGN.md §3) against an inventory: resolves secrets,
 * selects each play's hosts, and reads each play once per selected host with that host's
 * variables (play vars, then playbook vars, then host, group and inventory vars). A play that
 * selects no host is still checked. Every problem is reported; nothing is thrown for bad input.
 */
public final class PlaybookLoader {
    private static final List<String> TOP = List.of("version", "secrets", "vars", "plays");
    private static final List<String> SECRET = List.of("env", "file");
    /** A play's own keys; each kind's key is allowed too. */
    private static final List<String> PLAY = List.of("name", "hosts", "vars", "after", "serial", "checks");

    /** A play's own keys, which no kind or module may take. */
    public static List<String> playKeys() {
        return PLAY;
    }
    /** Secrets shorter than this are warned about: the redactor masks them only as whole tokens. */
    static final int SHORT_SECRET = 8;
    private static final Pattern SECRET_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_\\-]*");
    private static final Pattern PERCENT = Pattern.compile("(\\d{1,3})%");

    /** The desired state if it could be built, and the redactor for every diagnostic. */
    record Result(Optional<Desired> desired, Redactor redactor) {
    }

    private PlaybookLoader() {
    }

    /** {@code env} is where {@code {env: VAR}} secrets are looked up, normally {@code System.getenv()}. */
    public static Loaded<Desired> load(Path playbook, Inventory inventory, Map<String, String> env,
                                       Map<String, KindReader> kinds) {
        Problems problems = new Problems();
        Sources sources = new Sources(problems);
        sources.recordIfPresent(inventory.source());
        Result result = load(playbook, new InventoryLoader.Partial(inventory, true), env, kinds, sources, problems);
        return finish(result, problems);
    }

    static Loaded<Desired> finish(Result result, Problems problems) {
        List<Diagnostic> diagnostics = problems.list(result.redactor());
        return diagnostics.isEmpty() ? new Loaded<>(result.desired(), diagnostics, problems.warnings())
                : new Loaded<>(Optional.empty(), diagnostics);
    }

    /** {@code kinds}: each play key a kind reads, with its reader, in registry order. */
    static Result load(Path playbook, InventoryLoader.Partial inventory, Map<String, String> env,
                       Map<String, KindReader> kinds, Sources sources, Problems problems) {
        List<String> playKeys = new ArrayList<>(PLAY);
        playKeys.addAll(kinds.keySet());
        Optional<Doc> doc = Doc.load(playbook, "playbook", sources, problems);
        if (doc.isEmpty()) {
            return new Result(Optional.empty(), Redactor.NONE);
        }
        Walker top = new Walker(doc.get(), problems, Optional.empty());
        Node root = doc.get().root;
        if (root instanceof SequenceNode) {
            top.error(root, "a playbook is a mapping, not a list", "put the plays under 'plays:'");
            return new Result(Optional.empty(), Redactor.NONE);
        }
        Optional<Fields> fields = top.map(root, "playbook", TOP);
        if (fields.isEmpty()) {
            return new Result(Optional.empty(), Redactor.NONE);
        }
        Fields f = fields.get();
        f.get("version").ifPresent(top::version);
        Map<String, Optional<Sensitive<String>>> secrets = f.get("secrets")
                .map(n -> secrets(top, n, env, sources, problems)).orElse(Map.of());
        Map<String, Object> playbookVars = f.get("vars").flatMap(n -> top.vars(n, "vars")).orElse(Map.of());
        List<Node> playNodes = f.require("plays").flatMap(n -> top.check(n, top.list(n, "plays"),
                l -> l.isEmpty() ? Optional.of("the playbook has no plays") : Optional.empty())).orElse(List.of());

        Map<String, HostState> states = new HashMap<>();
        List<Play> plays = new ArrayList<>();
        Map<Play, List<Node>> afterNodes = new LinkedHashMap<>();
        Map<String, List<CheckReader.Declared>> checks = new HashMap<>();
        Map<CheckReader.Declared, List<dev.plumb.model.Resource>> checkPlays = new HashMap<>();
        for (int i = 0; i < playNodes.size(); i++) {
            int index = i;
            top.map(playNodes.get(i), "play", playKeys, key -> "unknown key '" + key + "' in play: no such resource kind",
                    "a play holds " + String.join(", ", PLAY) + " and the resource kinds " + String.join(", ",
                    kinds.keySet()) + "; more kinds are modules (modules/*.yml beside the playbook or --modules DIR;"
                    + " plumb modules lists them)").ifPresent(pf -> {
                Play play = play(top, pf, index);
                plays.add(play);
                afterNodes.put(play, pf.get("after").flatMap(n -> top.list(n, "after")).orElse(List.of()));
                List<Host> hosts = pf.get("hosts").map(n -> select(top, n, play.hosts(), inventory)).orElse(List.of());
                Map<String, Object> playVars = pf.get("vars").flatMap(n -> top.vars(n, "vars")).orElse(Map.of());
                if (hosts.isEmpty()) {
                    Walker none = top.in(new Scope(Optional.empty(), Map.of(), secrets, inventory.inventory()));
                    readPlay(none, pf, kinds, sources, Sink.DISCARD);
                    pf.get("checks").ifPresent(n -> CheckReader.read(none, n));
                }
                for (Host host : hosts) {
                    Map<String, Object> vars = new LinkedHashMap<>(inventory.inventory().varsFor(host));
                    vars.putAll(playbookVars);
                    vars.putAll(playVars);
                    HostState state = states.computeIfAbsent(host.name(), n -> new HostState(host, problems));
                    state.startPlay(play);
                    Walker w = top.in(new Scope(Optional.of(host), vars, secrets, inventory.inventory()));
                    readPlay(w, pf, kinds, sources, state);
                    pf.get("checks").ifPresent(n -> CheckReader.read(w, n).forEach(d -> {
                        checks.computeIfAbsent(host.name(), k -> new ArrayList<>()).add(d);
                        checkPlays.put(d, state.resourcesOf(play));
                    }));
                }
            });
        }
        checkAfter(top, plays, afterNodes);

        List<HostDesired> finished = inventory.inventory().hosts().keySet().stream().filter(states::containsKey)
                .map(name -> states.get(name).finish()).toList();
        Map<String, HostDesired> byName = new LinkedHashMap<>();
        finished.forEach(h -> byName.put(h.host().name(), h));
        List<HostDesired> hosts = finished.stream().map(h -> h.withChecks(CheckReader.resolve(
                checks.getOrDefault(h.host().name(), List.of()), new CheckReader.Context(h.host().name(), List.of(),
                        byName, inventory.inventory()), checkPlays))).toList();
        Redactor redactor = Redactor.of(secrets.values().stream().flatMap(Optional::stream).map(Sensitive::reveal).toList());
        return new Result(Optional.of(new Desired(playbook, inventory.inventory(), plays, hosts, redactor,
                sources.files())), redactor);
    }

    private static void readPlay(Walker w, Fields play, Map<String, KindReader> kinds, Sources sources, Sink sink) {
        kinds.forEach((key, reader) -> play.get(key).ifPresent(n -> reader.read(w, n, sources, sink)));
    }

    private static Play play(Walker w, Fields f, int index) {
        String hosts = f.require("hosts").flatMap(n -> w.string(n, "hosts")).orElse("");
        String name = f.string("name", Walker::nonEmpty).orElse(hosts);
        List<String> after = f.strings("after").orElse(List.of());
        Optional<Serial> serial = f.get("serial").flatMap(n -> serial(w, n));
        return new Play(index, name, hosts, after, serial, f.at());
    }

    private static Optional<Serial> serial(Walker w, Node node) {
        Optional<String> text = w.string(node, "serial");
        Matcher percent = PERCENT.matcher(text.orElse(""));
        Optional<Serial> serial = text.flatMap(t -> {
            try {
                return Optional.of(percent.matches() ? new Serial.Percent(Integer.parseInt(percent.group(1)))
                        : new Serial.Count(Integer.parseInt(t)));
            } catch (IllegalArgumentException e) {
                return Optional.empty();
            }
        });
        if (text.isPresent() && serial.isEmpty()) {
            w.error(node, "invalid serial '" + text.get() + "'", "write a number of hosts (2) or a share (\"30%\")");
        }
        return serial;
    }

    private static List<Host> select(Walker w, Node node, String pattern, InventoryLoader.Partial inventory) {
        if (pattern.isEmpty()) {
            return List.of();
        }
        Inventory.Selection selection = inventory.inventory().select(pattern);
        if (inventory.usable()) {
            selection.problems().forEach(p -> w.error(node, p.message(), p.hint().orElse(null)));
        }
        return selection.hosts();
    }

    /** Each {@code after} names another play, and no plays wait for each other in a cycle. */
    private static void checkAfter(Walker w, List<Play> plays, Map<Play, List<Node>> afterNodes) {
        List<String> names = plays.stream().map(Play::name).distinct().toList();
        afterNodes.forEach((play, nodes) -> {
            for (int i = 0; i < nodes.size() && i < play.after().size(); i++) {
                String target = play.after().get(i);
                if (plays.stream().noneMatch(p -> p != play && p.name().equals(target))) {
                    w.error(nodes.get(i), target.equals(play.name()) ? "a play cannot wait for itself"
                            : "play '" + play.name() + "' waits for unknown play '" + target + "'",
                            Suggest.didYouMean(target, names).orElse("plays are named by name:, else by their hosts: pattern"));
                }
            }
        });
        for (Play start : plays) {
            cycle(start, start, plays, new ArrayList<>()).ifPresent(path -> w.errorAt(start.location(),
                    "plays wait for each other in a cycle: " + String.join(" -> ", path), null, false));
        }
    }

    private static Optional<List<String>> cycle(Play start, Play at, List<Play> plays, List<String> path) {
        path.add(at.name());
        for (Play next : plays) {
            if (next != at && at.after().contains(next.name())) {
                if (next == start) {
                    path.add(start.name());
                    return Optional.of(path);
                }
                if (!path.contains(next.name()) && next.index() > start.index()) {
                    Optional<List<String>> found = cycle(start, next, plays, new ArrayList<>(path));
                    if (found.isPresent()) {
                        return found;
                    }
                }
            }
        }
        return Optional.empty();
    }

    /** Each secret's value; empty for a secret that could not be read (reported here). */
    private static Map<String, Optional<Sensitive<String>>> secrets(Walker w, Node node, Map<String, String> env,
                                                                    Sources sources, Problems problems) {
        Map<String, Optional<Sensitive<String>>> out = new LinkedHashMap<>();
        for (Walker.Entry e : w.entries(node, "secrets").orElse(List.of())) {
            String name = e.key();
            if (!SECRET_NAME.matcher(name).matches()) {
                w.error(e.keyNode(), "'" + name + "' is not a valid secret name", "use letters, digits, '_' and '-'");
                continue;
            }
            Optional<String> value = w.map(e.value(), "secret '" + name + "'", SECRET).flatMap(f -> f.oneOf(SECRET, true)
                    .flatMap(source -> {
                        Node at = f.get(source).orElseThrow();
                        return source.equals("env") ? w.string(at, "env").flatMap(var -> fromEnv(w, at, name, var, env))
                                : w.path(at, "file").flatMap(p -> sources.readSecret(p, "secret '" + name + "': file", w.at(at)))
                                        .map(PlaybookLoader::withoutTrailingNewlines);
                    })
                    .flatMap(v -> w.check(f.node(), Optional.of(v), s -> s.isEmpty()
                            ? Optional.of("secret '" + name + "' is empty") : s.indexOf('\0') >= 0
                            ? Optional.of("secret '" + name + "' contains a NUL character, which no value can hold")
                            : Optional.empty())));
            value.filter(v -> v.codePointCount(0, v.length()) < SHORT_SECRET).ifPresent(v -> problems.warn(
                    w.at(e.keyNode()), "secret '" + name + "' is shorter than " + SHORT_SECRET + " characters, so"
                            + " messages can mask it only where it stands alone", "use a longer secret"));
            out.put(name, value.map(Sensitive::of));
        }
        return out;
    }

    /** {@code s} without the line breaks that end it (a loop: a regular expression would be quadratic). */
    private static String withoutTrailingNewlines(String s) {
        int end = s.length();
        while (end > 0 && (s.charAt(end - 1) == '\n' || s.charAt(end - 1) == '\r')) {
            end--;
        }
        return s.substring(0, end);
    }

    private static Optional<String> fromEnv(Walker w, Node at, String secret, String variable, Map<String, String> env) {
        String value = env.get(variable);
        if (value == null) {
            w.error(at, "secret '" + secret + "': environment variable " + variable + " is not set",
                    "set " + variable + " in plumb's environment");
        }
        return Optional.ofNullable(value);
    }
}
