package dev.plumb.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.plumb.io.SourceTree;
import dev.plumb.resource.Kinds;

/** The one call the command line needs: inventory and playbook, every problem of both. */
public final class Config {
    private Config() {
    }

    /**
     * Loads {@code inventory} and {@code playbook}; the playbook is checked even when the
     * inventory has problems. {@code env} is where {@code {env: VAR}} secrets are looked up.
     */
    public static Loaded<Desired> load(Path playbook, Path inventory, Map<String, String> env) {
        return load(playbook, inventory, env, Kinds.builtIn().readers());
    }

    /** As {@link #load(Path, Path, Map)}, with the play keys {@code kinds} read. */
    public static Loaded<Desired> load(Path playbook, Path inventory, Map<String, String> env,
                                       Map<String, KindReader> kinds) {
        return load(playbook, inventory, env, kinds, SourceTree.DISK);
    }

    /**
     * {@code builtIn} and the modules in {@code dirs} (skipped when missing) and {@code required}
     * (which must exist), read from {@code tree}; every problem of every module file reported.
     */
    public static Loaded<Kinds> modules(Kinds builtIn, List<Path> dirs, List<Path> required, SourceTree tree) {
        List<String> taken = new ArrayList<>(builtIn.readers().keySet());
        taken.addAll(PlaybookLoader.playKeys());
        var loaded = ModuleLoader.load(dirs, required, tree, taken);
        return new Loaded<>(loaded.value().map(builtIn::withModules), loaded.diagnostics());
    }

    /**
     * As {@link #load(Path, Path, Map, Map)}, with the playbook, the inventory and the files they
     * name read from {@code tree} (secret files still from this machine).
     */
    public static Loaded<Desired> load(Path playbook, Path inventory, Map<String, String> env,
                                       Map<String, KindReader> kinds, SourceTree tree) {
        Problems problems = new Problems();
        Sources sources = new Sources(problems, tree);
        InventoryLoader.Partial partial = InventoryLoader.load(inventory, sources, problems);
        return PlaybookLoader.finish(PlaybookLoader.load(playbook, partial, env, kinds, sources, problems), problems);
    }
}
