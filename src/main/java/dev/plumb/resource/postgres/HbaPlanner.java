package dev.plumb.resource.postgres;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import dev.plumb.model.Presence;
import dev.plumb.model.ResourceAddress;
import dev.plumb.model.Text;
import dev.plumb.plan.Action;
import dev.plumb.plan.Attr;
import dev.plumb.plan.Change;
import dev.plumb.plan.ContentDiff;
import dev.plumb.resource.postgres.PlanState.Phase;

/**
 * pg_hba rules, in {@link Phase#HBA}: plumb's managed block of pg_hba.conf rewritten whole (one
 * change per rule added, changed or removed; one for the block when only its order or foreign
 * lines differ), then a reload. With exclusive hba, rule lines outside the block that no rule
 * declares (compared as the server reads them, {@link HbaAccess#canonical}) are removed, except
 * the admin's; without it, lines outside the block are not plumb's and never drift. A file changed
 * since the server loaded it is a note, not a change: plumb reloads only after writing the file. A
 * file that would keep the admin's own connection out ({@link HbaAccess}) is refused. Needs the
 * server on the SSH host and a superuser admin; plans nothing when any error was found before, by
 * this kind or an earlier one.
 */
final class HbaPlanner {
    private final PlanState s;

    HbaPlanner(PlanState s) {
        this.s = s;
    }

    void plan() {
        List<HbaRule> hba = s.declared().hba();
        if (hba.isEmpty()) {
            return;
        }
        ServerState facts = s.facts();
        if (!facts.local()) {
            s.error("pg_hba rules: plumb edits pg_hba.conf over SSH, so the server must be on the SSH host"
                    + " (no direct:)");
            return;
        }
        if (facts.hba().isEmpty()) {
            s.error("pg_hba rules: reading pg_hba.conf needs a superuser admin");
            return;
        }
        for (HbaRule rule : hba) {
            HbaFile.check(rule).ifPresent(why -> s.error("hba " + s.r(rule.key()) + ": " + s.r(why)));
        }
        ServerState.Hba live = facts.hba().get();
        HbaFile.Parsed parsed = HbaFile.parse(live.content());
        if (parsed instanceof HbaFile.Broken b) {
            s.error(live.path() + ": " + b.why());
            return;
        }
        if (s.hasErrors()) {
            return;
        }
        Map<String, String> have = parsed instanceof HbaFile.Found found ? found.rules() : Map.of();
        List<String> liveErrors = live.errors().stream()
                .filter(e -> !(parsed instanceof HbaFile.Found found && e.line() >= found.firstLine()
                        && e.line() <= found.lastLine()))
                .map(ServerState.HbaError::toString).toList();
        boolean explained = false;
        Set<String> declared = new LinkedHashSet<>();
        for (HbaRule rule : hba) {
            declared.add(rule.key());
            String line = have.get(rule.key());
            if (rule.state() == Presence.ABSENT) {
                if (line != null) {
                    s.change(Phase.HBA, Change.of(rule.address(), Action.DELETE, List.of(removed(line))));
                    explained = true;
                }
                continue;
            }
            String want = HbaFile.line(rule, true);
            if (line == null) {
                s.change(Phase.HBA, Change.of(rule.address(), Action.CREATE,
                        List.of(s.textAttr("line", null, HbaFile.text(rule)))));
                explained = true;
            } else if (!line.equals(want)) {
                // The declaration or the file changed: plumb cannot tell which, so it gives no reason.
                s.change(Phase.HBA, Change.of(rule.address(), Action.UPDATE,
                        List.of(s.textAttr("line", line, HbaFile.text(rule)))));
                explained = true;
            }
        }
        for (Map.Entry<String, String> e : have.entrySet()) {
            if (!declared.contains(e.getKey())) {
                s.change(Phase.HBA, Change.of(new ResourceAddress(s.host(), PostgresKind.HBA.addressKind(), e.getKey()),
                        Action.DELETE, List.of(removed(e.getValue()))).withReason("no longer declared"));
                explained = true;
            }
        }
        String content = HbaFile.splice(HbaFile.without(live.content(), exclusive(live.content())),
                HbaFile.block(hba));
        boolean write = !content.equals(live.content());
        if (!liveErrors.isEmpty()) {
            String lines = live.path() + " has lines the server rejects outside plumb's block ("
                    + s.r(String.join("; ", liveErrors)) + ")";
            if (write) {
                s.error(lines + "; fix them first");
                return;
            }
            s.note(lines + "; they are not plumb's, and the server keeps its old rules until they are fixed");
        }
        if (!live.loaded()) {
            // A hand edit outside the block is not plumb's to load: a note, never drift, and no reload of its own.
            s.note(live.path() + " changed after the server last loaded it, so the server may still run older rules"
                    + (write ? "; the reload after plumb's write loads the whole file" : "; plumb leaves loading it"
                    + " (SELECT pg_reload_conf()) to whoever changed it"));
        }
        explained |= s.changes(Phase.HBA).stream().anyMatch(c -> c.action() == Action.DELETE);
        ResourceAddress block = new ResourceAddress(s.host(), PostgresKind.HBA.addressKind(), PgPlanner.HBA_BLOCK);
        if (write && !adminKeepsAccess(live, content)) {
            return;
        }
        if (write) {
            if (!explained) {
                Optional<String> diff = ContentDiff.unified(live.path(), live.content(),
                        HbaFile.withSpans(content, hba), s.redactor());
                s.change(Phase.HBA, Change.of(block, Action.UPDATE, List.of()).withDiff(diff)
                        .withReason("lines in the block that are not plumb's, or out of order"));
            }
            boolean secret = hba.stream().anyMatch(h -> h.options().values().stream().anyMatch(Text::sensitive));
            s.step(Phase.HBA, new PgStep.HbaWrite(live.path(), live.sha256(), Text.of(content, secret)));
            s.step(Phase.HBA, new PgStep.Reload());
        }
    }

    /**
     * Whether the admin can still log in once the server loads {@code after} in place of
     * {@code live}. A file that would keep its connection out is an error naming the line that
     * does (or the line whose removal does); one plumb cannot judge is a note: the apply logs in
     * anew after the reload and puts the old file back if that fails.
     */
    private boolean adminKeepsAccess(ServerState.Hba live, String after) {
        for (HbaAccess.Client c : adminClients()) {
            HbaAccess.Verdict v = HbaAccess.decide(after, c);
            String who = "the admin's connection (" + describe(c) + ")";
            if (v instanceof HbaAccess.Refused r) {
                s.error(live.path() + " would lock plumb out: " + who + " " + cutBy(r, live.content(), after, c)
                        + "; nothing was changed. Declare a rule that lets it in above any that refuses it, such as "
                        + suggestion(c));
                return false;
            }
            if (v instanceof HbaAccess.Unsure u) {
                s.note(live.path() + ": whether " + who + " is let in depends on line " + u.line().number() + " ("
                        + s.r(u.line().text()) + "): " + s.r(u.why()) + "; after the reload plumb logs in anew and"
                        + " puts the old file back if it cannot");
            }
        }
        return true;
    }

    /** What keeps {@code c} out of {@code after}: the line that refuses it, or the line that let it in before. */
    private String cutBy(HbaAccess.Refused r, String before, String after, HbaAccess.Client c) {
        if (r.line().isPresent()) {
            HbaAccess.Line l = r.line().get();
            return "would first match " + HbaFile.ruleAt(after, l.number()).map(k -> "hba rule " + s.r(k) + " at ")
                    .orElse("") + "line " + l.number() + " (" + s.r(l.text()) + "), which keeps it out: " + r.why();
        }
        String aside = s.r(r.why().substring(Math.min(r.why().length(), HbaAccess.NO_MATCH.length())));
        if (HbaAccess.decide(before, c) instanceof HbaAccess.Admitted a) {
            return "would match no line once line " + a.line().number() + " (" + s.r(a.line().text())
                    + "), which lets it in now, is gone" + aside;
        }
        return "would match no line" + aside;
    }

    /**
     * The admin's connection as the server will see it: as it saw the session that read the facts,
     * or, when they were read over the local socket (before a bootstrap), as the SSH tunnel brings
     * it: from 127.0.0.1, over TLS as sslmode asks (both ways when it only prefers or allows it).
     */
    private List<HbaAccess.Client> adminClients() {
        PostgresServer server = s.server();
        Optional<ServerState.Session> session = s.facts().session();
        String address = session.map(ServerState.Session::clientAddress).orElse("127.0.0.1");
        List<Boolean> tls = session.map(x -> List.of(x.ssl())).orElseGet(() ->
                switch (server.connection().security().sslmode()) {
                    case "disable" -> List.of(false);
                    case "allow", "prefer" -> List.of(false, true);
                    default -> List.of(true);
                });
        Set<String> roles = memberships(server.adminUser());
        return tls.stream().map(t -> new HbaAccess.Client(server.adminUser(), server.adminDatabase(), address, t,
                roles, server.allowCleartextPassword())).toList();
    }

    /** {@code role} and every role it belongs to, directly or not, as the plan leaves them. */
    private Set<String> memberships(String role) {
        Set<String> out = new LinkedHashSet<>();
        Deque<String> todo = new ArrayDeque<>(List.of(role));
        while (!todo.isEmpty()) {
            String r = todo.pop();
            if (out.add(r)) {
                s.declaredRole(r).filter(d -> d.state() == Presence.PRESENT).flatMap(RoleSpec::memberOf)
                        .map(ms -> ms.stream().map(RoleSpec.Member::role).toList())
                        .orElseGet(() -> Optional.ofNullable(s.facts().roles().get(r))
                                .map(live -> live.memberOf().stream().map(ServerState.Membership::role).toList())
                                .orElse(List.of()))
                        .forEach(todo::push);
            }
        }
        return out;
    }

    private String describe(HbaAccess.Client c) {
        return "TCP from " + c.address() + (c.ssl() ? " over TLS" : " without TLS") + ", user " + s.r(c.user())
                + ", database " + s.r(c.database());
    }

    /** A rule that lets {@code c} in, as the playbook would declare it. */
    private String suggestion(HbaAccess.Client c) {
        return "{type: " + (c.ssl() ? "hostssl" : "host") + ", database: " + s.r(c.database()) + ", user: "
                + s.r(c.user()) + ", address: " + c.address() + (c.address().indexOf(':') >= 0 ? "/128" : "/32")
                + ", method: scram-sha-256}";
    }

    /**
     * With {@code hba: {exclusive: true}}, the rule lines outside plumb's block that no declared
     * rule matches: each becomes a delete, and the lines to drop are returned. Lines for the
     * admin role are the server's own way in and are never touched.
     */
    private Set<Integer> exclusive(String content) {
        PostgresServer server = s.server();
        if (!server.exclusive().contains(PostgresKind.HBA)) {
            return Set.of();
        }
        Set<String> wanted = new LinkedHashSet<>();
        s.declared().hba().stream().filter(h -> h.state() == Presence.PRESENT)
                .forEach(h -> wanted.add(HbaAccess.canonical(HbaFile.line(h, true))));
        Set<Integer> drop = new LinkedHashSet<>();
        for (HbaFile.Outside o : HbaFile.outside(content)) {
            if (wanted.contains(HbaAccess.canonical(o.text())) || o.user().filter(u -> u.equals(server.adminUser())).isPresent()) {
                continue;
            }
            drop.add(o.line());
            s.change(Phase.HBA, Change.of(new ResourceAddress(s.host(), PostgresKind.HBA.addressKind(),
                            HbaFile.maskOptions(o.normalized(), s.redactor()::masked)), Action.DELETE,
                    List.of(removed(o.text())))
                    .withReason("not declared, and hba rules are exclusive"));
        }
        return drop;
    }

    /** A line plumb removes: its option values masked, since plumb cannot know which held a secret. */
    private Attr removed(String line) {
        return s.attr("line", HbaFile.maskOptions(line, s.redactor()::masked), null);
    }
}
