package dev.plumb.plan;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
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
 * version, the desired-state files with their hashes, a keyed fingerprint of the secrets, how
 * each host was reached, and for every planned change a keyed fingerprint of the change and of
 * the live state it was planned against. It holds no secret: the shown plan is redacted and every
 * fingerprint is an HMAC under the {@link PlanKey}. The whole document is signed with an HMAC
 * under that key too ({@value #MAC}), which {@link #fromJson} checks before anything in it is
 * believed: an edited file, or one signed under another key, is refused.
 *
 * @param playbook  the playbook, relative to the plan file's directory
 * @param inventory the inventory, relative to the plan file's directory
 * @param shard     {@code I/N} when the plan was made with --shard (absent from the file otherwise)
 * @param sources   every desired-state file read (relative path → SHA-256)
 * @param targets   host → how it was reached, for every selected host
 * @param hosts     host → (address → fingerprint), in plan order
 */
public record SavedPlan(String plumbVersion, String playbook, String inventory, Optional<String> limit,
                        Optional<String> shard,
                        Optional<GitState> git, Map<String, String> sources, String secrets,
                        Map<String, Target> targets, Map<String, Map<String, String>> hosts, Plan plan) {

    public static final String MARKER = "plumb_saved_plan";
    /** 2: signed, with the hosts' SSH targets. */
    public static final int FORMAT = 2;
    /** The field holding the signature: HMAC-SHA256 over the canonical rest of the document. */
    public static final String MAC = "hmac";
    /** The most of a file read as a saved plan (its bytes); a plan is far smaller. */
    public static final long MAX_BYTES = JsonReader.MAX_LENGTH;
    /** Sets the signature apart from every other HMAC under the plan key. */
    private static final String DOMAIN = "plumb saved plan\n";

    /** How a host is reached over SSH; apply logs in nowhere else. */
    public record Target(String user, String address, int port) {
        @Override
        public String toString() {
            return user + "@" + (address.contains(":") ? "[" + address + "]" : address) + ":" + port;
        }
    }

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

    /** The signed document, as written to the plan file. */
    public String toJson(Keyed key) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put(MARKER, FORMAT);
        doc.put("plumb_version", plumbVersion);
        doc.put("playbook", playbook);
        doc.put("inventory", inventory);
        doc.put("limit", limit);
        shard.ifPresent(sh -> doc.put("shard", sh));
        doc.put("git_commit", git.map(GitState::commit));
        doc.put("git", git.map(SavedPlan::gitMap));
        doc.put("sources", sources);
        doc.put("secrets", secrets);
        Map<String, Object> ssh = new LinkedHashMap<>();
        targets.forEach((h, t) -> ssh.put(h, Map.of("user", t.user(), "address", t.address(), "port", t.port())));
        doc.put("ssh", ssh);
        doc.put("fingerprints", hosts);
        doc.put("plan", JsonRenderer.toMap(plan, "plan"));
        // Signed as it will be read back, so that writer and reader sign the very same value.
        doc.put(MAC, signature(key, (Map<?, ?>) JsonReader.read(Json.write(doc))));
        return Json.write(doc);
    }

    /** The {@code git} field of plan documents and saved plans. */
    public static Map<String, Object> gitMap(GitState g) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("commit", g.commit());
        m.put("paths", g.paths());
        m.put("dirty", g.dirty());
        m.put("allow_dirty", g.allowDirty());
        m.put("from_commit", g.fromCommit());
        return m;
    }

    private static Optional<GitState> git(Object value) {
        if (!(value instanceof Map<?, ?> m)) {
            return Optional.empty();
        }
        return Optional.of(new GitState(String.valueOf(m.get("commit")), list(m.get("paths")), list(m.get("dirty")),
                Boolean.TRUE.equals(m.get("allow_dirty")), Boolean.TRUE.equals(m.get("from_commit"))));
    }

    private static List<String> list(Object value) {
        return value instanceof List<?> l ? l.stream().map(String::valueOf).toList() : List.of();
    }

    /** True when {@code text} looks like a saved plan rather than a playbook. */
    public static boolean looksLikeOne(String text) {
        return text.stripLeading().startsWith("{") && text.contains("\"" + MARKER + "\"");
    }

    /**
     * Reads what apply needs back, once the signature proved the document is the one plumb wrote
     * under {@code key}; the shown plan is not read back (apply plans afresh).
     *
     * @throws IllegalArgumentException naming why: not JSON (say, truncated), not a saved plan, another
     *                                  format, unsigned, or a signature that does not match
     */
    public static SavedPlan fromJson(String text, Keyed key) {
        Object parsed;
        try {
            parsed = JsonReader.read(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not a whole saved plan (truncated, or not JSON): " + e.getMessage(), e);
        }
        if (!(parsed instanceof Map<?, ?> doc) || !(doc.get(MARKER) instanceof Number n)) {
            throw new IllegalArgumentException("not a saved plumb plan");
        }
        if (n.longValue() != FORMAT || !(n instanceof Long)) {
            throw new IllegalArgumentException("saved plan format " + n + " is not supported (this plumb reads "
                    + FORMAT + ")");
        }
        if (!(doc.get(MAC) instanceof String mac)) {
            throw new IllegalArgumentException("the saved plan carries no signature (" + MAC + ")");
        }
        if (!MessageDigest.isEqual(signature(key, doc).getBytes(StandardCharsets.UTF_8),
                mac.getBytes(StandardCharsets.UTF_8))) {
            throw new IllegalArgumentException("the saved plan's signature does not match: the file was changed"
                    + " after plumb plan wrote it, or it was signed under another plan key");
        }
        Map<String, Target> targets = new LinkedHashMap<>();
        map(doc.get("ssh")).forEach((h, v) -> {
            Map<String, Object> t = map(v);
            targets.put(h, new Target(string(t, "user"), string(t, "address"), integer(t, "port")));
        });
        Map<String, Map<String, String>> hosts = new LinkedHashMap<>();
        map(doc.get("fingerprints")).forEach((h, v) -> hosts.put(h, strings(map(v))));
        return new SavedPlan(string(doc, "plumb_version"), string(doc, "playbook"), string(doc, "inventory"),
                optional(doc, "limit"), optional(doc, "shard"), git(doc.get("git")), strings(map(doc.get("sources"))),
                string(doc, "secrets"), targets, hosts, new Plan(List.of()));
    }

    /** The signature of a document as read: the HMAC of its canonical text without {@value #MAC}. */
    private static String signature(Keyed key, Map<?, ?> doc) {
        Map<Object, Object> signed = new LinkedHashMap<>(doc);
        signed.remove(MAC);
        return key.hmac(DOMAIN + Json.canonical(signed));
    }

    /**
     * Why the hosts are not reached now ({@code now}: host → target) as when the plan was made: a
     * host resolved to another address, port or user, or a host selected then and not now or the
     * other way round. Empty when they are reached alike.
     */
    public List<String> movedTargets(Map<String, Target> now) {
        List<String> out = new ArrayList<>();
        targets.forEach((host, was) -> {
            Target is = now.get(host);
            if (is == null) {
                out.add(host + " was planned but is not selected now");
            } else if (!is.equals(was)) {
                out.add(host + " is now reached as " + is + ", the plan was made for " + was);
            }
        });
        now.keySet().stream().filter(h -> !targets.containsKey(h))
                .forEach(h -> out.add(h + " is selected now but is not in the saved plan"));
        return out;
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

    private static int integer(Map<?, ?> doc, String key) {
        if (doc.get(key) instanceof Long n && n == n.intValue()) {
            return n.intValue();
        }
        throw new IllegalArgumentException("malformed saved plan: no " + key);
    }

    private static Optional<String> optional(Map<?, ?> doc, String key) {
        return doc.get(key) instanceof String s ? Optional.of(s) : Optional.empty();
    }
}
