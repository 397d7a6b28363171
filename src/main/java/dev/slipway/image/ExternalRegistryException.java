package dev.slipway.image;

import java.util.List;

/**
 * An external registry (one Slipway is a client of) refused or could not be reached; the built-in registry's own
 * refusals are {@link RegistryException}. The message carries the registry's own words (its
 * {@code errors[].code} and {@code message}) and the HTTP status, since that is what a person can act on:
 * {@code registry 127.0.0.1:5000 refused the manifest for app/web: MANIFEST_BLOB_UNKNOWN blob unknown to registry (HTTP 400)}.
 */
public final class ExternalRegistryException extends RuntimeException {
    private final int status;
    private final List<String> codes;

    ExternalRegistryException(String message, int status, List<String> codes) {
        super(message);
        this.status = status;
        this.codes = List.copyOf(codes);
    }

    ExternalRegistryException(String message, Throwable cause) {
        super(message, cause);
        this.status = 0;
        this.codes = List.of();
    }

    static ExternalRegistryException of(String message) {
        return new ExternalRegistryException(message, 0, List.of());
    }

    /** The HTTP status the registry answered, or 0 when it never answered (unreachable, bad content). */
    public int status() {
        return status;
    }

    /** The registry's error codes ({@code MANIFEST_BLOB_UNKNOWN}, {@code UNAUTHORIZED}, …), in its order. */
    public List<String> codes() {
        return codes;
    }
}
