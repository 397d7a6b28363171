package dev.slipway.web.api;

import dev.slipway.audit.KeyRotations;
import dev.slipway.auth.Role;
import dev.slipway.signing.PublicSigningKey;
import dev.slipway.signing.SigningKey;
import dev.slipway.signing.SigningKeys;
import dev.slipway.web.Permission;
import dev.slipway.web.Routes;
import java.util.Base64;
import java.util.List;

/**
 * /api/v1/keys: the public parts of the server's signing keys — the current one and every retired one — to check
 * what they signed (audit checkpoints, build provenance). Open to everyone, like a JWKS document: a public key
 * reveals nothing, and whoever checks a signature (an auditor, a deploy elsewhere) should not need a Slipway token to
 * fetch it. Record them the first time you see them: keys fetched from the same server later prove only that
 * server's word. {@code POST /api/v1/keys/rotate} (admin) makes a new current key.
 */
public final class KeysApi {
    static final List<String> SIGNS = List.of("audit checkpoints", "build provenance");

    private final SigningKeys keys;
    private final KeyRotations rotations;
    private final List<String> builderIds;

    /** {@code builderIds}: the ids this server's build provenance names as its builder, the current one first. */
    public KeysApi(SigningKeys keys, KeyRotations rotations, List<String> builderIds) {
        this.keys = keys;
        this.rotations = rotations;
        this.builderIds = List.copyOf(builderIds);
    }

    /**
     * {@code publicKey}: the raw 32 bytes, base64; {@code publicKeyPem}: X.509 SubjectPublicKeyInfo, for openssl;
     * {@code status}: current (signs now) or retired (verifies what it signed before {@code retiredAt}).
     */
    record KeyView(String id, String algorithm, String publicKey, String publicKeyPem, List<String> signs,
                   String status, String retiredAt) {}

    /**
     * {@code builder}: the builder id of this server's provenance now; {@code builders}: that one and those it signed
     * as under earlier public URLs (what {@code slipway provenance verify} accepts).
     */
    record KeyList(List<KeyView> keys, String builder, List<String> builders) {}

    record Rotated(String id, String retired) {}

    public void register(Routes routes) {
        routes.get("/api/v1/keys", Permission.anyone(), ctx -> ctx.json(new KeyList(
                keys.all().stream().map(KeysApi::view).toList(), builderIds.get(0), builderIds)));
        routes.post("/api/v1/keys/rotate", Permission.global(Role.ADMIN), ctx -> {
            String old = keys.current().id();
            SigningKey fresh = rotations.rotate(Routes.principal(ctx).user());
            ctx.json(new Rotated(fresh.id(), old));
        });
    }

    private static KeyView view(PublicSigningKey k) {
        return new KeyView(k.id(), SigningKey.ALGORITHM, Base64.getEncoder().encodeToString(k.publicKeyRaw()),
                k.publicKeyPem(), SIGNS, k.current() ? "current" : "retired",
                k.retiredAt().map(Views::time).orElse(null));
    }
}
