package dev.plumb.config;

import java.nio.charset.StandardCharsets;

import dev.plumb.model.SourceFile;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import org.yaml.snakeyaml.nodes.Node;

import dev.plumb.io.LocalFile;
import dev.plumb.io.SourceTree;
import dev.plumb.model.Location;
import dev.plumb.model.Suggest;
import dev.plumb.model.Text;
import dev.plumb.resource.module.ModuleDef;
import dev.plumb.resource.module.ModuleDef.KeySpec;
import dev.plumb.resource.module.ModuleDef.KeyType;
import dev.plumb.resource.module.ModuleDef.Norm;

/**
 * Reads module files ({@code *.yml} directly in each modules directory, in name order) into
 * {@link ModuleDef}s, reporting every problem of every file at its {@code file:line:col}: a
 * typo in a key (with "did you mean"), a missing snippet, a bad schema (a default of the wrong
 * type, an impossible pattern, no identity key), a name taken by a built-in kind or another
 * module. Values are literal: no {@code ${...}} interpolation.
 */
public final class ModuleLoader {
    private static final List<String> TOP = List.of("name", "description", "version", "keys", "read", "create",
            "update", "delete", "compare", "restart", "needs", "timeout", "stage");
    private static final List<String> KEY = List.of("type", "required", "default", "allowed", "pattern", "secret",
            "identity", "description");
    private static final List<String> COMPARE = List.of("keys", "normalize");
    private static final Pattern UNIT = Pattern.compile("[A-Za-z0-9@._:\\\\-]{1,255}");

    private ModuleLoader() {}

    /**
     * The modules in {@code dirs} (a missing directory is skipped; {@code required} ones, named by
     * the operator, must exist), read from {@code tree}. {@code taken}: play keys that a module
     * cannot be named (built-in kinds and a play's own keys).
     */
    public static Loaded<List<ModuleDef>> load(List<Path> dirs, List<Path> required, SourceTree tree,
                                               Collection<String> taken) {
        Problems problems = new Problems();
        Sources sources = new Sources(problems, tree);
        Map<String, Location> seen = new LinkedHashMap<>();
        List<ModuleDef> out = new ArrayList<>();
        List<Path> all = new ArrayList<>(dirs);
        required.stream().filter(d -> !all.contains(d)).forEach(all::add);
        for (Path dir : all) {
            SourceTree.Entry entry = tree.entry(dir);
            if (entry != SourceTree.Entry.DIRECTORY) {
                if (required.contains(dir)) {
                    problems.add(new dev.plumb.model.Diagnostic(Optional.empty(), "--modules " + dir
                            + (entry == SourceTree.Entry.MISSING ? ": no such directory" : ": not a directory"),
                            Optional.of("name a directory that holds module files (*.yml)")));
                }
                continue;
            }
            List<Path> files;
            try {
                files = tree.files(dir).stream().filter(f -> dir.equals(f.getParent()))
                        .filter(f -> f.getFileName().toString().endsWith(".yml")).toList();
            } catch (LocalFile.Problem e) {
                problems.add(new dev.plumb.model.Diagnostic(Optional.empty(), "modules directory " + dir + " "
                        + e.getMessage(), Optional.empty()));
                continue;
            }
            for (Path file : files) {
                sources.module(file).flatMap(text -> Doc.parse(file, "module file", text, problems)
                        .flatMap(doc -> module(new Walker(doc, problems, Optional.empty()), doc,
                                SourceFile.of(file, text.getBytes(StandardCharsets.UTF_8)), taken, seen)))
                        .ifPresent(out::add);
            }
        }
        return Loaded.of(List.copyOf(out), problems.list(dev.plumb.model.Redactor.NONE));
    }

    private static Optional<ModuleDef> module(Walker w, Doc doc, SourceFile source, Collection<String> taken,
                                             Map<String, Location> seen) {
        Optional<Fields> top = w.map(doc.root, "module file", TOP);
        if (top.isEmpty()) {
            return Optional.empty();
        }
        Fields f = top.get();
        Optional<String> name = f.require("name").flatMap(n -> w.check(n, w.literal(n, "name"), v -> name(v, taken)
                .or(() -> Optional.ofNullable(seen.get(v)).map(l -> "module '" + v + "' is already defined in "
                        + l.file() + ":" + l.line()))));
        name.ifPresent(v -> seen.putIfAbsent(v, w.at(f.get("name").orElseThrow())));
        Optional<String> description = f.require("description").flatMap(n -> w.check(n, w.literal(n, "description"),
                v -> v.isBlank() || v.contains("\n") ? Optional.of("the description is one line") : Optional.empty()));
        Optional<String> version = f.require("version").flatMap(n -> w.literal(n, "version"));
        List<KeySpec> keys = new ArrayList<>();
        boolean keysOk = f.require("keys").map(n -> keys(w, n, keys)).orElse(false);
        if (keysOk && keys.stream().noneMatch(KeySpec::identity)) {
            w.error(f.get("keys").orElseThrow(), "no key is marked identity: true",
                    "mark the keys that name an object (like a package's name) with identity: true");
        }
        Optional<String> read = snippet(w, f, "read", true);
        Optional<String> create = snippet(w, f, "create", true);
        Optional<String> update = snippet(w, f, "update", true);
        Optional<String> delete = snippet(w, f, "delete", false);
        boolean deleteOk = !f.has("delete") || delete.isPresent();
        Optional<List<String>> compare = Optional.empty();
        Map<String, List<Norm>> normalize = new LinkedHashMap<>();
        boolean compareOk = true;
        if (f.has("compare")) {
            Optional<Fields> c = w.map(f.get("compare").orElseThrow(), "compare", COMPARE);
            compareOk = c.isPresent();
            if (c.isPresent()) {
                if (c.get().has("keys")) {
                    compare = c.get().get("keys").flatMap(n -> w.check(n, w.strings(n, "compare.keys"),
                            l -> l.stream().map(k -> schemaKey(k, keys, true)).flatMap(Optional::stream).findFirst()));
                    compareOk = compare.isPresent();
                }
                if (c.get().has("normalize")) {
                    compareOk &= normalize(w, c.get().get("normalize").orElseThrow(), keys, normalize);
                }
            }
        }
        List<String> restart = f.get("restart").flatMap(n -> w.check(n, w.strings(n, "restart"), l -> l.stream()
                .filter(u -> !UNIT.matcher(u).matches()).findFirst().map(u -> "'" + u + "' is not a unit name")))
                .orElse(List.of());
        boolean restartOk = !f.has("restart") || f.get("restart").flatMap(n -> w.strings(n, "restart")).isPresent();
        List<String> needs = f.get("needs").flatMap(n -> w.check(n, w.strings(n, "needs"), l -> l.stream()
                .filter(c -> !ModuleDef.COMMAND.matcher(c).matches()).findFirst()
                .map(c -> "'" + c + "' is not a command name (letters, digits, . _ + - and /)"))).orElse(List.of());
        Optional<Integer> timeout = f.get("timeout").flatMap(n -> w.check(n, w.integer(n, "timeout"), s -> s < 1
                || s > ModuleDef.MAX_TIMEOUT.toSeconds() ? Optional.of("timeout is in seconds, from 1 to 3600")
                : Optional.empty()));
        Optional<ModuleDef.Stage> stage = f.has("stage") ? f.choice("stage", ModuleDef.Stage.class)
                : Optional.of(ModuleDef.Stage.LATE);
        boolean ok = name.isPresent() && description.isPresent() && version.isPresent() && keysOk && !keys.isEmpty()
                && keys.stream().anyMatch(KeySpec::identity) && read.isPresent() && create.isPresent()
                && update.isPresent() && deleteOk && compareOk && restartOk && stage.isPresent()
                && (!f.has("timeout") || timeout.isPresent()) && (!f.has("needs") || !needs.isEmpty()
                || f.get("needs").flatMap(n -> w.strings(n, "needs")).map(List::isEmpty).orElse(false));
        if (!ok) {
            return Optional.empty();
        }
        Duration t = timeout.map(s -> Duration.ofSeconds(s)).orElse(ModuleDef.DEFAULT_TIMEOUT);
        Optional<List<String>> cmp = compare;
        return w.build(doc.root, () -> new ModuleDef(name.get(), description.get(), version.get(), source, keys,
                new ModuleDef.Snippets(read.get(), create.get(), update.get(), delete), cmp, normalize, restart,
                needs, t, stage.get()));
    }

    private static Optional<String> name(String v, Collection<String> taken) {
        if (!ModuleDef.NAME.matcher(v).matches()) {
            return Optional.of("module name '" + v + "' must be lower case letters, digits and _, starting with a letter"
                    + " (it is a play key)");
        }
        if (taken.contains(v)) {
            return Optional.of("'" + v + "' is already a play key of plumb's own; name the module otherwise");
        }
        return Optional.empty();
    }

    private static Optional<String> snippet(Walker w, Fields f, String key, boolean required) {
        Optional<Node> n = required ? f.require(key) : f.get(key);
        return n.flatMap(x -> w.check(x, w.literal(x, key), s -> s.isBlank()
                ? Optional.of("the " + key + " snippet is empty") : Optional.empty()));
    }

    /** Why {@code k} cannot be named here, if it cannot. */
    private static Optional<String> schemaKey(String k, List<KeySpec> keys, boolean compared) {
        Optional<KeySpec> spec = keys.stream().filter(s -> s.name().equals(k)).findFirst();
        if (spec.isEmpty()) {
            return Optional.of("'" + k + "' is not a key of this module" + Suggest.didYouMean(k,
                    keys.stream().map(KeySpec::name).toList()).map(h -> " (" + h + ")").orElse(""));
        }
        if (compared && spec.get().secret()) {
            return Optional.of("secret key '" + k + "' cannot be compared: a read must never print a secret");
        }
        return Optional.empty();
    }

    private static boolean normalize(Walker w, Node node, List<KeySpec> keys, Map<String, List<Norm>> out) {
        boolean ok = true;
        for (Walker.Entry e : w.entries(node, "normalize").orElse(List.of())) {
            Optional<String> bad = schemaKey(e.key(), keys, false);
            if (bad.isPresent()) {
                w.error(e.keyNode(), bad.get(), null);
                ok = false;
                continue;
            }
            List<Norm> norms = new ArrayList<>();
            for (Node item : w.list(e.value(), "normalize." + e.key()).orElse(List.of())) {
                Optional<Norm> norm = w.choice(item, "normalisation", Norm.class);
                norm.ifPresent(norms::add);
                ok &= norm.isPresent();
            }
            out.put(e.key(), List.copyOf(norms));
        }
        return ok;
    }

    /** Adds the keys that are right to {@code out} (for the checks that name them); false when any is wrong. */
    private static boolean keys(Walker w, Node node, List<KeySpec> out) {
        boolean ok = true;
        List<Walker.Entry> entries = w.entries(node, "keys").orElse(List.of());
        if (entries.isEmpty() && node instanceof org.yaml.snakeyaml.nodes.MappingNode) {
            w.error(node, "a module has at least one key", "declare its identity key, e.g. name: {identity: true}");
        }
        for (Walker.Entry e : entries) {
            Optional<KeySpec> k = key(w, e);
            k.ifPresent(out::add);
            ok &= k.isPresent();
        }
        return ok && !entries.isEmpty();
    }

    private static Optional<KeySpec> key(Walker w, Walker.Entry e) {
        String name = e.key();
        if (!ModuleDef.NAME.matcher(name).matches() || name.equals(ModuleDef.STATE)) {
            w.error(e.keyNode(), name.equals(ModuleDef.STATE) ? "'state' is every entry's own key (present or absent)"
                    : "key name '" + name + "' must be lower case letters, digits and _, starting with a letter",
                    "it reaches snippets as PLUMB_" + name.toUpperCase(java.util.Locale.ROOT));
            return Optional.empty();
        }
        Optional<Fields> fields = w.map(e.value(), "key '" + name + "'", KEY);
        if (fields.isEmpty()) {
            return Optional.empty();
        }
        Fields f = fields.get();
        Optional<KeyType> type = f.has("type") ? f.choice("type", KeyType.class) : Optional.of(KeyType.STRING);
        boolean identity = f.bool("identity").orElse(false);
        boolean secret = f.bool("secret").orElse(false);
        boolean required = f.bool("required").orElse(identity);
        String description = f.get("description").flatMap(n -> w.literal(n, "description")).orElse("");
        Optional<Pattern> pattern = f.get("pattern").flatMap(n -> w.literal(n, "pattern").flatMap(p -> {
            try {
                return Optional.of(Pattern.compile(p));
            } catch (PatternSyntaxException x) {
                w.error(n, "invalid pattern: " + x.getDescription(), "a Java regular expression, matched against"
                        + " the whole value");
                return Optional.empty();
            }
        }));
        List<String> allowed = f.get("allowed").flatMap(n -> w.list(n, "allowed")).map(items -> items.stream()
                .map(i -> w.literal(i, "allowed")).flatMap(Optional::stream).toList()).orElse(List.of());
        if (type.isEmpty() || f.has("pattern") && pattern.isEmpty()) {
            return Optional.empty();
        }
        if (identity && (secret || type.get() == KeyType.LIST || type.get() == KeyType.MAP)) {
            w.error(f.get("identity").orElseThrow(), "an identity key is a string, int or bool, and not secret",
                    "the identity is shown in every plan, as the object's address");
            return Optional.empty();
        }
        if (secret && type.get() != KeyType.STRING) {
            w.error(f.get("secret").orElseThrow(), "only a string key can be secret", null);
            return Optional.empty();
        }
        if (!allowed.isEmpty() && (type.get() == KeyType.LIST || type.get() == KeyType.MAP)) {
            w.error(f.get("allowed").orElseThrow(), "allowed values are for string and int keys", null);
            return Optional.empty();
        }
        if (identity && f.has("required") && !required) {
            w.error(f.get("required").orElseThrow(), "an identity key is always required", "remove required: false");
            return Optional.empty();
        }
        KeySpec spec = new KeySpec(name, type.get(), required, Optional.empty(), allowed, pattern, secret, identity,
                description);
        if (f.has("default")) {
            Node d = f.get("default").orElseThrow();
            if (required || secret) {
                w.error(d, (secret ? "a secret key" : "a required key") + " has no default",
                        secret ? "a secret's value comes from the playbook's secrets" : "remove required: true or the default");
                return Optional.empty();
            }
            Optional<Text> v = ModuleReader.value(w, spec, d);
            if (v.isEmpty()) {
                return Optional.empty();
            }
            spec = new KeySpec(name, type.get(), false, Optional.of(v.get().reveal()), allowed, pattern, false, false,
                    description);
        }
        return Optional.of(spec);
    }
}
