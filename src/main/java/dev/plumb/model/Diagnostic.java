package dev.plumb.model;

import java.util.Optional;

/**
 * An expected problem with the user's input or environment: where it is, what is wrong, and
 * how to fix it. Messages must never contain secret values.
 */
public record Diagnostic(Optional<Location> location, String message, Optional<String> hint) {

    public static Diagnostic at(Location location, String message) {
        return new Diagnostic(Optional.of(location), message, Optional.empty());
    }

    public static Diagnostic at(Location location, String message, String hint) {
        return new Diagnostic(Optional.of(location), message, Optional.ofNullable(hint));
    }

    public static Diagnostic of(String message, String hint) {
        return new Diagnostic(Optional.empty(), message, Optional.ofNullable(hint));
    }

    /** One line "file:line:col: error: message", plus an indented hint line when there is one. */
    public String render() {
        String head = location.map(l -> l + ": ").orElse("") + "error: " + message;
        return hint.map(h -> head + "\n  hint: " + h).orElse(head);
    }
}
