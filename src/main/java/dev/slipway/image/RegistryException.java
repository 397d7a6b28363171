package dev.slipway.image;

/**
 * A registry request refused with one of the spec's error codes; {@code detail} is the spec's free-form detail
 * (usually the digest, tag or name it is about), {@code status} the HTTP status (the code's own unless a request
 * needs another, e.g. 416 for a chunk out of order).
 */
public final class RegistryException extends Exception {
    private final RegistryError code;
    private final String detail;
    private final int status;

    public RegistryException(RegistryError code, String message, String detail) {
        this(code, message, detail, code.status());
    }

    public RegistryException(RegistryError code, String message, String detail, int status) {
        super(message);
        this.code = code;
        this.detail = detail;
        this.status = status;
    }

    public RegistryError code() {
        return code;
    }

    public String detail() {
        return detail;
    }

    public int status() {
        return status;
    }
}
