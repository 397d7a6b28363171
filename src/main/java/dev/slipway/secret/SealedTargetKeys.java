package dev.slipway.secret;

import dev.slipway.target.TargetKeySeal;

/** Targets' TLS client keys, sealed with the data directory's secret key like every secret value. */
public final class SealedTargetKeys implements TargetKeySeal {
    private final SecretBox box;

    public SealedTargetKeys(SecretBox box) {
        this.box = box;
    }

    @Override
    public String seal(String target, String keyPem) {
        return box.seal(new TargetKeyId(target), keyPem);
    }

    @Override
    public String open(String target, String sealed) {
        return box.open(new TargetKeyId(target), sealed);
    }
}
