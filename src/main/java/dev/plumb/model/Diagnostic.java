package dev.plumb.model;

import java.util.Objects;
import java.util.Optional;

/**
 * A problem for the operator, at load time or at run time: how bad it is, where it was declared
 * ({@code file:line:col}), which host and resource it concerns, what is wrong, more detail, and
 * how to fix it. Messages must never contain secret values; every rendering goes through the
 * {@link Redactor}.
 *
 * @param message the summary: one line
 * @param detail  more lines (a journal excerpt, the server's words), when there are any
 */
public record Diagnostic(Severity severity, Optional<Location> location, Optional<String> host,
                         Optional<ResourceAddress> address, String message, Optional<String> detail,
                         Optional<String> hint) {

    public enum Severity {
        ERROR, WARNING;

        public String word() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public Diagnostic {
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(location, "location");
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(detail, "detail");
        Objects.requireNonNull(hint, "hint");
    }

    /** A load-time error: where, what, how to fix. */
    public Diagnostic(Optional<Location> location, String message, Optional<String> hint) {
        this(Severity.ERROR, location, Optional.empty(), Optional.empty(), message, Optional.empty(), hint);
    }

    public static Diagnostic at(Location location, String message) {
        return new Diagnostic(Optional.of(location), message, Optional.empty());
    }

    public static Diagnostic at(Location location, String message, String hint) {
        return new Diagnostic(Optional.of(location), message, Optional.ofNullable(hint));
    }

    public static Diagnostic of(String message, String hint) {
        return new Diagnostic(Optional.empty(), message, Optional.ofNullable(hint));
    }

    /** A run-time error about one resource; its host is the address's. */
    public static Diagnostic of(ResourceAddress address, String message) {
        return new Diagnostic(Severity.ERROR, Optional.empty(), Optional.of(address.host()), Optional.of(address),
                message, Optional.empty(), Optional.empty());
    }

    /** A run-time error on a host, about no resource in particular. */
    public static Diagnostic onHost(String host, String message) {
        return new Diagnostic(Severity.ERROR, Optional.empty(), Optional.of(host), Optional.empty(), message,
                Optional.empty(), Optional.empty());
    }

    public Diagnostic withLocation(Optional<Location> where) {
        return new Diagnostic(severity, where.or(() -> location), host, address, message, detail, hint);
    }

    public Diagnostic withAddress(Optional<ResourceAddress> what) {
        return new Diagnostic(severity, location, host, what.or(() -> address), message, detail, hint);
    }

    public Diagnostic withMessage(String summary) {
        return new Diagnostic(severity, location, host, address, summary, detail, hint);
    }

    public Diagnostic withHint(Optional<String> how) {
        return new Diagnostic(severity, location, host, address, message, detail, how);
    }

    public Diagnostic withDetail(Optional<String> more) {
        return new Diagnostic(severity, location, host, address, message, more, hint);
    }

    /** The same diagnostic with {@code f} applied to every text it holds. */
    public Diagnostic mapText(java.util.function.UnaryOperator<String> f) {
        return new Diagnostic(severity, location, host, address, f.apply(message), detail.map(f), hint.map(f));
    }

    /**
     * "file:line:col: error: message", the detail lines indented, then an indented hint line. A
     * run-time problem names its resource: "error: host1/file//etc/x: message".
     */
    public String render() {
        StringBuilder b = new StringBuilder();
        location.ifPresent(l -> b.append(l).append(": "));
        b.append(severity.word()).append(": ");
        address.ifPresent(a -> b.append(a).append(": "));
        b.append(message);
        detail.ifPresent(d -> d.lines().forEach(l -> b.append("\n    ").append(l)));
        hint.ifPresent(h -> b.append("\n  hint: ").append(h));
        return b.toString();
    }

    /** {@link #render()} for one line in a list of a host's problems: no host, no hint. */
    public String summary() {
        StringBuilder b = new StringBuilder();
        address.ifPresent(a -> b.append(a.kind()).append(' ').append(a.name()).append(": "));
        b.append(message);
        location.ifPresent(l -> b.append(" (declared at ").append(l).append(')'));
        detail.ifPresent(d -> b.append(":\n").append(d));
        return b.toString();
    }
}
