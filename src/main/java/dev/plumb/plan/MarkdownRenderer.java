package dev.plumb.plan;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Renders a plan or a drift report as Markdown made to be posted as a pull-request comment: a
 * one-line summary, then a collapsible {@code <details>} section per host with changes, errors
 * and notes, each diff in a fenced {@code diff} block. A plan with nothing to do is one line.
 * Every value in a plan is already redacted; names are data, so they are HTML-escaped in
 * summaries and put in code spans whose fences outnumber any backticks inside.
 */
public final class MarkdownRenderer {
    private static final Pattern BACKTICKS = Pattern.compile("`+");

    private MarkdownRenderer() {}

    /** {@code title}: "Plan" or "Drift". */
    public static String render(Plan plan, String title) {
        if (!plan.hasChanges() && !plan.hasErrors()) {
            return "**" + title + ":** no changes; " + plan.hosts().size() + " host"
                    + (plan.hosts().size() == 1 ? "" : "s") + " match the desired state.\n";
        }
        StringBuilder out = new StringBuilder();
        String summary = plan.summary(title);
        out.append("**").append(title).append(":**").append(escape(summary.substring(title.length() + 1)))
                .append("\n\n");
        for (HostPlan host : plan.hosts()) {
            host(out, host);
        }
        return out.toString();
    }

    private static void host(StringBuilder out, HostPlan host) {
        int n = host.changes().size();
        String state = host.error().isPresent() ? "error" : n == 0 ? "no changes" : n + " change" + (n == 1 ? "" : "s");
        out.append("<details><summary><b>").append(html(host.host())).append("</b>: ").append(state)
                .append("</summary>\n\n");
        for (Change c : host.changes()) {
            out.append("- `").append(c.action().symbol()).append("` ").append(code(c.label()));
            c.reason().ifPresent(r -> out.append(" (").append(escape(r)).append(')'));
            out.append('\n');
            for (Attr a : c.attrs()) {
                out.append("  - ").append(escape(a.name())).append(": ")
                        .append(code(a.before().map(b -> b + " → ").orElse("") + a.after().orElse("(none)")))
                        .append('\n');
            }
            c.diff().ifPresent(d -> fenced(out, d));
        }
        host.error().ifPresent(e -> fenced(out.append("\n**error**\n"), e, ""));
        host.notes().forEach(note -> out.append("\n> note: ").append(escape(note)).append('\n'));
        out.append("\n</details>\n\n");
    }

    private static void fenced(StringBuilder out, String diff) {
        fenced(out, diff, "diff");
    }

    /** A fenced block, indented under a list item, with a fence longer than any backtick run inside. */
    private static void fenced(StringBuilder out, String text, String info) {
        String fence = "`".repeat(Math.max(3, longestRun(text) + 1));
        out.append('\n').append("  ").append(fence).append(info).append('\n');
        text.lines().forEach(l -> out.append("  ").append(l).append('\n'));
        out.append("  ").append(fence).append('\n');
    }

    /** A code span that shows {@code s} exactly, whatever backticks it holds. */
    static String code(String s) {
        String flat = s.replace('\n', ' ');
        String fence = "`".repeat(longestRun(flat) + 1);
        String pad = flat.startsWith("`") || flat.endsWith("`") || flat.isBlank() ? " " : "";
        return fence + pad + flat + pad + fence;
    }

    /** Text safe in Markdown and in inline HTML: no tags, no entities, no emphasis or links. */
    static String escape(String s) {
        StringBuilder b = new StringBuilder();
        for (char ch : s.replace('\n', ' ').toCharArray()) {
            switch (ch) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '\\', '`', '*', '_', '[', ']', '|', '#', '!' -> b.append('\\').append(ch);
                default -> b.append(ch);
            }
        }
        return b.toString();
    }

    /** Text safe inside an HTML element (a {@code <summary>}), where Markdown escapes do not apply. */
    static String html(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;")
                .replace('\n', ' ');
    }

    private static int longestRun(String s) {
        int max = 0;
        Matcher m = BACKTICKS.matcher(s);
        while (m.find()) {
            max = Math.max(max, m.group().length());
        }
        return max;
    }
}
