package dev.plumb.plan;

import java.util.Optional;

/** Renders a plan the way Terraform does: grouped by host, one symbol per change, a summary. */
public final class TextRenderer {
    private TextRenderer() {}

    /** The whole plan: every host, then the summary line. */
    public static String render(Plan plan) {
        return hosts(plan) + plan.summary() + "\n";
    }

    /** Every host's changes, errors and notes, without the summary line. */
    public static String hosts(Plan plan) {
        StringBuilder out = new StringBuilder();
        for (HostPlan host : plan.hosts()) {
            if (host.error().isPresent() && host.changes().isEmpty()) {
                out.append(host.host()).append(": error: ").append(host.error().get()).append('\n');
                notes(out, host);
                out.append('\n');
                continue;
            }
            if (host.changes().isEmpty()) {
                out.append(host.host()).append(": no changes\n");
                notes(out, host);
                out.append('\n');
                continue;
            }
            out.append(host.host()).append('\n');
            host.changes().forEach(c -> out.append(change(c)));
            host.error().ifPresent(e -> out.append("  error: ").append(e).append('\n'));
            notes(out, host);
            out.append('\n');
        }
        return out.toString();
    }

    /** One change as it appears in a plan: symbol, label, reason, attributes, diff. */
    public static String change(Change c) {
        StringBuilder out = new StringBuilder();
        out.append("  ").append(c.action().symbol()).append(' ').append(c.label());
        c.reason().ifPresent(r -> out.append("  (").append(r).append(')'));
        out.append('\n');
        for (Attr a : c.attrs()) {
            out.append("      ").append(a.name()).append(": ").append(attr(a)).append('\n');
        }
        c.diff().ifPresent(d -> d.lines().forEach(l -> out.append("      ").append(l).append('\n')));
        return out.toString();
    }

    private static void notes(StringBuilder out, HostPlan host) {
        host.notes().forEach(n -> out.append("  note: ").append(n).append('\n'));
    }

    private static String attr(Attr a) {
        Optional<String> before = a.before();
        Optional<String> after = a.after();
        if (before.isEmpty()) {
            return after.orElse("(none)");
        }
        return before.get() + " → " + after.orElse("(none)");
    }
}
