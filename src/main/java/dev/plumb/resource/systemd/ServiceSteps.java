package dev.plumb.resource.systemd;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import dev.plumb.model.ResourceAddress;
import dev.plumb.resource.Phase;
import dev.plumb.resource.Step;
import dev.plumb.shell.ShellLib;

import static dev.plumb.shell.Shell.quote;

/**
 * The steps that carry out one host's {@link ServiceOps}: due restarts recorded
 * ({@link Phase#RECORD}), unit files written or removed and one daemon-reload
 * ({@link Phase#UNITS}), units enabled or disabled ({@link Phase#ENABLE}; in {@link Phase#UNITS},
 * before that daemon-reload and without one of their own, when there is one), then one script that
 * stops, starts and restarts, waits until started units stay active, and only then clears the
 * recorded restarts ({@link Phase#SERVICES}); each started unit is verified by a step of its own.
 */
final class ServiceSteps {
    private static final String WAIT = """
            plumb_check() {
              plumb_i=0
              while [ "$plumb_i" -lt 100 ]; do
                plumb_s=$(systemctl is-active -- "$1" 2>/dev/null || true)
                [ "$plumb_s" = active ] || [ "$plumb_s" = failed ] && break
                sleep 0.1; plumb_i=$((plumb_i + 1))
              done
            }
            """;

    /** Fails (exit 3) with the unit's last journal lines unless it is active. */
    private static final String VERIFY = """
            plumb_s=$(systemctl is-active -- "$plumb_u" 2>/dev/null || true)
            if [ "$plumb_s" != active ]; then
              echo "$plumb_u is $plumb_s after start; last journal lines:" >&2
              journalctl -u "$plumb_u" -n 20 --no-pager -o short-iso 2>&1 | sed 's/^/    /' >&2 || true
              exit 3
            fi
            """;

    private ServiceSteps() {}

    /** {@code pending}: restarts recorded by an earlier run exist, to be cleared after this one's. */
    static List<Step> of(String host, List<ServiceOps> ops, boolean pending) {
        List<Step> steps = new ArrayList<>();
        for (ServiceOps s : ops) {
            if (s.restart()) {
                String unit = quote(s.unit());
                steps.add(script(Phase.RECORD, host, s, "record the due restart of " + s.unit(),
                        "mkdir -p -m 0700 /var/lib/plumb\n"
                        + "grep -qxF -- " + unit + ' ' + ServiceKind.PENDING_FILE + " 2>/dev/null || printf '%s\\n' "
                        + unit + " >> " + ServiceKind.PENDING_FILE + '\n'));
            }
        }
        boolean reload = false;
        for (ServiceOps s : ops) {
            if (s.removeUnit()) {
                steps.add(script(Phase.UNITS, host, s, "remove the unit file of " + s.unit(),
                        "systemctl disable --now -- " + quote(s.unit()) + " >/dev/null 2>&1 || true\n"
                        + ShellLib.remove(ServicePlanner.unitPath(s.unit()))));
            }
            s.writeUnit().ifPresent(text -> steps.add(script(Phase.UNITS, host, s, "write the unit file of " + s.unit(),
                    ShellLib.write(ServicePlanner.unitPath(s.unit()), "root", "root", "0644", text))));
            reload |= s.touchesUnitFile();
        }
        // systemctl enable and disable reload the manager themselves, unless told not to: when a
        // daemon-reload follows anyway, they go before it, told not to, so the manager reloads once.
        Phase enablePhase = reload ? Phase.UNITS : Phase.ENABLE;
        String noReload = reload ? " --no-reload" : "";
        for (ServiceOps s : ops) {
            s.enable().ifPresent(on -> steps.add(script(enablePhase, host, s, (on ? "enable " : "disable ") + s.unit(),
                    "systemctl " + (on ? "enable" : "disable") + " --quiet" + noReload + " -- " + quote(s.unit()) + '\n')));
        }
        if (reload) {
            steps.add(new Step.Script(Phase.UNITS, Optional.empty(), "systemctl daemon-reload",
                    "systemctl daemon-reload\n"));
        }
        if (ops.stream().anyMatch(s -> s.start() || s.stop() || s.restart()) || pending) {
            steps.add(new Step.Script(Phase.SERVICES, Optional.empty(), "starting services", services(ops)));
            // Each started unit is checked by a step of its own, so a failure names its service.
            for (ServiceOps s : ops) {
                if (s.start() || s.restart()) {
                    steps.add(script(Phase.SERVICES, host, s, "starting services",
                            "plumb_u=" + quote(s.unit()) + "\n" + VERIFY));
                }
            }
            steps.add(new Step.Script(Phase.SERVICES, Optional.empty(), "clearing recorded restarts",
                    "rm -f " + ServiceKind.PENDING_FILE + "\n"));
        }
        return steps;
    }

    private static Step script(Phase phase, String host, ServiceOps s, String describe, String text) {
        return new Step.Script(phase, Optional.of(new ResourceAddress(host, ServiceSpec.KIND, s.unit())), describe,
                text);
    }

    private static String services(List<ServiceOps> ops) {
        StringBuilder b = new StringBuilder(WAIT);
        for (ServiceOps s : ops) {
            if (s.stop() && !s.removeUnit()) {
                b.append("systemctl stop -- ").append(quote(s.unit())).append('\n');
            }
        }
        for (ServiceOps s : ops) {
            if (s.start()) {
                b.append("systemctl start -- ").append(quote(s.unit())).append(" || true\n");
            } else if (s.restart()) {
                b.append("plumb_restart ").append(quote(s.unit())).append(" || true\n");
            }
        }
        List<ServiceOps> started = ops.stream().filter(s -> s.start() || s.restart()).toList();
        if (!started.isEmpty()) {
            started.forEach(s -> b.append("plumb_check ").append(quote(s.unit())).append('\n'));
            // A service that dies right after starting is active for a moment: look again.
            b.append("sleep 0.5\n");
        }
        return b.toString();
    }
}
