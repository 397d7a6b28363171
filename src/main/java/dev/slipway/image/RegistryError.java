package dev.slipway.image;

/**
 * The error codes of the OCI distribution spec, each with the HTTP status the spec (or, where it is silent, the
 * CNCF distribution registry) answers it with. Clients read the code; the message says what to do.
 */
public enum RegistryError {
    BLOB_UNKNOWN(404),
    BLOB_UPLOAD_INVALID(400),
    BLOB_UPLOAD_UNKNOWN(404),
    DIGEST_INVALID(400),
    MANIFEST_BLOB_UNKNOWN(400),
    MANIFEST_INVALID(400),
    MANIFEST_UNKNOWN(404),
    NAME_INVALID(400),
    NAME_UNKNOWN(404),
    SIZE_INVALID(400),
    UNAUTHORIZED(401),
    DENIED(403),
    UNSUPPORTED(405),
    TOO_MANY_REQUESTS(429),
    /** Not in the spec's table: ours, when the registry itself failed (the CNCF registry answers the same). */
    UNKNOWN(500);

    private final int status;

    RegistryError(int status) {
        this.status = status;
    }

    public int status() {
        return status;
    }
}
