package dev.slipway.target;

import java.util.Optional;

/**
 * What a target's engine client needs to connect: the endpoint and, for TLS, the PEM texts with the client key
 * opened. Server-side only: never in a response, a log line or an audit entry.
 */
public record TargetConnection(String name, TargetKind kind, String endpoint, Optional<String> caPem,
                               Optional<String> certPem, Optional<String> keyPem) {
    @Override
    public String toString() {
        return "TargetConnection[" + name + " " + endpoint + (keyPem.isPresent() ? " (TLS)" : "") + "]";
    }
}
