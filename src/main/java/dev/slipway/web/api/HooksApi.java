package dev.slipway.web.api;

import dev.slipway.app.Apps;
import dev.slipway.auth.Role;
import dev.slipway.forge.Forge;
import dev.slipway.forge.HookDelivery;
import dev.slipway.forge.HookDeliveryRepository;
import dev.slipway.forge.Webhooks;
import dev.slipway.web.Errors;
import dev.slipway.web.Permission;
import dev.slipway.web.Routes;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code POST /hooks/github|gitlab|gitea}: the forges' webhook deliveries, open to anyone at the door because the
 * delivery's signature is its authentication ({@link Webhooks} checks it). {@code GET /api/v1/apps/{app}/hooks}: what
 * the app received, newest first.
 */
public final class HooksApi {
    private static final int DEFAULT_LIMIT = 50;

    private final Apps apps;
    private final Webhooks webhooks;
    private final HookDeliveryRepository deliveries;

    public HooksApi(Apps apps, Webhooks webhooks, HookDeliveryRepository deliveries) {
        this.apps = apps;
        this.webhooks = webhooks;
        this.deliveries = deliveries;
    }

    record Received(String message) {}

    record DeliveryView(long id, String deliveryId, String forge, String event, String ref, String receivedAt,
                        String outcome, String detail) {}

    record DeliveryList(String app, List<DeliveryView> deliveries) {}

    public void register(Routes routes) {
        for (Forge forge : Forge.values()) {
            routes.post("/hooks/" + forge.id(), Permission.anyone(), ctx -> receive(forge, ctx));
        }
        routes.get("/api/v1/apps/{app}/hooks", Permission.onApp(Role.VIEWER), ctx -> {
            String app = apps.get(ctx.pathParam("app")).name();
            ctx.json(new DeliveryList(app, deliveries.list(app,
                    Limits.of(ctx.queryParam("limit"), DEFAULT_LIMIT, HookDeliveryRepository.KEPT_PER_APP)).stream()
                    .map(HooksApi::view).toList()));
        });
    }

    private void receive(Forge forge, Context ctx) {
        Webhooks.Answer answer = ctx.contentLength() > Webhooks.MAX_BODY_BYTES
                ? Webhooks.tooLarge() // said up front: not one byte of it is read
                : webhooks.receive(forge, headers(ctx), head(ctx));
        if (answer.status() >= 400) {
            ctx.status(answer.status()).json(new Errors.Body(code(answer.status()), answer.message()));
        } else {
            ctx.status(answer.status()).json(new Received(answer.message()));
        }
    }

    /** At most one byte past the limit: enough to know it is over, and no further. */
    private static byte[] head(Context ctx) {
        try (InputStream body = ctx.bodyInputStream()) {
            return body.readNBytes(Webhooks.MAX_BODY_BYTES + 1);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the delivery's body", e);
        }
    }

    private static Map<String, String> headers(Context ctx) {
        Map<String, String> headers = new HashMap<>();
        ctx.headerMap().forEach((name, value) -> headers.put(name.toLowerCase(Locale.ROOT), value));
        return headers;
    }

    private static String code(int status) {
        return switch (status) {
            case 400 -> "invalid";
            case 401 -> "unauthenticated";
            case 404 -> "not_found";
            case 413 -> "too_large";
            default -> "internal";
        };
    }

    private static DeliveryView view(HookDelivery d) {
        return new DeliveryView(d.id(), d.deliveryId(), d.forge().id(), d.event(), d.ref(), Views.time(d.receivedAt()),
                d.outcome().name().toLowerCase(Locale.ROOT), d.detail());
    }
}
