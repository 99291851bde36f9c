package dev.plumb.resource.systemd;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import dev.plumb.model.Redactor;
import dev.plumb.model.Text;
import dev.plumb.plan.Action;
import dev.plumb.plan.Attr;
import dev.plumb.plan.Change;
import dev.plumb.plan.ContentDiff;
import dev.plumb.resource.file.FilePlanner;
import dev.plumb.resource.file.FileState;

/**
 * Pure diff of one declared service against systemd's view of it. Produces at most two changes:
 * one for the unit itself (file, enablement, running state) and one restart.
 */
public final class ServicePlanner {
    private ServicePlanner() {}

    /** Where plumb keeps the unit files it manages. */
    public static String unitPath(String unit) {
        return "/etc/systemd/system/" + unit;
    }

    /** The planned changes and the operations that carry them out. */
    public record Result(List<Change> changes, ServiceOps ops, Optional<String> error) {}

    /**
     * @param restartReasons why a restart is wanted apart from a unit change (a notifying file
     *                       changed, a restart left pending by an interrupted run); empty if none
     */
    public static Result diff(ServiceSpec spec, FileState unitFile, UnitState unit, List<String> restartReasons,
                              Redactor redactor) {
        Result r = plan(spec, unitFile, unit, restartReasons, redactor);
        String live = FilePlanner.live(unitFile) + " " + unit.loadState() + " " + unit.activeState() + " "
                + unit.unitFileState();
        return new Result(r.changes().stream().map(c -> c.withLive(live)).toList(), r.ops(), r.error());
    }

    private static Result plan(ServiceSpec spec, FileState unitFile, UnitState unit, List<String> restartReasons,
                               Redactor redactor) {
        String name = spec.name();
        if (spec.state() == ServicePresence.ABSENT) {
            boolean present = !(unitFile instanceof FileState.Absent) || unit.exists();
            if (!present) {
                return new Result(List.of(), ServiceOps.none(name), Optional.empty());
            }
            List<Attr> attrs = new ArrayList<>();
            if (unit.running()) {
                attrs.add(Attr.of("state", "running", "stopped"));
            }
            if (unit.enabled()) {
                attrs.add(Attr.of("enabled", "true", "false"));
            }
            return new Result(List.of(Change.of(spec.address(), Action.DELETE, attrs)),
                    new ServiceOps(name, Optional.empty(), !(unitFile instanceof FileState.Absent),
                            unit.enabled() ? Optional.of(false) : Optional.empty(), false, unit.running(), false),
                    Optional.empty());
        }
        if (spec.unit().isEmpty() && !unit.exists()) {
            return new Result(List.of(), ServiceOps.none(name), Optional.of("unit " + name
                    + " does not exist on the host; declare its content with unit: or unit_file:"));
        }

        List<Attr> attrs = new ArrayList<>();
        Optional<String> diff = Optional.empty();
        Optional<Text> writeUnit = Optional.empty();
        if (spec.unit().isPresent()) {
            Text body = spec.unit().get();
            Optional<String> live = unitFile instanceof FileState.Regular r
                    ? Optional.of(r.sha256()) : Optional.empty();
            if (live.isEmpty() || !live.get().equals(FilePlanner.sha256(body.reveal()))) {
                writeUnit = Optional.of(body);
                String before = unitFile instanceof FileState.Regular r
                        ? r.content().map(b -> new String(b, java.nio.charset.StandardCharsets.UTF_8)).orElse("")
                        : "";
                diff = ContentDiff.unified(unitPath(name), before, body, redactor);
                attrs.add(Attr.of("unit file", live.isPresent() ? "differs" : null, unitPath(name)));
            }
        }
        Optional<Boolean> enable = spec.enabled().filter(e -> e != unit.enabled());
        enable.ifPresent(e -> attrs.add(Attr.of("enabled", String.valueOf(!e), String.valueOf(e))));

        boolean wantRunning = spec.state() == ServicePresence.RUNNING;
        boolean start = wantRunning && !unit.running();
        boolean stop = !wantRunning && unit.running();
        if (start || stop) {
            attrs.add(Attr.of("state", unit.running() ? "running" : "stopped", wantRunning ? "running" : "stopped"));
        }

        List<String> reasons = new ArrayList<>(restartReasons);
        if (writeUnit.isPresent()) {
            reasons.add(0, "unit file changed");
        }
        boolean restart = wantRunning && unit.running() && !reasons.isEmpty();

        List<Change> changes = new ArrayList<>();
        if (!attrs.isEmpty()) {
            Action action = unitFile instanceof FileState.Absent && !unit.exists() ? Action.CREATE : Action.UPDATE;
            changes.add(Change.of(spec.address(), action, attrs).withDiff(diff));
        }
        if (restart) {
            changes.add(Change.of(spec.address(), Action.RESTART, List.of()).withReason(String.join("; ", reasons)));
        }
        return new Result(changes, new ServiceOps(name, writeUnit, false, enable, start, stop, restart),
                Optional.empty());
    }
}
