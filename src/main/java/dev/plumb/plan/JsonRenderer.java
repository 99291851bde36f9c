package dev.plumb.plan;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.plumb.json.Json;
import dev.plumb.model.Diagnostic;

/**
 * The plan as a stable JSON document (format_version 1, document "plan" or "drift"): hosts in
 * order, each with its changes ({@code address, kind, name, action, attrs[{name, before,
 * after}], diff, reason}), its error and notes, and a summary of counts. Other tools may rely
 * on these keys; new keys may be added, none renamed.
 */
public final class JsonRenderer {
    public static final int FORMAT_VERSION = 1;

    private JsonRenderer() {}

    public static String render(Plan plan) {
        return Json.write(toMap(plan, "plan"));
    }

    /** The plan document with the revision it was read from ({@code git}: commit, paths, dirty). */
    public static String render(Plan plan, Optional<GitState> git) {
        Map<String, Object> doc = toMap(plan, "plan");
        git.ifPresent(g -> doc.put("git", SavedPlan.gitMap(g)));
        return Json.write(doc);
    }

    /** The same document for {@code plumb drift --json}: {@code "document": "drift"}. */
    public static String renderDrift(Plan plan) {
        return Json.write(toMap(plan, "drift"));
    }

    /** {@code document} says what the changes mean: "plan" (to make) or "drift" (found). */
    public static Map<String, Object> toMap(Plan plan, String document) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("format_version", FORMAT_VERSION);
        doc.put("document", document);
        doc.put("hosts", plan.hosts().stream().map(JsonRenderer::host).toList());
        Map<String, Object> summary = new LinkedHashMap<>();
        for (Action a : Action.values()) {
            summary.put(a.word(), plan.count(a));
        }
        summary.put("hosts", plan.hosts().size());
        summary.put("errors", plan.hosts().stream().filter(h -> h.error().isPresent()).count());
        doc.put("summary", summary);
        return doc;
    }

    private static Map<String, Object> host(HostPlan h) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("host", h.host());
        h.error().ifPresent(e -> m.put("error", e));
        m.put("changes", h.changes().stream().map(JsonRenderer::change).toList());
        m.put("notes", h.notes());
        if (!h.problems().isEmpty()) {
            m.put("problems", h.problems().stream().map(JsonRenderer::problem).toList());
        }
        return m;
    }

    /** A diagnostic's fields: severity, host, address, location, summary, detail, hint. */
    static Map<String, Object> problem(Diagnostic d) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("severity", d.severity().word());
        d.host().ifPresent(x -> m.put("host", x));
        d.address().ifPresent(a -> m.put("address", a.toString()));
        d.location().ifPresent(l -> m.put("location", l.toString()));
        m.put("summary", d.message());
        d.detail().ifPresent(x -> m.put("detail", x));
        d.hint().ifPresent(x -> m.put("hint", x));
        return m;
    }

    private static Map<String, Object> change(Change c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("address", c.address().toString());
        m.put("kind", c.address().kind());
        m.put("name", c.address().name());
        m.put("action", c.action().word());
        List<Map<String, Object>> attrs = c.attrs().stream().map(a -> {
            Map<String, Object> am = new LinkedHashMap<>();
            am.put("name", a.name());
            am.put("before", a.before());
            am.put("after", a.after());
            return am;
        }).toList();
        m.put("attrs", attrs);
        m.put("diff", c.diff());
        m.put("reason", c.reason());
        return m;
    }
}
