package dev.slipway.runner;

import java.util.Objects;
import java.util.Optional;

/**
 * A Docker engine {@code container:} jobs run on, as the admin registered it ({@code slipway executor add}): its
 * endpoint and, for TLS, the PEM texts with the client key opened. Server-side only: never logged with its key.
 */
public record JobEngine(String name, String endpoint, Optional<String> caPem, Optional<String> certPem,
                        Optional<String> keyPem) {
    public JobEngine {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(endpoint, "endpoint");
    }

    /** A socket on this host: the job's workspace is mounted; on a remote engine it is copied in and back. */
    public boolean local() {
        return endpoint.startsWith("unix:");
    }

    @Override
    public String toString() {
        return "JobEngine[" + name + " " + endpoint + (keyPem.isPresent() ? " (TLS)" : "") + "]";
    }
}
