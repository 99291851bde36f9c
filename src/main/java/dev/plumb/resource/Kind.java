package dev.plumb.resource;

import java.util.List;
import java.util.Optional;

import dev.plumb.config.KindReader;
import dev.plumb.model.Resource;
import dev.plumb.model.SourceFile;

/**
 * A resource kind: everything plumb knows about one sort of managed object, in one place. A kind
 * reads its key of a play ({@link #reader()}), recognises its specs ({@link #owns}), and for each
 * host in a run opens a {@link Part} that probes the live state, diffs it against the specs and
 * yields the {@link Step}s that apply the difference. The engine and the CLI name no kind; they
 * go through {@link Kinds}, the one list of kinds.
 */
public interface Kind {
    /** The key under a play that declares resources of this kind, e.g. {@code files}. */
    String key();

    /** Reads one play's value of {@link #key()} for one host into specs. */
    KindReader reader();

    /** Whether {@code resource} is one of this kind's specs. */
    boolean owns(Resource resource);

    /**
     * This kind's work on one host for one run. {@code resources} are the host's specs of this
     * kind (never empty), in declaration order.
     */
    Part open(HostRun run, List<Resource> resources) throws KindException;

    /**
     * For a user-defined kind (a module), what {@code plumb modules} shows of it: where it is
     * defined, its description and its key schema, as lines of text. Empty for a built-in kind.
     */
    default Optional<String> schema() {
        return Optional.empty();
    }

    /**
     * The files this kind was defined from (a module's file), which a saved plan fingerprints
     * like the playbook; none for a built-in kind.
     */
    default List<SourceFile> sources() {
        return List.of();
    }

    /** How this kind reads live state back as desired state; empty when it cannot. */
    default Optional<Importer> importer() {
        return Optional.empty();
    }
}
