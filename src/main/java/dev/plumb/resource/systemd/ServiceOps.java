package dev.plumb.resource.systemd;

import java.util.Optional;

import dev.plumb.model.Text;

/**
 * The systemd operations one service needs, derived by {@link ServicePlanner}; the engine turns
 * them into script steps in a fixed order: unit files, enable/disable, one daemon-reload (when a
 * unit file changed; enable/disable then skip their own), then stop, start or restart.
 *
 * @param writeUnit  new unit file content for {@link ServicePlanner#unitPath}
 * @param removeUnit delete the managed unit file (state: absent)
 * @param enable     enable (true) or disable (false)
 */
public record ServiceOps(String unit, Optional<Text> writeUnit, boolean removeUnit, Optional<Boolean> enable,
                         boolean start, boolean stop, boolean restart) {

    public static ServiceOps none(String unit) {
        return new ServiceOps(unit, Optional.empty(), false, Optional.empty(), false, false, false);
    }

    public boolean touchesUnitFile() {
        return writeUnit.isPresent() || removeUnit;
    }

    public boolean isEmpty() {
        return !touchesUnitFile() && enable.isEmpty() && !start && !stop && !restart;
    }
}
