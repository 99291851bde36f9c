package dev.plumb.resource;

import java.util.List;
import java.util.Optional;

import dev.plumb.model.Resource;

/**
 * A kind's way back: reads a host's live state and writes it as this kind's desired state (the
 * value of its play key), for {@code plumb import} and {@code plumb drift --adopt}. Reads only;
 * never changes a host. System objects (the {@code postgres} role, {@code pg_*} roles, template
 * databases, the admin's hba lines, settings at their defaults) are never imported.
 */
public interface Importer {
    /**
     * Why {@code scope} cannot be imported, or empty when it can. A scope is what follows the
     * kind's key in {@code --kinds KEY[:SCOPE]}: {@code ""} when none was given ({@code postgres}),
     * {@code "/etc/flask"} for {@code files:/etc/flask}, {@code "myapp"} for {@code services:myapp}.
     */
    Optional<String> checkScope(String scope);

    /**
     * The scope whose import holds {@code resource} (one of this kind's specs), for
     * {@code drift --adopt}: {@code ""} for the server of a PostgreSQL object, a file's path, a
     * unit's name. Empty when this kind cannot read it back.
     */
    default Optional<String> scopeOf(Resource resource) {
        return Optional.empty();
    }

    /** The import on one host of {@code scopes} (each checked, at least one), as {@code options} ask. */
    ImportPart open(HostRun run, List<String> scopes, ImportOptions options) throws KindException;
}
