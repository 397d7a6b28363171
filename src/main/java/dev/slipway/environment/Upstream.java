package dev.slipway.environment;

/**
 * Where the router sends an environment's requests: a host and port a service (a local process, a container on a
 * Docker engine) answers on. Written {@code host:port} in the router's routes file and control channel.
 */
public record Upstream(String host, int port) {
    public Upstream {
        if (host == null || host.isBlank() || host.contains("/") || host.contains(" ")) {
            throw new IllegalArgumentException("an upstream's host is a name or address, got '" + host + "'");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("an upstream's port is 1-65535, got " + port);
        }
    }

    /** A service on this host, as local targets run them. */
    public static Upstream local(int port) {
        return new Upstream("127.0.0.1", port);
    }

    /** {@code host:port} (an IPv6 address in brackets: {@code [::1]:8080}). */
    public static Upstream parse(String text) {
        int colon = text == null ? -1 : text.lastIndexOf(':');
        if (colon <= 0 || colon == text.length() - 1) {
            throw new IllegalArgumentException("an upstream is HOST:PORT, like 127.0.0.1:8080, got '" + text + "'");
        }
        String host = text.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        try {
            return new Upstream(host, Integer.parseInt(text.substring(colon + 1)));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("an upstream is HOST:PORT, like 127.0.0.1:8080, got '" + text + "'");
        }
    }

    @Override
    public String toString() {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }
}
