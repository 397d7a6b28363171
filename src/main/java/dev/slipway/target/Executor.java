package dev.slipway.target;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A Docker engine an admin gave jobs to run on ({@code slipway executor add}): a job that says {@code container:}
 * runs there. Its endpoint and TLS are as for a {@link Target} (the client key sealed, {@code insecure} a plain
 * tcp:// endpoint the admin explicitly accepted); unlike a target it serves no environment and has no labels.
 */
public record Executor(String name, String endpoint, Optional<TargetTls> tls, boolean insecure, Instant createdAt,
                       String createdBy) {
    public Executor {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(tls, "tls");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(createdBy, "createdBy");
    }

    /** Whether the engine runs on this host (a unix socket): a job's workspace is then mounted, not copied. */
    public boolean local() {
        return endpoint.startsWith("unix:");
    }
}
