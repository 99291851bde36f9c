package dev.plumb.check;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.plumb.json.Json;

/**
 * A verify run as text (✓/✗ per check per host with its time, the diagnosis under each failure,
 * then a summary), as a JSON document ({@code format_version: 1, document: verify}), or as
 * markdown for a pull-request comment. Everything in a {@link Verification} is already redacted.
 */
public final class Report {
    private Report() {}

    public static String text(Verification v) {
        StringBuilder b = new StringBuilder();
        for (HostResult h : v.hosts()) {
            b.append(h.host()).append('\n');
            h.error().ifPresent(e -> b.append("  ✗ cannot check: ").append(e).append('\n'));
            if (h.error().isEmpty() && h.checks().isEmpty()) {
                b.append("  (no checks declared)\n");
            }
            for (CheckResult c : h.checks()) {
                b.append(String.format("  %s %-16s %-44s %6.2fs%n", c.ok() ? "✓" : "✗", c.kind(), c.target(),
                        c.millis() / 1000.0));
                if (!c.ok()) {
                    b.append("      ").append(c.message()).append('\n');
                    c.diagnosis().ifPresent(d -> {
                        b.append("      cause: ").append(d.cause()).append('\n');
                        b.append("      next:  ").append(d.next()).append('\n');
                        d.detail().forEach(l -> b.append("      | ").append(l).append('\n'));
                    });
                }
            }
        }
        b.append(summary(v)).append('\n');
        return b.toString();
    }

    public static String summary(Verification v) {
        long hostsFailed = v.hosts().stream().filter(h -> !h.ok()).count();
        return "Verify " + (v.ok() ? "passed" : "failed") + ": " + v.passed() + " passed, " + v.failed() + " failed"
                + (hostsFailed == 0 ? "" : " (" + hostsFailed + " of " + v.hosts().size() + " hosts with failures)")
                + " on " + v.hosts().size() + " host" + (v.hosts().size() == 1 ? "" : "s") + ".";
    }

    public static String json(Verification v) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("format_version", 1);
        doc.put("document", "verify");
        doc.put("ok", v.ok());
        List<Object> hosts = new ArrayList<>();
        for (HostResult h : v.hosts()) {
            Map<String, Object> hm = new LinkedHashMap<>();
            hm.put("host", h.host());
            hm.put("ok", h.ok());
            hm.put("error", h.error());
            List<Object> checks = new ArrayList<>();
            for (CheckResult c : h.checks()) {
                Map<String, Object> cm = new LinkedHashMap<>();
                cm.put("kind", c.kind());
                cm.put("target", c.target());
                cm.put("ok", c.ok());
                cm.put("millis", c.millis());
                cm.put("message", c.message());
                c.diagnosis().ifPresent(d -> {
                    Map<String, Object> dm = new LinkedHashMap<>();
                    dm.put("cause", d.cause());
                    dm.put("next", d.next());
                    dm.put("detail", d.detail());
                    cm.put("diagnosis", dm);
                });
                checks.add(cm);
            }
            hm.put("checks", checks);
            hosts.add(hm);
        }
        doc.put("hosts", hosts);
        doc.put("summary", Map.of("passed", v.passed(), "failed", v.failed()));
        return Json.write(doc);
    }

    public static String markdown(Verification v) {
        StringBuilder b = new StringBuilder("### Verify: ").append(summary(v)).append("\n\n");
        for (HostResult h : v.hosts()) {
            b.append("<details").append(h.ok() ? "" : " open").append("><summary>").append(h.ok() ? "✅ " : "❌ ")
                    .append(escape(h.host())).append("</summary>\n\n");
            h.error().ifPresent(e -> b.append("cannot check: ").append(code(e)).append("\n\n"));
            b.append("| | check | target | time |\n| --- | --- | --- | --- |\n");
            for (CheckResult c : h.checks()) {
                b.append("| ").append(c.ok() ? "✓" : "✗").append(" | ").append(c.kind()).append(" | ")
                        .append(code(c.target())).append(" | ").append(String.format("%.2fs", c.millis() / 1000.0))
                        .append(" |\n");
            }
            for (CheckResult c : h.checks()) {
                if (!c.ok()) {
                    b.append("\n**").append(c.kind()).append("** ").append(code(c.target())).append(": ")
                            .append(escape(c.message())).append('\n');
                    c.diagnosis().ifPresent(d -> {
                        b.append("- cause: ").append(escape(d.cause())).append("\n- next: ").append(escape(d.next()))
                                .append('\n');
                        if (!d.detail().isEmpty()) {
                            b.append("\n```\n").append(String.join("\n", d.detail()).replace("```", "'''"))
                                    .append("\n```\n");
                        }
                    });
                }
            }
            b.append("\n</details>\n\n");
        }
        return b.toString();
    }

    private static String code(String s) {
        return "`" + s.replace("`", "'").replace("|", "\\|") + "`";
    }

    private static String escape(String s) {
        return s.replace("<", "&lt;").replace(">", "&gt;").replace("|", "\\|");
    }
}
