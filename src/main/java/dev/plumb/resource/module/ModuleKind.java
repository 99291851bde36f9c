package dev.plumb.resource.module;

import dev.plumb.model.SourceFile;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import dev.plumb.config.KindReader;
import dev.plumb.config.ModuleReader;
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
    public List<SourceFile> sources() {
        return List.of(def.source());
    }

    @Override
    public String key() {
        return def.name();
    }

    @Override
    public Optional<String> schema() {
        StringBuilder b = new StringBuilder();
        b.append(def.name()).append(" (version ").append(def.version()).append(", ").append(def.source().path()).append(")\n")
                .append("  ").append(def.description()).append('\n');
        for (ModuleDef.KeySpec k : def.keys()) {
            List<String> notes = new ArrayList<>();
            notes.add(k.type().word());
            notes.add(k.identity() ? "identity" : k.required() ? "required" : "optional");
            k.defaultValue().ifPresent(d -> notes.add("default " + (d.contains("\n") ? "[" + d.replace("\n", ", ") + "]"
                    : "'" + d + "'")));
            if (!k.allowed().isEmpty()) {
                notes.add("one of " + String.join(", ", k.allowed()));
            }
            k.pattern().ifPresent(p -> notes.add("pattern " + p.pattern()));
            if (k.secret()) {
                notes.add("secret (on stdin: plumb_secret " + k.name() + ")");
            } else {
                notes.add("$" + k.variable());
            }
            b.append(String.format("    %-14s %s%n", k.name(), String.join(", ", notes)));
            if (!k.description().isEmpty()) {
                b.append(String.format("    %-14s   %s%n", "", k.description()));
            }
        }
        b.append("  state: present").append(def.snippets().delete().isPresent() ? " or absent" : " only (no delete snippet)")
                .append("; compared: ").append(def.compared().stream().map(ModuleDef.KeySpec::name)
                        .reduce((x, y) -> x + ", " + y).orElse("nothing")).append('\n');
        b.append("  runs ").append(def.stage() == ModuleDef.Stage.EARLY ? "early (before everything else)"
                : "late (after files and units, before services)").append(", each snippet at most ")
                .append(def.timeout().toSeconds()).append(" s");
        if (!def.needs().isEmpty()) {
            b.append("; needs ").append(String.join(", ", def.needs()));
        }
        if (!def.restart().isEmpty()) {
            b.append("; restarts ").append(String.join(", ", def.restart()));
        }
        return Optional.of(b.append('\n').toString());
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
