package dev.slipway.target;

import java.util.Objects;

/**
 * How Slipway speaks TLS to a target's engine: the CA that signed the engine's certificate, and the client
 * certificate the engine checks. The client key is kept sealed ({@link TargetKeySeal}); only the CA and the
 * certificate, which are public, are ever shown.
 */
public record TargetTls(String caPem, String certPem, String sealedKey) {
    public TargetTls {
        Objects.requireNonNull(caPem, "caPem");
        Objects.requireNonNull(certPem, "certPem");
        Objects.requireNonNull(sealedKey, "sealedKey");
    }
}
