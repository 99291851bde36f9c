package dev.plumb.resource.module;

import dev.plumb.model.SourceFile;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One module file, checked: the play key {@code name}, its key schema, its snippets and its
 * rules. Built by {@code config.ModuleLoader}, which reports every problem of a file at its
 * position; the invariants here are the last line of defence, not the diagnostics.
 *
 * @param source   the module file, for messages and {@code plumb modules}
 * @param compare  the keys that count in a diff; empty: every key that is neither identity nor secret
 * @param normalize per key, what is done to both sides before they are compared
 * @param restart  systemd units to restart when an object of this module is created or updated
 * @param needs    commands that must exist on a host (checked in the host's read, before any snippet)
 * @param timeout  the longest any one snippet may run
 */
public record ModuleDef(String name, String description, String version, SourceFile source, List<KeySpec> keys,
                        Snippets snippets, Optional<List<String>> compare, Map<String, List<Norm>> normalize,
                        List<String> restart, List<String> needs, Duration timeout, Stage stage) {
    /** Module and key names: lower case letters, digits and {@code _}, starting with a letter. */
    public static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]{0,62}");
    /** A command in {@code needs}: a name or an absolute path, no shell characters. */
    public static final Pattern COMMAND = Pattern.compile("[A-Za-z0-9_./+-]{1,255}");
    /** A key every entry may give besides the schema's. */
    public static final String STATE = "state";
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);
    public static final Duration MAX_TIMEOUT = Duration.ofHours(1);

    public ModuleDef {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(snippets, "snippets");
        Objects.requireNonNull(stage, "stage");
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("module name '" + name + "' is not lower case letters, digits and _");
        }
        keys = List.copyOf(keys);
        compare = compare.map(List::copyOf);
        normalize = Map.copyOf(normalize);
        restart = List.copyOf(restart);
        needs = List.copyOf(needs);
        if (keys.stream().noneMatch(KeySpec::identity)) {
            throw new IllegalArgumentException("module '" + name + "' has no identity key");
        }
        if (timeout.isNegative() || timeout.isZero() || timeout.compareTo(MAX_TIMEOUT) > 0) {
            throw new IllegalArgumentException("timeout must be between 1 s and 1 h");
        }
    }

    public Optional<KeySpec> key(String key) {
        return keys.stream().filter(k -> k.name().equals(key)).findFirst();
    }

    public List<KeySpec> identity() {
        return keys.stream().filter(KeySpec::identity).toList();
    }

    /** The keys a diff compares, in schema order. */
    public List<KeySpec> compared() {
        return keys.stream().filter(k -> compare.map(c -> c.contains(k.name()))
                .orElse(!k.identity() && !k.secret())).toList();
    }

    /** The shell snippets; {@code delete} is absent when objects of the module cannot be removed. */
    public record Snippets(String read, String create, String update, Optional<String> delete) {
        public Snippets {
            Objects.requireNonNull(read, "read");
            Objects.requireNonNull(create, "create");
            Objects.requireNonNull(update, "update");
            Objects.requireNonNull(delete, "delete");
        }
    }

    /** The type of a key's value. */
    public enum KeyType {
        STRING, INT, BOOL, LIST, MAP;

        public String word() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** A normalisation applied to both sides of a comparison. */
    public enum Norm {
        /** Leading and trailing white space removed (of each item of a list). */
        TRIM,
        /** Every run of white space is one space, and none leads or trails ({@code "a \t b "} is {@code "a b"}). */
        BLANKS,
        /** Lower case. */
        LOWER,
        /** A number written any way ({@code 010}, {@code 1.0}, {@code +1}) compares as its value. */
        NUMERIC,
        /** The order of a list's items does not count. */
        UNORDERED;

        public String word() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** When a module's create, update and delete run within a host's apply. */
    public enum Stage {
        /** Before everything else (PostgreSQL objects, files, services): for packages. */
        EARLY,
        /** After files, units and enablement, before services start or restart: the default. */
        LATE;

        public String word() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * One key of the schema. {@code value} of a default, and {@code allowed}, are in the key's
     * canonical text form ({@link ModuleValues}). An identity key is required, a scalar, and not
     * secret; a secret key is a string.
     */
    public record KeySpec(String name, KeyType type, boolean required, Optional<String> defaultValue,
                          List<String> allowed, Optional<Pattern> pattern, boolean secret, boolean identity,
                          String description) {
        public KeySpec {
            Objects.requireNonNull(type, "type");
            Objects.requireNonNull(defaultValue, "defaultValue");
            Objects.requireNonNull(pattern, "pattern");
            Objects.requireNonNull(description, "description");
            allowed = List.copyOf(allowed);
            if (!NAME.matcher(name).matches() || name.equals(STATE)) {
                throw new IllegalArgumentException("key name '" + name + "' is not allowed");
            }
            if (identity && (secret || type == KeyType.LIST || type == KeyType.MAP)) {
                throw new IllegalArgumentException("identity key '" + name + "' must be a plain scalar");
            }
            if (secret && type != KeyType.STRING) {
                throw new IllegalArgumentException("secret key '" + name + "' must be a string");
            }
        }

        /** The environment variable that carries the value to snippets: {@code PLUMB_NAME}. */
        public String variable() {
            return "PLUMB_" + name.toUpperCase(Locale.ROOT);
        }
    }
}
