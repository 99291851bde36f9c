package dev.plumb.plan;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.plumb.json.Json;
import dev.plumb.json.JsonReader;
import dev.plumb.model.Keyed;

/**
 * A plan saved by {@code plumb plan -o FILE} for {@code plumb apply FILE}. It records what the
 * plan was made from and against, so apply can refuse it once anything has moved: the plumb
 * version, the desired-state files with their hashes, a keyed fingerprint of the secrets, and
 * for every planned change a keyed fingerprint of the change and of the live state it was
 * planned against. It holds no secret: the shown plan is redacted and every fingerprint is an
 * HMAC under the {@link PlanKey}.
 *
 * @param playbook  the playbook, relative to the plan file's directory
 * @param inventory the inventory, relative to the plan file's directory
 * @param sources   every desired-state file read (relative path → SHA-256)
 * @param hosts     host → (address → fingerprint), in plan order
 */
public record SavedPlan(String plumbVersion, String playbook, String inventory, Optional<String> limit,
                        Optional<String> gitCommit, Map<String, String> sources, String secrets,
                        Map<String, Map<String, String>> hosts, Plan plan) {

    public static final String MARKER = "plumb_saved_plan";
    public static final int FORMAT = 1;

    /** The fingerprint of one planned change: what it does and what it was planned against. */
    public static String fingerprint(Keyed key, Change c) {
        return key.hmac(c.address() + "\n" + c.action().word() + "\n" + TextRenderer.change(c) + "\n"
                + c.live().orElse(""));
    }

    /** Host → address → fingerprint for every change of {@code plan}. */
    public static Map<String, Map<String, String>> fingerprints(Keyed key, Plan plan) {
        Map<String, Map<String, String>> out = new LinkedHashMap<>();
        for (HostPlan h : plan.hosts()) {
            Map<String, String> changes = new LinkedHashMap<>();
            for (Change c : h.changes()) {
                // A resource can carry two changes (an update and a restart): number repeats.
                String k = c.address().toString() + " " + c.action().word();
                changes.put(changes.containsKey(k) ? k + " #" + changes.size() : k, fingerprint(key, c));
            }
            out.put(h.host(), changes);
        }
        return out;
    }

    public String toJson() {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put(MARKER, FORMAT);
        doc.put("plumb_version", plumbVersion);
        doc.put("playbook", playbook);
        doc.put("inventory", inventory);
        doc.put("limit", limit);
        doc.put("git_commit", gitCommit);
        doc.put("sources", sources);
        doc.put("secrets", secrets);
        doc.put("fingerprints", hosts);
        doc.put("plan", JsonRenderer.toMap(plan, "plan"));
        return Json.write(doc);
    }

    /** True when {@code text} looks like a saved plan rather than a playbook. */
    public static boolean looksLikeOne(String text) {
        return text.stripLeading().startsWith("{") && text.contains("\"" + MARKER + "\"");
    }

    /** Reads what apply needs back; the shown plan is not read back (apply plans afresh). */
    public static SavedPlan fromJson(String text) {
        Object parsed = JsonReader.read(text);
        if (!(parsed instanceof Map<?, ?> doc) || !(doc.get(MARKER) instanceof Number n)) {
            throw new IllegalArgumentException("not a saved plumb plan");
        }
        if (n.intValue() != FORMAT) {
            throw new IllegalArgumentException("saved plan format " + n + " is not supported (this plumb reads "
                    + FORMAT + ")");
        }
        Map<String, Map<String, String>> hosts = new LinkedHashMap<>();
        map(doc.get("fingerprints")).forEach((h, v) -> hosts.put(h, strings(map(v))));
        return new SavedPlan(string(doc, "plumb_version"), string(doc, "playbook"), string(doc, "inventory"),
                optional(doc, "limit"), optional(doc, "git_commit"), strings(map(doc.get("sources"))),
                string(doc, "secrets"), hosts, new Plan(List.of()));
    }

    /** Why a fresh plan no longer matches this one; empty when it does. */
    public List<String> staleness(Map<String, Map<String, String>> fresh) {
        return compare(hosts, fresh);
    }

    /** Why {@code fresh} fingerprints differ from {@code saved} ones, host by host; empty when equal. */
    public static List<String> compare(Map<String, Map<String, String>> saved, Map<String, Map<String, String>> fresh) {
        List<String> out = new ArrayList<>();
        for (var host : saved.entrySet()) {
            Map<String, String> now = fresh.getOrDefault(host.getKey(), Map.of());
            for (var c : host.getValue().entrySet()) {
                String was = c.getValue();
                String is = now.get(c.getKey());
                if (is == null) {
                    out.add(host.getKey() + ": " + c.getKey() + " is no longer needed (the host changed since planning)");
                } else if (!is.equals(was)) {
                    out.add(host.getKey() + ": " + c.getKey() + " was planned against a live state that has changed");
                }
            }
            now.keySet().stream().filter(k -> !host.getValue().containsKey(k))
                    .forEach(k -> out.add(host.getKey() + ": " + k + " is needed now but is not in the saved plan"));
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object o) {
        if (o instanceof Map<?, ?> m) {
            return (Map<String, Object>) m;
        }
        throw new IllegalArgumentException("malformed saved plan");
    }

    private static Map<String, String> strings(Map<String, Object> m) {
        Map<String, String> out = new LinkedHashMap<>();
        m.forEach((k, v) -> out.put(k, String.valueOf(v)));
        return out;
    }

    private static String string(Map<?, ?> doc, String key) {
        if (doc.get(key) instanceof String s) {
            return s;
        }
        throw new IllegalArgumentException("malformed saved plan: no " + key);
    }

    private static Optional<String> optional(Map<?, ?> doc, String key) {
        return doc.get(key) instanceof String s ? Optional.of(s) : Optional.empty();
    }
}
