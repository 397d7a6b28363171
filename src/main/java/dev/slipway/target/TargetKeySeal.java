package dev.slipway.target;

/**
 * Seals a target's TLS client key at rest, the way secrets are sealed (implemented by {@code secret}, over the data
 * directory's secret key). The sealed text is bound to the target's name: copied onto another target, it does not open.
 */
public interface TargetKeySeal {
    String seal(String target, String keyPem);

    /** @throws IllegalStateException naming the target when it does not open with this server's key */
    String open(String target, String sealed);
}
