package dev.plumb.config;

import dev.plumb.inventory.Host;
import dev.plumb.inventory.Inventory;
import dev.plumb.model.Sensitive;
import java.util.Map;
import java.util.Optional;

/**
 * What {@code ${...}} references resolve against while one play is read for one host. Without
 * a host (a play that selects none is still checked), {@code vars.*} and {@code host.*} are not
 * checked and leave their value unknown. A secret that could not be read is present with an
 * empty value: references to it fail quietly, its own diagnostic says why.
 */
record Scope(Optional<Host> host, Map<String, Object> vars, Map<String, Optional<Sensitive<String>>> secrets,
             Inventory inventory) {

    Optional<String> hostName() {
        return host.map(Host::name);
    }
}
