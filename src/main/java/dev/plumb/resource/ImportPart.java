package dev.plumb.resource;

import java.util.List;

/**
 * One kind's import on one host. The engine calls {@link #probe()} (every part's fragment joins
 * the host's one read round trip, as for {@link Part}), then {@link #read} with the lines this
 * part's fragment printed, then {@link #close}.
 */
public interface ImportPart extends AutoCloseable {
    /** A read-only POSIX shell fragment that prints the live state; empty when none is needed. */
    default String probe() {
        return "";
    }

    /** The live state as desired state. May read more (a catalog query) but never changes anything. */
    Imported read(List<String> probed) throws KindException;

    @Override
    default void close() {
    }
}
