package dev.plumb.config;

import dev.plumb.model.Diagnostic;
import dev.plumb.model.Frozen;
import dev.plumb.model.Location;
import dev.plumb.model.Suggest;
import dev.plumb.model.Text;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Reads typed values out of one file's node tree, reporting every problem with its position
 * and going on: each reader returns empty after reporting. The one generic helper behind every
 * kind of configuration. With a {@link Scope}, string values are interpolated; without one
 * (the inventory) they are literal.
 */
public final class Walker {
    /** A key of a mapping and its value. */
    public record Entry(Node keyNode, String key, Node value) {
    }

    private static final int MAX_DEPTH = 32;
    private static final Pattern VAR_KEY = Pattern.compile("[A-Za-z0-9_\\-]+");

    private final Doc doc;
    private final Problems problems;
    private final Optional<Scope> scope;

    Walker(Doc doc, Problems problems, Optional<Scope> scope) {
        this.doc = doc;
        this.problems = problems;
        this.scope = scope;
    }

    public Walker in(Scope s) {
        return new Walker(doc, problems, Optional.of(s));
    }

    public Doc doc() {
        return doc;
    }

    public Location at(Node node) {
        return doc.at(node);
    }

    public void error(Node node, String message, String hint) {
        errorAt(at(node), message, hint, false);
    }

    /** A problem that holds for the host being read only (a variable, a duplicate across plays). */
    public void hostError(Node node, String message, String hint) {
        errorAt(at(node), message, hint, true);
    }

    public void errorAt(Location location, String message, String hint, boolean hostSpecific) {
        Diagnostic d = Diagnostic.at(location, message, hint);
        problems.add(d, hostSpecific ? scope.flatMap(Scope::hostName) : Optional.empty());
    }

    // ---- structure ----

    /** A mapping whose keys must come from {@code allowed}. */
    public Optional<Fields> map(Node node, String what, Collection<String> allowed) {
        return map(node, what, allowed, key -> "unknown key '" + key + "' in " + what,
                "allowed keys: " + String.join(", ", allowed));
    }

    /**
     * As {@link #map(Node, String, Collection)}, an unknown key reported as {@code unknown}
     * says, with "did you mean" or else {@code hint}.
     */
    public Optional<Fields> map(Node node, String what, Collection<String> allowed, Function<String, String> unknown,
                                String hint) {
        return entries(node, what).map(all -> {
            Map<String, Entry> known = new LinkedHashMap<>();
            for (Entry e : all) {
                if (allowed.contains(e.key())) {
                    known.put(e.key(), e);
                } else {
                    error(e.keyNode(), unknown.apply(e.key()), Suggest.didYouMean(e.key(), allowed).orElse(hint));
                }
            }
            return new Fields(this, node, what, known);
        });
    }

    /** A mapping with any keys, in order; duplicate keys are reported and the first one kept. */
    public Optional<List<Entry>> entries(Node node, String what) {
        if (!(node instanceof MappingNode mapping)) {
            return typeError(node, what, "a mapping");
        }
        List<Entry> out = new ArrayList<>();
        Map<String, Node> seen = new HashMap<>();
        for (NodeTuple t : mapping.getValue()) {
            Node key = t.getKeyNode();
            if (!(key instanceof ScalarNode s) || isNull(s)) {
                error(key, "keys in " + what + " must be plain strings, not " + describe(key), null);
                continue;
            }
            if (hasNul(s, "a key in " + what)) {
                continue;
            }
            Node first = seen.putIfAbsent(s.getValue(), key);
            if (first != null) {
                error(key, "duplicate key '" + s.getValue() + "' in " + what,
                        "first given at line " + at(first).line() + "; YAML keeps only one of them");
                continue;
            }
            out.add(new Entry(key, s.getValue(), t.getValueNode()));
        }
        return Optional.of(out);
    }

    public Optional<List<Node>> list(Node node, String what) {
        return node instanceof SequenceNode seq ? Optional.of(seq.getValue()) : typeError(node, what, "a list");
    }

    // ---- scalars ----

    /** A scalar's text as written, without interpolation. */
    public Optional<String> literal(Node node, String what) {
        if (node instanceof ScalarNode s && !isNull(s)) {
            return hasNul(s, "'" + what + "'") ? Optional.empty() : Optional.of(s.getValue());
        }
        return typeError(node, what, "a string");
    }

    /** A string value, interpolated when this walker has a scope. May be sensitive. */
    public Optional<Text> text(Node node, String what) {
        return literal(node, what).flatMap(raw -> scope.isEmpty() ? Optional.of(Text.plain(raw))
                : Interpolation.expand(this, scope.get(), node, raw));
    }

    /** A string value that is shown in output, so it cannot come from a secret. */
    public Optional<String> string(Node node, String what) {
        return text(node, what).flatMap(t -> {
            if (t.sensitive()) {
                error(node, "'" + what + "' cannot use a secret: it is shown in plans and output",
                        "secrets belong in passwords, file content, env values, units and hba options");
                return Optional.empty();
            }
            return Optional.of(t.reveal());
        });
    }

    /** {@code true} or {@code false} (YAML 1.1's yes/no/on/off are refused), or a reference to one. */
    public Optional<Boolean> bool(Node node, String what) {
        return typed(node, what, Tag.BOOL, "a boolean").flatMap(v -> {
            String lower = v.toLowerCase(Locale.ROOT);
            if (lower.equals("true") || lower.equals("false")) {
                return Optional.of(lower.equals("true"));
            }
            error(node, "'" + v + "' is not a boolean for '" + what + "'", "write true or false (yes/no/on/off are not accepted)");
            return Optional.empty();
        });
    }

    /** A decimal integer, or a reference to one. */
    public Optional<Integer> integer(Node node, String what) {
        return typed(node, what, Tag.INT, "an integer").flatMap(v -> {
            try {
                return Optional.of(Integer.parseInt(v));
            } catch (NumberFormatException e) {
                error(node, "'" + v + "' is not a decimal integer for '" + what + "'", null);
                return Optional.empty();
            }
        });
    }

    /** The text of a scalar of {@code tag}, or of a string that interpolates to one. */
    private Optional<String> typed(Node node, String what, Tag tag, String expected) {
        if (node instanceof ScalarNode s && s.getTag().equals(tag)) {
            return Optional.of(s.getValue());
        }
        if (node instanceof ScalarNode s && s.getTag().equals(Tag.STR) && scope.isPresent() && s.getValue().contains("${")) {
            return string(node, what);
        }
        return typeError(node, what, expected);
    }

    /** A string from a fixed set (case-sensitive). */
    public Optional<String> oneOf(Node node, String what, Collection<String> options) {
        return string(node, what).flatMap(v -> {
            if (options.contains(v)) {
                return Optional.of(v);
            }
            error(node, "invalid " + what + " '" + v + "'", Suggest.didYouMean(v, options)
                    .orElse("expected one of: " + String.join(", ", options)));
            return Optional.empty();
        });
    }

    /** An enum constant spelled in lower case with '-' for '_' ({@code RUNNING} is {@code running}). */
    public <E extends Enum<E>> Optional<E> choice(Node node, String what, Class<E> type) {
        Map<String, E> byName = new LinkedHashMap<>();
        for (E e : type.getEnumConstants()) {
            byName.put(e.name().toLowerCase(Locale.ROOT).replace('_', '-'), e);
        }
        return oneOf(node, what, byName.keySet()).map(byName::get);
    }

    /** {@code value} if {@code rule} finds nothing wrong with it; else reports at {@code node}. */
    public <T> Optional<T> check(Node node, Optional<T> value, Function<T, Optional<String>> rule) {
        return value.flatMap(v -> {
            Optional<String> problem = rule.apply(v);
            problem.ifPresent(p -> error(node, p, null));
            return problem.isPresent() ? Optional.empty() : Optional.of(v);
        });
    }

    /** A list of strings; empty if any entry is bad (all of them are reported). */
    public Optional<List<String>> strings(Node node, String what) {
        return list(node, what).flatMap(items -> {
            List<String> out = new ArrayList<>();
            boolean ok = true;
            for (Node item : items) {
                Optional<String> s = string(item, what + " entry");
                s.ifPresent(out::add);
                ok &= s.isPresent();
            }
            return ok ? Optional.of(List.copyOf(out)) : Optional.empty();
        });
    }

    /**
     * A path; {@code ~/} is the user's home, a relative path is relative to this file's
     * directory. Interpolated when this walker has a scope.
     */
    public Optional<Path> path(Node node, String what) {
        return string(node, what).flatMap(s -> {
            try {
                if (s.isEmpty() || s.indexOf('\0') >= 0) {
                    throw new InvalidPathException(s, "empty or NUL");
                }
                if (s.equals("~") || s.startsWith("~/")) {
                    return Optional.of(Path.of(System.getProperty("user.home")).resolve(s.substring(Math.min(2, s.length()))));
                }
                if (s.startsWith("~")) {
                    error(node, "'~user' paths are not supported in '" + what + "'", "write the full path");
                    return Optional.empty();
                }
                Path p = Path.of(s);
                return Optional.of(p.isAbsolute() ? p : doc.path.resolveSibling(p).normalize());
            } catch (InvalidPathException e) {
                error(node, "invalid path for '" + what + "'", null);
                return Optional.empty();
            }
        });
    }

    /** Builds a record, reporting an invariant it refuses (a check the loader missed) at {@code node}. */
    public <T> Optional<T> build(Node node, Supplier<T> constructor) {
        try {
            return Optional.of(constructor.get());
        } catch (IllegalArgumentException e) {
            error(node, e.getMessage(), null);
            return Optional.empty();
        }
    }

    // ---- vars ----

    /**
     * A {@code vars} mapping as plain data: Strings, ordered Maps and Lists. Vars are literal:
     * {@code $${} stands for {@code ${}, and an unescaped {@code ${} is an error.
     */
    @SuppressWarnings("unchecked")
    public Optional<Map<String, Object>> vars(Node node, String what) {
        if (!(node instanceof MappingNode)) {
            return typeError(node, what, "a mapping");
        }
        return data(node, what, 0).map(o -> (Map<String, Object>) o);
    }

    private Optional<Object> data(Node node, String path, int depth) {
        if (depth > MAX_DEPTH) {
            error(node, "'" + path + "' is nested too deeply", "is an alias referring to itself?");
            return Optional.empty();
        }
        if (node instanceof ScalarNode s) {
            if (isNull(s)) {
                error(node, "'" + path + "' has no value", "give it a value, or \"\" for an empty string");
                return Optional.empty();
            }
            String v = s.getValue();
            if (hasNul(s, "'" + path + "'")) {
                return Optional.empty();
            }
            if (v.replace("$${", "").contains("${")) {
                error(node, "vars are literal: '${' in '" + path + "' is not expanded",
                        "write $${ for a literal ${, and use references where the value is used");
                return Optional.empty();
            }
            return Optional.of(v.replace("$${", "${"));
        }
        boolean ok = true;
        if (node instanceof SequenceNode seq) {
            List<Object> out = new ArrayList<>();
            for (int i = 0; i < seq.getValue().size(); i++) {
                Optional<Object> item = data(seq.getValue().get(i), path + "." + i, depth + 1);
                item.ifPresent(out::add);
                ok &= item.isPresent();
            }
            return ok ? Optional.of(List.copyOf(out)) : Optional.empty();
        }
        Optional<List<Entry>> entries = entries(node, "'" + path + "'");
        if (entries.isEmpty()) {
            return Optional.empty();
        }
        Map<String, Object> out = new LinkedHashMap<>();
        for (Entry e : entries.get()) {
            if (!VAR_KEY.matcher(e.key()).matches()) {
                error(e.keyNode(), "'" + e.key() + "' is not a valid variable name", "use letters, digits, '_' and '-'");
                ok = false;
                continue;
            }
            Optional<Object> value = data(e.value(), path + "." + e.key(), depth + 1);
            value.ifPresent(v -> out.put(e.key(), v));
            ok &= value.isPresent();
        }
        return ok ? Optional.of(Frozen.map(out)) : Optional.empty();
    }

    /** Reports a {@code version:} other than 1, the only format version there is. */
    public void version(Node node) {
        check(node, integer(node, "version"), v -> v == 1 ? Optional.empty()
                : Optional.of("unsupported format version " + v + "; this plumb reads version 1"));
    }

    /** A rule for {@link #check}: the value is not blank. */
    public static Optional<String> nonEmpty(String s) {
        return s.isBlank() ? Optional.of("value cannot be empty") : Optional.empty();
    }

    public static boolean isNull(Node node) {
        return node instanceof ScalarNode && node.getTag().equals(Tag.NULL);
    }

    // ---- errors ----

    /**
     * Reports a NUL character in a scalar ({@code "\0"} in double quotes): no value can hold one,
     * as PostgreSQL, the shell and file paths all end a string there.
     */
    private boolean hasNul(ScalarNode s, String what) {
        int at = s.getValue().indexOf('\0');
        if (at >= 0) {
            errorAt(doc.find(s, "\\0", 0), what + " contains a NUL character",
                    "no value can hold one: PostgreSQL, the shell and file paths all end a string there", false);
        }
        return at >= 0;
    }

    private <T> Optional<T> typeError(Node node, String what, String expected) {
        String hint = isNull(node) ? "give a value, or remove the key" : null;
        error(node, "expected " + expected + " for '" + what + "', got " + describe(node), hint);
        return Optional.empty();
    }

    public static String describe(Node node) {
        if (node instanceof MappingNode) {
            return "a mapping";
        }
        if (node instanceof SequenceNode) {
            return "a list";
        }
        Tag tag = node.getTag();
        if (tag.equals(Tag.NULL)) {
            return "nothing";
        }
        if (tag.equals(Tag.BOOL)) {
            return "a boolean";
        }
        if (tag.equals(Tag.INT) || tag.equals(Tag.FLOAT)) {
            return "a number";
        }
        return "a string";
    }
}
