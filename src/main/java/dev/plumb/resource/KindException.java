package dev.plumb.resource;

import java.util.Optional;

import dev.plumb.model.ResourceAddress;

/**
 * A part could not read, plan or apply on a host: an unreachable server, a refused statement, a
 * failed script. The message is one line (or a few) for the operator, already redacted, and
 * names the host or server; {@code address} is the resource it belongs to, when known.
 */
public final class KindException extends Exception {
    private final transient Optional<ResourceAddress> address;

    public KindException(String message, Throwable cause) {
        this(Optional.empty(), message, cause);
    }

    public KindException(Optional<ResourceAddress> address, String message, Throwable cause) {
        super(message, cause);
        this.address = address;
    }

    public Optional<ResourceAddress> address() {
        return address;
    }
}
