package dev.slipway.environment;

import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * Sends an environment's public port to the process that is live for it. A port the router cannot listen on (another
 * program holds it) never fails a call: the route is kept, the port is {@link #unavailable} and retried in the
 * background until it frees up, so one taken port cannot stop the server or the other environments.
 */
public interface Router {
    /** Starts listening on publicPort if needed and atomically points it at upstreamPort (on this host). */
    void route(String app, String environment, int publicPort, int upstreamPort);

    /**
     * Starts listening on publicPort if needed and atomically points it at all of {@code upstreams}, round-robin (the
     * containers of an environment's several targets); none is {@link #unroute}.
     */
    void route(String app, String environment, int publicPort, java.util.List<Upstream> upstreams);

    /** Keeps (or starts) listening on the public port but answers 502 until something is routed again. */
    void unroute(String app, String environment, int publicPort);

    /**
     * Nothing healthy serves the environment: its service is {@code state} (CRASHED, RESTARTING). Keeps listening
     * and answers 503 with a page that says so, until something is routed again.
     */
    default void down(String app, String environment, int publicPort, String state) {
        unroute(app, environment, publicPort);
    }

    /** Starts listening on the public port if not yet (answering 502 until something is routed); never unroutes. */
    void open(String app, String environment, int publicPort);

    /** Stops listening on the port: the environment is gone. */
    void release(int publicPort);

    String url(int publicPort);

    /** Why the router is not listening on a port it was asked to serve (which program holds it); empty if it is. */
    Optional<String> unavailable(int publicPort);

    /**
     * Moves what {@code from} serves to {@code to}: listens on {@code to} first, then runs {@code commit} (recording
     * the move), and only if it returns true moves the route and stops listening on {@code from}. Otherwise, or if
     * {@code to} cannot be listened on (thrown), nothing changes.
     */
    boolean move(String app, String environment, int from, int to, BooleanSupplier commit) throws PortUnavailableException;
}
