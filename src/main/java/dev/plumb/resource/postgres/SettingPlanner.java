package dev.plumb.resource.postgres;

import java.util.List;
import java.util.Optional;

import dev.plumb.model.Presence;
import dev.plumb.model.Sensitive;
import dev.plumb.model.Text;
import dev.plumb.plan.Action;
import dev.plumb.plan.Change;
import dev.plumb.resource.postgres.PlanState.Phase;

/**
 * Server settings, in {@link Phase#SETTINGS}: ALTER SYSTEM SET when the value the server runs
 * next (the one written and pending a restart, else the one in effect) differs, compared in the
 * setting's unit and against the server's own value as stored ({@link
 * ServerState.Setting#current()}, never a session's value or a "(disabled)" shown for it); a value
 * the server would refuse is an error at plan time ({@link SettingCheck}); ALTER SYSTEM RESET for
 * one declared absent that postgresql.auto.conf holds.
 * Either is followed by a reload. A setting read only at start also needs a restart, planned
 * with {@code restart: true} and a note otherwise; so does a value already written but pending.
 * A secret value is masked in what is shown, and so is the live value it replaces.
 */
final class SettingPlanner {
    private final PlanState s;

    SettingPlanner(PlanState s) {
        this.s = s;
    }

    void plan() {
        s.declared().settings().forEach(this::setting);
    }

    private void setting(SettingSpec spec) {
        ServerState.Setting meta = s.facts().settings().get(spec.name());
        String name = Sql.settingName(spec.name());
        if (spec.state() == Presence.ABSENT) {
            if (meta != null && meta.inAutoConf()) {
                s.deleteChange(Phase.SETTINGS, withRestartReason(spec, meta, Change.of(spec.address(),
                        Action.DELETE, List.of(s.attr("value", display(meta), null)))));
                s.deleteSql(Phase.SETTINGS, s.adminDb(), "ALTER SYSTEM RESET " + name, false);
                afterChange(spec, meta);
            }
            return;
        }
        Text value = spec.value().orElseThrow();
        if (meta == null && spec.name().indexOf('.') < 0) {
            s.error(spec.address(), "setting " + spec.name(), "the server has no such setting",
                    "check the name against pg_settings (SHOW ALL); an extension's settings are named ext.name");
            return;
        }
        if (meta != null && meta.context().equals("internal")) {
            s.error("setting " + spec.name() + " is fixed when PostgreSQL is built or the cluster created");
            return;
        }
        String want = value.reveal();
        Optional<SettingCheck.Problem> problem = meta == null ? Optional.empty() : SettingCheck.check(want, meta);
        if (problem.isPresent()) {
            s.error(spec.address(), "setting " + spec.name(), problem.get().message(), problem.get().hint());
            return;
        }
        boolean inEffect = meta != null && meta.current().stream()
                .anyMatch(v -> SettingValues.same(spec.name(), want, v, meta.vartype(), meta.unit()));
        boolean pendingDiffers = meta != null && meta.pending().isPresent()
                && !SettingValues.same(spec.name(), want, meta.pending().get(), meta.vartype(), meta.unit());
        if (inEffect && !pendingDiffers) {
            return;
        }
        if (meta != null && !inEffect && meta.pending().isPresent() && !pendingDiffers) {
            // Written already; only a restart makes it take effect.
            if (spec.restart()) {
                s.change(Phase.SETTINGS, Change.of(spec.address(), Action.RESTART,
                                List.of(s.textAttr("value", display(meta), value)))
                        .withReason("written, takes effect when the server restarts"));
                s.restart(spec.name());
            } else {
                s.note("setting " + spec.name() + " is written but takes effect only when the server restarts;"
                        + " plumb restarts it only with restart: true");
            }
            return;
        }
        String statement = "ALTER SYSTEM SET " + name + " = ";
        s.step(Phase.SETTINGS, new PgStep.Sql(s.adminDb(), Text.of(statement
                + SettingValues.sql(spec.name(), want), value.sensitive()), statement
                + (value.sensitive() ? Sensitive.MASK : SettingValues.sql(spec.name(), want)), false));
        s.change(Phase.SETTINGS, withRestartReason(spec, meta, Change.of(spec.address(),
                meta == null ? Action.CREATE : Action.UPDATE,
                List.of(s.textAttr("value", meta == null ? null : display(meta), value)))));
        afterChange(spec, meta);
    }

    /** Whether the setting is read only when the server starts. */
    private static boolean needsRestart(ServerState.Setting meta) {
        return meta != null && meta.context().equals("postmaster");
    }

    /** A change to a setting that needs a restart says whether one follows. */
    private static Change withRestartReason(SettingSpec spec, ServerState.Setting meta, Change c) {
        return needsRestart(meta) ? c.withReason(spec.restart() ? "needs a server restart, which follows"
                : "takes effect when the server restarts; plumb restarts it only with restart: true") : c;
    }

    private void afterChange(SettingSpec spec, ServerState.Setting meta) {
        s.reload();
        if (needsRestart(meta)) {
            if (spec.restart()) {
                s.restart(spec.name());
            } else {
                s.note("setting " + spec.name() + " takes effect only when the server restarts; plumb restarts"
                        + " it only with restart: true");
            }
        }
    }

    /**
     * The value the server runs with, as the server shows it with its unit ("128 × 8kB", "30s");
     * as stored for a string (shown as "(disabled)", say) or where the session's own value shows.
     */
    private static String display(ServerState.Setting meta) {
        String v = meta.sessionValue() || meta.vartype().equals("string") ? meta.stored().orElse(meta.setting())
                : meta.setting();
        return v + (v.matches("[-+]?[0-9.]+") ? meta.unit()
                .map(u -> (Character.isDigit(u.charAt(0)) ? " × " : "") + u).orElse("") : "");
    }
}
