package dev.plumb.transport.ssh;

/**
 * A host could not be reached or a command could not be run. {@link #getMessage()} is a single
 * line naming the host, its address and the cause, fit to show an operator as it is.
 */
public final class TransportException extends Exception {
    private final String host;

    public TransportException(String host, String message, Throwable cause) {
        super(message, cause);
        this.host = host;
    }

    public TransportException(String host, String message) {
        this(host, message, null);
    }

    public String host() {
        return host;
    }
}
