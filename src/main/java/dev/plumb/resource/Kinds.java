package dev.plumb.resource;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.plumb.config.KindReader;
import dev.plumb.model.Resource;
import dev.plumb.resource.file.FileKind;
import dev.plumb.resource.module.ModuleDef;
import dev.plumb.resource.module.ModuleKind;
import dev.plumb.resource.postgres.PgKind;
import dev.plumb.resource.systemd.ServiceKind;

/**
 * The registry: the one list of resource kinds. Order matters: a host's parts plan and apply in
 * this order, and a kind may look at the changes of the kinds before it (services after files).
 */
public final class Kinds {
    private static final Kinds BUILT_IN = new Kinds(List.of(
            new PgKind(),
            new FileKind(),
            new ServiceKind()));

    private final List<Kind> kinds;

    private Kinds(List<Kind> kinds) {
        Map<String, Kind> byKey = new LinkedHashMap<>();
        for (Kind k : kinds) {
            if (byKey.putIfAbsent(k.key(), k) != null) {
                throw new IllegalArgumentException("two kinds read the play key '" + k.key() + "'");
            }
        }
        this.kinds = List.copyOf(kinds);
    }

    /** The kinds plumb ships. */
    public static Kinds builtIn() {
        return BUILT_IN;
    }

    /** These kinds and {@code more}, which come last. */
    public Kinds with(Kind... more) {
        List<Kind> all = new ArrayList<>(kinds);
        all.addAll(List.of(more));
        return new Kinds(all);
    }

    /** These kinds and a kind for each module, in the order given; the modules come last. */
    public Kinds withModules(List<ModuleDef> modules) {
        return with(modules.stream().map(ModuleKind::new).toArray(Kind[]::new));
    }

    public List<Kind> all() {
        return kinds;
    }

    /** The play keys the kinds read, each with its reader. */
    public Map<String, KindReader> readers() {
        Map<String, KindReader> out = new LinkedHashMap<>();
        kinds.forEach(k -> out.put(k.key(), k.reader()));
        return out;
    }

    /** The kind whose spec {@code resource} is. */
    public Optional<Kind> of(Resource resource) {
        return kinds.stream().filter(k -> k.owns(resource)).findFirst();
    }
}
