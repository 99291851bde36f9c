package dev.plumb.resource.systemd;

/**
 * What systemd reports for one unit ({@code systemctl show}).
 *
 * @param loadState     loaded, not-found, ...
 * @param activeState   active, inactive, failed, activating, ...
 * @param unitFileState enabled, disabled, static, ... (empty when there is no unit file)
 * @param mainPid       0 when no process runs
 */
public record UnitState(String loadState, String activeState, String subState, String unitFileState,
                        long mainPid, boolean needDaemonReload) {

    public static final UnitState NOT_FOUND = new UnitState("not-found", "inactive", "dead", "", 0, false);

    public boolean exists() {
        return !"not-found".equals(loadState);
    }

    public boolean running() {
        return "active".equals(activeState) || "activating".equals(activeState) || "reloading".equals(activeState);
    }

    public boolean enabled() {
        return unitFileState.startsWith("enabled");
    }
}
