package dev.plumb.plan;

import static dev.plumb.model.Printable.block;
import static dev.plumb.model.Printable.line;

import java.util.Optional;

import dev.plumb.model.Printable;

/**
 * Renders a plan the way Terraform does: grouped by host, one symbol per change, a summary.
 * Names, labels, reasons and attribute values are shown as {@link Printable#line}
 * shows them (a newline or an escape sequence in a name cannot forge or hide a line of the
 * plan); diffs, errors and notes as {@link Printable#block} does.
 */
public final class TextRenderer {
    private TextRenderer() {}

    /** The whole plan: every host, then the summary line. */
    public static String render(Plan plan) {
        return hosts(plan) + plan.summary() + "\n";
    }

    /**
     * A drift report: every host and the "Drift:" summary, or, when everything matches, one line
     * after the hosts' notes (things to know that are not drift).
     */
    public static String drift(Plan plan) {
        if (!plan.hasChanges() && !plan.hasErrors()) {
            StringBuilder out = new StringBuilder();
            plan.hosts().stream().filter(h -> !h.notes().isEmpty()).forEach(h -> {
                out.append(line(h.host())).append(":\n");
                notes(out, h);
            });
            return out + "No drift: " + plan.hosts().size() + " host" + (plan.hosts().size() == 1 ? "" : "s")
                    + " match the desired state.\n";
        }
        return hosts(plan) + plan.summary("Drift") + "\n";
    }

    /** Every host's changes, errors and notes, without the summary line. */
    public static String hosts(Plan plan) {
        StringBuilder out = new StringBuilder();
        for (HostPlan host : plan.hosts()) {
            if (host.error().isPresent() && host.changes().isEmpty()) {
                out.append(line(host.host())).append(": error: ").append(block(host.error().get())).append('\n');
                hints(out, host);
                notes(out, host);
                out.append('\n');
                continue;
            }
            if (host.changes().isEmpty()) {
                out.append(line(host.host())).append(": no changes\n");
                notes(out, host);
                out.append('\n');
                continue;
            }
            out.append(line(host.host())).append('\n');
            host.changes().forEach(c -> out.append(change(c)));
            host.error().ifPresent(e -> out.append("  error: ").append(block(e)).append('\n'));
            hints(out, host);
            notes(out, host);
            out.append('\n');
        }
        return out.toString();
    }

    /** One change as it appears in a plan: symbol, label, reason, attributes, diff. */
    public static String change(Change c) {
        StringBuilder out = new StringBuilder();
        out.append("  ").append(c.action().symbol()).append(' ').append(line(c.label()));
        c.reason().ifPresent(r -> out.append("  (").append(line(r)).append(')'));
        out.append('\n');
        for (Attr a : c.attrs()) {
            out.append("      ").append(line(a.name())).append(": ").append(attr(a)).append('\n');
        }
        c.diff().ifPresent(d -> d.lines().forEach(l -> out.append("      ").append(block(l)).append('\n')));
        return out.toString();
    }

    /** How to fix each problem that says so, naming its resource. */
    private static void hints(StringBuilder out, HostPlan host) {
        host.problems().forEach(p -> p.hint().ifPresent(h -> out.append("  hint: ")
                .append(p.address().map(a -> a.kind() + " " + a.name() + ": ").map(Printable::line).orElse(""))
                .append(block(h)).append('\n')));
    }

    private static void notes(StringBuilder out, HostPlan host) {
        host.notes().forEach(n -> out.append("  note: ").append(block(n)).append('\n'));
    }

    private static String attr(Attr a) {
        Optional<String> before = a.before();
        Optional<String> after = a.after();
        if (before.isEmpty()) {
            return after.map(Printable::line).orElse("(none)");
        }
        return line(before.get()) + " → " + after.map(Printable::line).orElse("(none)");
    }
}
