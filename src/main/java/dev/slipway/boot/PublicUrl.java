package dev.slipway.boot;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * The address Docker engines and people reach this Slipway at ({@code server --public-url}), e.g.
 * {@code http://slipway.example:8080}; by default {@code http://127.0.0.1:<port>}, which only this host reaches. Its
 * {@link #registry()} is what comes before {@code /APP@sha256:…} in the image references Slipway hands out.
 */
public record PublicUrl(URI url) {
    private static final String FLAG = "--public-url";

    public PublicUrl {
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw invalid(url.toString(), "it must start with http:// or https://");
        }
        if (url.getHost() == null || url.getHost().isBlank()) {
            throw invalid(url.toString(), "it names no host");
        }
        String path = url.getRawPath() == null ? "" : url.getRawPath();
        if (!(path.isEmpty() || path.equals("/")) || url.getRawQuery() != null || url.getRawFragment() != null
                || url.getRawUserInfo() != null) {
            throw invalid(url.toString(), "it must be only scheme, host and port: Slipway serves /v2/ and /git/ "
                    + "at the root of that address");
        }
    }

    /** Reads {@code --public-url}; an IllegalArgumentException names the flag, the value and what to give. */
    public static PublicUrl parse(String text) {
        String given = text == null ? "" : text.strip();
        try {
            return new PublicUrl(new URI(given.endsWith("/") ? given.substring(0, given.length() - 1) : given));
        } catch (URISyntaxException e) {
            throw invalid(given, "it is not a URL (" + e.getReason() + ")");
        }
    }

    /** The default: this host's loopback address and the port the server listens on. */
    public static PublicUrl local(int port) {
        return new PublicUrl(URI.create("http://127.0.0.1:" + port));
    }

    /**
     * The registry as engines and clients name it, {@code HOST:PORT}: the port written out even when it is the
     * scheme's default (an image reference without a port means 443 to Docker).
     */
    public String registry() {
        int port = url.getPort() >= 0 ? url.getPort() : url.getScheme().equalsIgnoreCase("https") ? 443 : 80;
        return url.getHost() + ":" + port;
    }

    @Override
    public String toString() {
        return url.toString();
    }

    private static IllegalArgumentException invalid(String given, String why) {
        return new IllegalArgumentException(FLAG + " must be the address engines and users reach this Slipway at, "
                + "like http://slipway.example:8080 or https://slipway.example; got '" + given + "': " + why);
    }
}
