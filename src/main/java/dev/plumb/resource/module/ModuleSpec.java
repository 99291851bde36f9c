package dev.plumb.resource.module;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

import dev.plumb.model.Presence;
import dev.plumb.model.Resource;
import dev.plumb.model.ResourceAddress;
import dev.plumb.model.Text;

/**
 * One declared object of a module, address {@code HOST/MODULE/ID} (the identity keys' values,
 * joined by {@code :}). {@code values} holds every key that was given or has a default, in
 * schema order, in canonical text form ({@link ModuleValues}); a secret key's value is a
 * sensitive {@link Text}.
 */
public record ModuleSpec(String host, String module, String id, Map<String, Text> values, Presence state)
        implements Resource {
    public ModuleSpec {
        Objects.requireNonNull(module, "module");
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(state, "state");
        values = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(values));
        if (id.isEmpty() || id.indexOf('\n') >= 0) {
            throw new IllegalArgumentException("an identity is one non-empty line");
        }
    }

    @Override
    public ResourceAddress address() {
        return new ResourceAddress(host, module, id);
    }
}
