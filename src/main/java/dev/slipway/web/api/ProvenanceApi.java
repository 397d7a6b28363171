package dev.slipway.web.api;

import dev.slipway.Problem;
import dev.slipway.app.Apps;
import dev.slipway.artifact.Digest;
import dev.slipway.artifact.Provenances;
import dev.slipway.auth.Role;
import dev.slipway.web.Permission;
import dev.slipway.web.Routes;

/**
 * {@code GET /api/v1/apps/{app}/artifacts/{digest}/provenance}: the artifact's signed build provenance, a DSSE
 * envelope (payload type {@code application/vnd.in-toto+json}) exactly as recorded when its run succeeded. Check it
 * with the keys of {@code /api/v1/keys}, or {@code slipway provenance verify}.
 */
public final class ProvenanceApi {
    private final Apps apps;
    private final Provenances provenances;

    public ProvenanceApi(Apps apps, Provenances provenances) {
        this.apps = apps;
        this.provenances = provenances;
    }

    public void register(Routes routes) {
        routes.get("/api/v1/apps/{app}/artifacts/{digest}/provenance", Permission.onApp(Role.VIEWER), ctx -> {
            String app = apps.get(ctx.pathParam("app")).name();
            Digest digest;
            try {
                digest = Digest.parse(ctx.pathParam("digest"));
            } catch (IllegalArgumentException e) {
                throw Problem.invalid(e.getMessage());
            }
            String envelope = provenances.envelope(app, digest).map(e -> e.toJson()).orElseThrow(() -> Problem.notFound(
                    Provenances.none(digest)));
            ctx.contentType("application/json").result(envelope);
        });
    }
}
