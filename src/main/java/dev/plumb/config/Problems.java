package dev.plumb.config;

import dev.plumb.model.Diagnostic;
import dev.plumb.model.Location;
import dev.plumb.model.Redactor;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Collects diagnostics for one load. The same diagnostic raised again (a play walked once per
 * host) is kept once; one raised for several hosts is kept once and names them.
 */
final class Problems {
    private static final int HOSTS_SHOWN = 5;

    private final Map<Diagnostic, Set<String>> entries = new LinkedHashMap<>();
    private final Map<Path, Integer> fileOrder = new LinkedHashMap<>();

    private final List<Diagnostic> warnings = new ArrayList<>();

    /** A warning: told, but the load goes on. */
    void warn(Location at, String message, String hint) {
        warnings.add(new Diagnostic(Diagnostic.Severity.WARNING, Optional.of(at), Optional.empty(), Optional.empty(),
                message, Optional.empty(), Optional.ofNullable(hint)));
    }

    List<Diagnostic> warnings() {
        return List.copyOf(warnings);
    }

    void add(Diagnostic d) {
        d.location().ifPresent(l -> fileOrder.putIfAbsent(l.file(), fileOrder.size()));
        entries.putIfAbsent(d, new LinkedHashSet<>());
    }

    void add(Location at, String message, String hint) {
        add(Diagnostic.at(at, message, hint));
    }

    /** A problem that depends on the host being loaded (a variable, a duplicate across plays). */
    void add(Diagnostic d, Optional<String> host) {
        add(d);
        host.ifPresent(entries.get(d)::add);
    }

    boolean isEmpty() {
        return entries.isEmpty();
    }

    /**
     * Ordered by file (in order of first problem), line, column; every text redacted, then made
     * one printable line: a value quoted in a message cannot break it or move the terminal.
     */
    List<Diagnostic> list(Redactor redactor) {
        List<Diagnostic> out = new ArrayList<>();
        entries.forEach((d, hosts) -> out.add(redactor.redact(hosts.isEmpty() ? d
                : d.withMessage(d.message() + " " + hostList(hosts))).mapText(Problems::printable)));
        out.sort(Comparator.comparingInt((Diagnostic d) -> d.location().map(l -> fileOrder.get(l.file()) + 1).orElse(0))
                .thenComparingInt(d -> d.location().map(Location::line).orElse(0))
                .thenComparingInt(d -> d.location().map(Location::column).orElse(0)));
        return out;
    }

    /** {@code s} with control, line-separating and bidirectional-override characters as escapes ({@code \\n}). */
    static String printable(String s) {
        StringBuilder b = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            int type = Character.getType(c);
            boolean hide = type == Character.CONTROL || type == Character.LINE_SEPARATOR
                    || type == Character.PARAGRAPH_SEPARATOR || c >= '\u202A' && c <= '\u202E'
                    || c >= '\u2066' && c <= '\u2069';
            if (hide && b == null) {
                b = new StringBuilder(s.length() + 16).append(s, 0, i);
            }
            if (b != null) {
                b.append(!hide ? String.valueOf(c) : c == '\n' ? "\\n" : c == '\t' ? "\\t" : c == '\r' ? "\\r"
                        : String.format("\\u%04x", (int) c));
            }
        }
        return b == null ? s : b.toString();
    }

    private static String hostList(Set<String> hosts) {
        List<String> names = new ArrayList<>(hosts);
        String shown = String.join(", ", names.subList(0, Math.min(HOSTS_SHOWN, names.size())));
        String more = names.size() > HOSTS_SHOWN ? " and " + (names.size() - HOSTS_SHOWN) + " more" : "";
        return "(host" + (names.size() > 1 ? "s " : " ") + shown + more + ")";
    }
}
