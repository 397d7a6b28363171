package dev.slipway.image;

/** A manifest that cannot be accepted, with the OCI distribution error code that says why (e.g. MANIFEST_INVALID). */
public final class ManifestException extends Exception {
    private final String code;

    public ManifestException(String code, String message) {
        super(message);
        this.code = code;
    }

    public String code() {
        return code;
    }
}
