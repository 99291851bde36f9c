package dev.plumb.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.yaml.snakeyaml.nodes.Node;

import dev.plumb.model.Presence;
import dev.plumb.model.Suggest;
import dev.plumb.model.Text;
import dev.plumb.resource.module.ModuleDef;
import dev.plumb.resource.module.ModuleDef.KeySpec;
import dev.plumb.resource.module.ModuleSpec;

/**
 * Reads a play's list under a module's key against the module's schema: unknown keys (with
 * "did you mean"), missing required keys, wrong types, values outside {@code allowed} or not
 * matching {@code pattern}, and {@code state: absent} for a module without {@code delete}, each
 * at its position. A non-secret key refuses a value built from a secret.
 */
public final class ModuleReader {
    private ModuleReader() {}

    public static void read(ModuleDef def, Walker w, Node block, Sink sink) {
        List<String> allowed = new ArrayList<>();
        def.keys().forEach(k -> allowed.add(k.name()));
        allowed.add(ModuleDef.STATE);
        for (Node item : w.list(block, def.name()).orElse(List.of())) {
            w.map(item, def.name() + " entry", allowed).ifPresent(f -> entry(def, w, f, sink));
        }
    }

    private static void entry(ModuleDef def, Walker w, Fields f, Sink sink) {
        Map<String, Text> values = new LinkedHashMap<>();
        boolean ok = true;
        for (KeySpec k : def.keys()) {
            if (!f.has(k.name())) {
                if (k.required()) {
                    w.error(f.node(), "missing required key '" + k.name() + "' in " + def.name() + " entry",
                            "module " + def.name() + " (" + def.source().path().getFileName() + ") requires it"
                                    + (k.description().isEmpty() ? "" : ": " + k.description()));
                    ok = false;
                }
                k.defaultValue().ifPresent(v -> values.put(k.name(), Text.of(v, k.secret())));
                continue;
            }
            Optional<Text> v = value(w, k, f.get(k.name()).orElseThrow());
            v.ifPresent(x -> values.put(k.name(), x));
            ok &= v.isPresent();
        }
        Optional<Presence> state = f.choice(ModuleDef.STATE, Presence.class, Presence.PRESENT);
        if (state.equals(Optional.of(Presence.ABSENT)) && def.snippets().delete().isEmpty()) {
            w.error(f.get(ModuleDef.STATE).orElseThrow(), "module " + def.name() + " cannot remove objects: it has"
                    + " no delete snippet", "remove 'state: absent', or add delete: to " + def.source().path().getFileName());
            ok = false;
        }
        if (!ok || state.isEmpty()) {
            return;
        }
        List<String> id = def.identity().stream().map(k -> values.get(k.name()).reveal()).toList();
        w.build(f.node(), () -> new ModuleSpec(sink.host(), def.name(), String.join(":", id), values, state.get()))
                .ifPresent(s -> sink.add(f.at(), s));
    }

    /** One key's value in canonical text form, checked against the key's rules (a default's too). */
    public static Optional<Text> value(Walker w, KeySpec k, Node n) {
        String what = k.name();
        Optional<Text> v = switch (k.type()) {
            case STRING -> k.secret() ? w.text(n, what).map(t -> t.sensitive() ? t : Text.secret(t.reveal()))
                    : w.string(n, what).map(Text::plain);
            case INT -> w.integer(n, what).map(i -> Text.plain(Integer.toString(i)));
            case BOOL -> w.bool(n, what).map(b -> Text.plain(b.toString()));
            case LIST -> w.strings(n, what).flatMap(items -> noNewlines(w, n, what, items))
                    .map(items -> Text.plain(String.join("\n", items)));
            case MAP -> w.entries(n, what).flatMap(entries -> {
                List<String> lines = new ArrayList<>();
                boolean good = true;
                for (Walker.Entry e : entries) {
                    Optional<String> s = w.string(e.value(), what + "." + e.key());
                    s.ifPresent(x -> lines.add(e.key() + "=" + x));
                    good &= s.isPresent();
                }
                return good ? noNewlines(w, n, what, lines) : Optional.empty();
            }).map(lines -> Text.plain(String.join("\n", lines)));
        };
        return v.flatMap(t -> check(w, k, n, t));
    }

    private static Optional<List<String>> noNewlines(Walker w, Node n, String what, List<String> items) {
        if (items.stream().anyMatch(s -> s.indexOf('\n') >= 0)) {
            w.error(n, "an item of '" + what + "' holds a line break", "items reach snippets one a line");
            return Optional.empty();
        }
        return Optional.of(items);
    }

    private static Optional<Text> check(Walker w, KeySpec k, Node n, Text t) {
        String v = t.reveal();
        String shown = t.sensitive() ? "the value" : "'" + v + "'";
        if (!k.allowed().isEmpty() && !k.allowed().contains(v)) {
            w.error(n, "invalid " + k.name() + " " + shown, (t.sensitive() ? Optional.<String>empty()
                    : Suggest.didYouMean(v, k.allowed())).orElse("expected one of: " + String.join(", ", k.allowed())));
            return Optional.empty();
        }
        if (k.pattern().isPresent() && (v.length() > 4096 || !k.pattern().get().matcher(v).matches())) {
            w.error(n, k.name() + " " + shown + " does not match the pattern " + k.pattern().get().pattern(), null);
            return Optional.empty();
        }
        if (k.identity() && (v.isEmpty() || v.indexOf('\n') >= 0)) {
            w.error(n, k.name() + " names the object: it must be one non-empty line", null);
            return Optional.empty();
        }
        return Optional.of(t);
    }
}
