package dev.slipway.environment.local;

import dev.slipway.environment.Upstream;
import java.util.List;

/**
 * One environment's traffic as the router process holds it: the public port, whose it is, the upstreams it is
 * balanced across (round-robin), or — none — why not: {@code down} names the service's state (CRASHED,
 * RESTARTING: a 503 page), null is "nothing live" (502). Changing an environment is replacing its entry whole.
 */
public record RouteEntry(int port, String app, String environment, List<String> upstreams, String down) {
    public RouteEntry {
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("a route's port is 1-65535, got " + port);
        }
        if (app == null || app.isBlank() || environment == null || environment.isBlank()) {
            throw new IllegalArgumentException("the route on port " + port + " names no app and environment");
        }
        upstreams = upstreams == null ? List.of() : List.copyOf(upstreams);
        upstreams.forEach(Upstream::parse); // refused here, with the bad value, rather than at the first request
    }

    static RouteEntry to(String app, String environment, int port, List<Upstream> upstreams) {
        return new RouteEntry(port, app, environment, upstreams.stream().map(Upstream::toString).toList(), null);
    }

    static RouteEntry nothing(String app, String environment, int port) {
        return new RouteEntry(port, app, environment, List.of(), null);
    }

    static RouteEntry down(String app, String environment, int port, String state) {
        return new RouteEntry(port, app, environment, List.of(), state);
    }

    RouteEntry at(int other) {
        return new RouteEntry(other, app, environment, upstreams, down);
    }

    List<Upstream> parsedUpstreams() {
        return upstreams.stream().map(Upstream::parse).toList();
    }

    /** Makes the router serve this entry: one atomic change of the port's route. */
    void applyTo(LocalRouter router) {
        if (!upstreams.isEmpty()) {
            router.route(app, environment, port, parsedUpstreams());
        } else if (down != null) {
            router.down(app, environment, port, down);
        } else {
            router.unroute(app, environment, port);
        }
    }
}
