package dev.slipway.environment;

/** The router could not listen on a port (another program holds it, most often); the message says which and who. */
public final class PortUnavailableException extends Exception {
    private final int port;

    public PortUnavailableException(int port, String message) {
        super(message);
        this.port = port;
    }

    public int port() {
        return port;
    }
}
