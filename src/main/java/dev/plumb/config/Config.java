package dev.plumb.config;

import java.nio.file.Path;
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
