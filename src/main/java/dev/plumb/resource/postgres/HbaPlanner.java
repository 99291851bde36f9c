package dev.plumb.resource.postgres;

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
 * lines differ), then a reload; or only a reload when the file changed since the server loaded
 * it. With exclusive hba, rule lines outside the block that no rule declares are removed, except
 * the admin's. Needs the server on the SSH host and a superuser admin; plans nothing when any
 * error was found before, by this kind or an earlier one.
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
        if (!liveErrors.isEmpty()) {
            s.error(live.path() + " has lines the server rejects outside plumb's block ("
                    + s.r(String.join("; ", liveErrors)) + "); fix them first");
            return;
        }
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
        explained |= s.changes(Phase.HBA).stream().anyMatch(c -> c.action() == Action.DELETE);
        ResourceAddress block = new ResourceAddress(s.host(), PostgresKind.HBA.addressKind(), PgPlanner.HBA_BLOCK);
        if (!content.equals(live.content())) {
            if (!explained) {
                Optional<String> diff = ContentDiff.unified(live.path(), live.content(),
                        HbaFile.withSpans(content, hba), s.redactor());
                s.change(Phase.HBA, Change.of(block, Action.UPDATE, List.of()).withDiff(diff)
                        .withReason("lines in the block that are not plumb's, or out of order"));
            }
            boolean secret = hba.stream().anyMatch(h -> h.options().values().stream().anyMatch(Text::sensitive));
            s.step(Phase.HBA, new PgStep.HbaWrite(live.path(), live.sha256(), Text.of(content, secret)));
            s.step(Phase.HBA, new PgStep.Reload());
        } else if (!live.loaded()) {
            s.change(Phase.HBA, Change.of(block, Action.UPDATE, List.of())
                    .withReason("pg_hba.conf changed after the server last loaded it: reload"));
            s.step(Phase.HBA, new PgStep.Reload());
        }
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
                .forEach(h -> wanted.add(HbaFile.line(h, true).strip().replaceAll("\\s+", " ")));
        Set<Integer> drop = new LinkedHashSet<>();
        for (HbaFile.Outside o : HbaFile.outside(content)) {
            if (wanted.contains(o.normalized()) || o.user().filter(u -> u.equals(server.adminUser())).isPresent()) {
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
