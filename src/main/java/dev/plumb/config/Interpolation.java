package dev.plumb.config;

import dev.plumb.inventory.Host;
import dev.plumb.io.LocalFile;
import dev.plumb.model.Sensitive;
import dev.plumb.model.Suggest;
import dev.plumb.model.Text;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Expands {@code ${vars.a.b}}, {@code ${secret.x}}, {@code ${host.name|address|port}} and
 * {@code ${hosts.NAME.name|address|port}} in one string value; {@code $${} is a literal
 * {@code ${}. Every bad reference in the value is reported at its own position. The result is
 * sensitive when any secret went into it, and knows which characters did (its spans). A value
 * may grow to at most {@link #MAX_VALUE} characters, and the references of one document may add at most {@link Doc#MAX_REFERENCED_CHARS}
 * over every value and host, so that a large variable referenced many times cannot exhaust
 * memory; at most {@link #MAX_REPORTS} bad references are reported per value.
 */
final class Interpolation {
    /** The longest value once expanded: 1 MiB, as large as a whole playbook may be. */
    static final int MAX_VALUE = 1 << 20;
    static final int MAX_REPORTS = 10;
    private static final List<String> NAMESPACES = List.of("vars", "secret", "host", "hosts");
    private static final List<String> HOST_ATTRIBUTES = List.of("name", "address", "port");
    private static final String FORMS = "write ${vars.NAME}, ${secret.NAME}, ${host.name}, ${host.address}"
            + " or ${hosts.HOST.address}; $${ is a literal ${";
    private static final String LARGE = "a large variable referenced many times? reference it once, or put the text"
            + " in a source: file";

    private final Walker walker;
    private final Scope scope;
    private final Node node;
    private final String raw;
    private boolean failed;
    private int reports;

    private Interpolation(Walker walker, Scope scope, Node node, String raw) {
        this.walker = walker;
        this.scope = scope;
        this.node = node;
        this.raw = raw;
    }

    /** Empty when a reference failed (reported) or its value is unknown (no host). */
    static Optional<Text> expand(Walker walker, Scope scope, Node node, String raw) {
        return raw.contains("${") ? new Interpolation(walker, scope, node, raw).run() : Optional.of(Text.plain(raw));
    }

    private Optional<Text> run() {
        Text.Builder out = Text.builder();
        int i = 0;
        while (i < raw.length()) {
            if (raw.startsWith("$${", i)) {
                out.append("${");
                i += 3;
            } else if (raw.startsWith("${", i)) {
                int close = raw.indexOf('}', i + 2);
                if (close < 0) {
                    error(i, raw.substring(i), "unterminated '${' in value", "close it with '}'; " + FORMS);
                    return Optional.empty();
                }
                String reference = raw.substring(i, close + 1);
                Optional<Text> value = resolve(i, reference, raw.substring(i + 2, close).strip());
                if (value.isPresent() && !failed) {
                    String v = value.get().reveal();
                    if (out.length() + v.length() > MAX_VALUE) {
                        return error(i, reference, "the value grows past " + LocalFile.size(MAX_VALUE)
                                + " here as its references are expanded", LARGE);
                    }
                    long total = walker.doc().reference(v.length());
                    if (total > Doc.MAX_REFERENCED_CHARS) {
                        // Reported once, at the reference that spent the budget; later values fail with it.
                        return total - v.length() > Doc.MAX_REFERENCED_CHARS ? unknown() : error(i, reference,
                                "references in this file add more than " + LocalFile.size(Doc.MAX_REFERENCED_CHARS)
                                        + " to its values, over all hosts", LARGE);
                    }
                    out.append(value.get());
                } else {
                    failed = true;
                }
                i = close + 1;
            } else {
                int next = raw.indexOf('$', i + 1);
                int end = next < 0 ? raw.length() : next;
                out.append(raw.substring(i, end));
                i = end;
            }
        }
        return failed ? Optional.empty() : Optional.of(out.build());
    }

    private Optional<Text> resolve(int offset, String reference, String expression) {
        List<String> path = Arrays.asList(expression.split("\\.", -1));
        if (path.size() < 2 || path.contains("")) {
            return error(offset, reference, "invalid reference '" + reference + "'", FORMS);
        }
        String ns = path.get(0);
        switch (ns) {
            case "vars":
                return scope.host().isEmpty() ? unknown() : variable(offset, reference, path);
            case "secret":
                return secret(offset, reference, path);
            case "host":
                return scope.host().isEmpty() ? unknown()
                        : hostAttribute(offset, reference, scope.host().get(), path.subList(1, path.size()));
            case "hosts":
                return otherHost(offset, reference, path);
            default:
                return error(offset, reference, "unknown reference '" + reference + "'",
                        Suggest.didYouMean(ns, NAMESPACES).map(h -> h + " " + FORMS).orElse(FORMS));
        }
    }

    private Optional<Text> variable(int offset, String reference, List<String> path) {
        Object current = scope.vars();
        for (int k = 1; k < path.size(); k++) {
            String key = path.get(k);
            String soFar = String.join(".", path.subList(0, k));
            if (current instanceof Map<?, ?> map) {
                if (!map.containsKey(key)) {
                    List<String> keys = map.keySet().stream().map(String::valueOf).toList();
                    return hostError(offset, reference, "unknown variable '" + String.join(".", path.subList(0, k + 1)) + "'",
                            Suggest.didYouMean(key, keys).orElse(keys.isEmpty() ? "no vars are defined here"
                                    : "known " + (k == 1 ? "vars" : "keys of " + soFar) + ": " + String.join(", ", keys)));
                }
                current = map.get(key);
            } else if (current instanceof List<?> list) {
                int index = key.chars().allMatch(Character::isDigit) && key.length() < 9 ? Integer.parseInt(key) : -1;
                if (index < 0 || index >= list.size()) {
                    return hostError(offset, reference, "'" + soFar + "' is a list of " + list.size()
                            + " items; '" + key + "' is not an index into it", "use 0 to " + (list.size() - 1));
                }
                current = list.get(index);
            } else {
                return hostError(offset, reference, "'" + soFar + "' is a value, it has no key '" + key + "'", null);
            }
        }
        if (current instanceof String s) {
            return Optional.of(Text.plain(s));
        }
        String kind = current instanceof Map ? "a mapping" : "a list";
        return hostError(offset, reference, "'" + String.join(".", path) + "' is " + kind + ", not a value",
                current instanceof Map<?, ?> m ? "reference one of its keys: " + String.join(", ",
                        m.keySet().stream().map(String::valueOf).toList()) : "reference an item by index, such as .0");
    }

    private Optional<Text> secret(int offset, String reference, List<String> path) {
        String name = path.get(1);
        if (path.size() != 2) {
            return error(offset, reference, "invalid reference '" + reference + "'", "write ${secret.NAME}");
        }
        if (!scope.secrets().containsKey(name)) {
            return error(offset, reference, "unknown secret '" + name + "'",
                    Suggest.didYouMean(name, scope.secrets().keySet()).orElse(scope.secrets().isEmpty()
                            ? "declare it under secrets: at the top of the playbook"
                            : "declared secrets: " + String.join(", ", scope.secrets().keySet())));
        }
        return scope.secrets().get(name).map(Sensitive::reveal).map(Text::secret);
    }

    private Optional<Text> otherHost(int offset, String reference, List<String> path) {
        if (path.size() != 3) {
            return error(offset, reference, "invalid reference '" + reference + "'", "write ${hosts.HOST.address}");
        }
        Optional<Host> host = scope.inventory().host(path.get(1));
        if (host.isEmpty()) {
            return error(offset, reference, "unknown host '" + path.get(1) + "' in '" + reference + "'",
                    Suggest.didYouMean(path.get(1), scope.inventory().hosts().keySet()).orElse(null));
        }
        return hostAttribute(offset, reference, host.get(), path.subList(2, 3));
    }

    private Optional<Text> hostAttribute(int offset, String reference, Host host, List<String> rest) {
        String attribute = String.join(".", rest);
        switch (attribute) {
            case "name":
                return Optional.of(Text.plain(host.name()));
            case "address":
                return Optional.of(Text.plain(host.address()));
            case "port":
                return Optional.of(Text.plain(String.valueOf(host.port())));
            default:
                return error(offset, reference, "unknown host attribute '" + attribute + "' in '" + reference + "'",
                        Suggest.didYouMean(attribute, HOST_ATTRIBUTES).orElse("use name, address or port"));
        }
    }

    private Optional<Text> unknown() {
        failed = true;
        return Optional.empty();
    }

    private Optional<Text> error(int offset, String reference, String message, String hint) {
        return report(offset, reference, message, hint, false);
    }

    /** A problem of this host's variables: other hosts of the play may not have it. */
    private Optional<Text> hostError(int offset, String reference, String message, String hint) {
        return report(offset, reference, message, hint, true);
    }

    private Optional<Text> report(int offset, String reference, String message, String hint, boolean hostSpecific) {
        if (reports++ < MAX_REPORTS) {
            walker.errorAt(walker.doc().find(node, reference, occurrences(reference, offset)), message, hint, hostSpecific);
        }
        return unknown();
    }

    private int occurrences(String needle, int before) {
        int count = 0;
        for (int i = raw.indexOf(needle); i >= 0 && i < before; i = raw.indexOf(needle, i + 1)) {
            count++;
        }
        return count;
    }
}
