package dev.slipway.web.api;

import dev.slipway.signing.SigningKey;
import dev.slipway.web.Permission;
import dev.slipway.web.Routes;
import java.util.Base64;
import java.util.List;

/**
 * /api/v1/keys: the public part of the server's signing key, to check what it signs (audit checkpoints; build
 * provenance later). Open to everyone, like a JWKS document: a public key reveals nothing, and whoever checks a
 * signature (an auditor, a deploy elsewhere) should not need a Slipway token to fetch it. Record it the first time
 * you see it: a key fetched from the same server later proves only that server's word.
 */
public final class KeysApi {
    private final SigningKey key;

    public KeysApi(SigningKey key) {
        this.key = key;
    }

    /** {@code publicKey}: the raw 32 bytes, base64; {@code publicKeyPem}: X.509 SubjectPublicKeyInfo, for openssl. */
    record KeyView(String id, String algorithm, String publicKey, String publicKeyPem, List<String> signs) {}

    record KeyList(List<KeyView> keys) {}

    public void register(Routes routes) {
        routes.get("/api/v1/keys", Permission.anyone(), ctx -> ctx.json(new KeyList(List.of(new KeyView(key.id(),
                SigningKey.ALGORITHM, Base64.getEncoder().encodeToString(key.publicKeyRaw()), key.publicKeyPem(),
                List.of("audit checkpoints"))))));
    }
}
