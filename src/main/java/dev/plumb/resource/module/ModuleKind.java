package dev.plumb.resource.module;

import java.util.List;

import dev.plumb.config.KindReader;
import dev.plumb.model.Resource;
import dev.plumb.resource.HostRun;
import dev.plumb.resource.Kind;
import dev.plumb.resource.Part;

/** A module as a {@link Kind}: its play key is the module's name. */
public final class ModuleKind implements Kind {
    private final ModuleDef def;

    public ModuleKind(ModuleDef def) {
        this.def = def;
    }

    public ModuleDef def() {
        return def;
    }

    @Override
    public String key() {
        return def.name();
    }

    @Override
    public KindReader reader() {
        return (w, block, sources, sink) -> ModuleReader.read(def, w, block, sink);
    }

    @Override
    public boolean owns(Resource resource) {
        return resource instanceof ModuleSpec s && s.module().equals(def.name());
    }

    @Override
    public Part open(HostRun run, List<Resource> resources) {
        return new ModulePart(def, resources.stream().map(ModuleSpec.class::cast).toList());
    }
}
