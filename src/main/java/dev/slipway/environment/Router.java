package dev.slipway.environment;

/** Sends an environment's public port to the process that is live for it. */
public interface Router {
    /** Starts listening on publicPort if needed and atomically points it at upstreamPort. */
    void route(String app, String environment, int publicPort, int upstreamPort);

    /** Keeps (or starts) listening on the public port but answers 502 until something is routed again. */
    void unroute(String app, String environment, int publicPort);

    /** Starts listening on the public port if not yet (answering 502 until something is routed); never unroutes. */
    void open(String app, String environment, int publicPort);

    /** Stops listening on the port: the environment is gone. */
    void release(int publicPort);

    String url(int publicPort);
}
