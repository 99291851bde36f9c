package dev.plumb.resource;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One kind's live state on one host, as desired state. {@code value} is the value of the kind's
 * play key in format v1, built of {@code Map<String, Object>} (a {@code LinkedHashMap}: its order
 * is the written order), {@code List<Object>}, {@code String}, {@code Long}/{@code Integer} and
 * {@code Boolean}; a secret's value never appears in it, only a {@code ${secret.NAME}}
 * reference to one of {@code secrets}. {@code notes} are told to the operator (what was skipped
 * and why); {@code problems} stop the import (nothing is written), each one line naming what it
 * is about. Neither holds a secret. {@code absent} are the scopes asked for that do not exist on
 * this host at all (no such directory or unit, no PostgreSQL server): not a problem on one host
 * of many, but one when a scope exists on none.
 */
public record Imported(Object value, List<ImportedSecret> secrets, List<String> notes, List<String> problems,
                       List<String> absent) {
    public Imported {
        Objects.requireNonNull(value, "value");
        secrets = List.copyOf(secrets);
        notes = List.copyOf(notes);
        problems = List.copyOf(problems);
        absent = List.copyOf(absent);
    }

    public Imported(Object value, List<ImportedSecret> secrets, List<String> notes, List<String> problems) {
        this(value, secrets, notes, problems, List.of());
    }

    public static Imported of(Object value) {
        return new Imported(value, List.of(), List.of(), List.of());
    }

    /** Nothing on this host: none of {@code scopes} exists here. */
    public static Imported absent(List<String> scopes) {
        return new Imported(Map.of(), List.of(), List.of(), List.of(), scopes);
    }
}
