package dev.slipway.forge;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slipway.Problem;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Webhook deliveries from the forges, transport-free: the forge, the lower-cased headers and the raw body in; an
 * HTTP status and a message out. The signature is the authentication: a delivery is believed only for the apps whose
 * webhook secret signed it; it then becomes a {@link PushHint} for the mirror, answered at once (the fetch goes on
 * after the answer, and its line lands on the delivery's record). Every delivery for an app is recorded, refused
 * ones included, so "why did nothing happen?" has an answer in `slipway hooks APP`.
 */
public final class Webhooks {
    private static final Logger log = LoggerFactory.getLogger(Webhooks.class);
    /** The forges' pushes are far smaller; GitHub caps its payloads at 25 MB but trims commit lists long before. */
    public static final int MAX_BODY_BYTES = 1024 * 1024;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<Forge, HookFormat> FORMATS = Map.of(Forge.GITHUB, new GitHubHooks(),
            Forge.GITLAB, new GitLabHooks(), Forge.GITEA, new GiteaHooks());

    /** What to answer the forge: the HTTP status and a line that the forge shows in its delivery log. */
    public record Answer(int status, String message) {}

    private final UpstreamRepository upstreams;
    private final ForgeCredentials credentials;
    private final HookDeliveryRepository deliveries;
    private final ForgeLinks links;
    private final Mirrors mirrors;
    private final Clock clock;

    public Webhooks(UpstreamRepository upstreams, ForgeCredentials credentials, HookDeliveryRepository deliveries,
                    ForgeLinks links, Mirrors mirrors, Clock clock) {
        this.upstreams = upstreams;
        this.credentials = credentials;
        this.deliveries = deliveries;
        this.links = links;
        this.mirrors = mirrors;
        this.clock = clock;
    }

    /** The answer to a body over {@link #MAX_BODY_BYTES}, also when its Content-Length says so before reading. */
    public static Answer tooLarge() {
        return new Answer(413, "the delivery is larger than " + MAX_BODY_BYTES + " bytes: nothing was stored");
    }

    /** {@code body} holds at most {@link #MAX_BODY_BYTES} + 1 bytes: whoever reads the request reads no further. */
    public Answer receive(Forge forge, Map<String, String> headers, byte[] body) {
        if (body.length > MAX_BODY_BYTES) {
            return tooLarge();
        }
        HookFormat format = FORMATS.get(forge);
        ForgeEvent event;
        try {
            event = format.read(headers, parse(body));
        } catch (Problem e) {
            return new Answer(400, e.getMessage());
        }
        if (event.kind() == ForgeEvent.Kind.PING) {
            return new Answer(200, "pong");
        }
        if (event.repositoryUrls().isEmpty()) {
            return event.kind() == ForgeEvent.Kind.OTHER ? new Answer(200, "ignored: the " + event.event()
                    + " event names no repository") : new Answer(400, "the " + event.event()
                    + " delivery names no repository URL: it is not in " + forge.id() + "'s format");
        }
        List<Upstream> candidates = candidates(forge, event.repositoryUrls());
        if (candidates.isEmpty()) {
            return new Answer(404, "no app follows " + event.repositoryUrls().get(0) + " on " + forge.id());
        }
        List<Upstream> signed = new ArrayList<>();
        Map<String, String> refusals = new LinkedHashMap<>();
        for (Upstream upstream : candidates) {
            Optional<String> secret = credentials.read(upstream.app(), ForgeCredentials.WEBHOOK_SECRET);
            if (secret.isPresent() && format.signedWith(headers, body, secret.get())) {
                signed.add(upstream);
            } else {
                refusals.put(upstream.app(), secret.isEmpty()
                        ? "app has no " + ForgeCredentials.WEBHOOK_SECRET + " to check the signature with: set it "
                        + "with `slipway secret set " + upstream.app() + " " + ForgeCredentials.WEBHOOK_SECRET
                        + " --app-wide` and on the forge's webhook"
                        : format.signatureHeader() + " does not match the app's " + ForgeCredentials.WEBHOOK_SECRET);
            }
        }
        if (signed.isEmpty()) {
            return refuse(forge, event, refusals);
        }
        return accept(forge, event, signed);
    }

    private Answer refuse(Forge forge, ForgeEvent event, Map<String, String> refusals) {
        refusals.forEach((app, reason) -> {
            log.warn("{} delivery {} for app {} refused: {}", forge.id(), event.deliveryId(), app, reason);
            deliveries.record(delivery(app, forge, event, HookOutcome.REFUSED, reason));
        });
        return new Answer(401, "delivery " + event.deliveryId() + " is not signed with the "
                + ForgeCredentials.WEBHOOK_SECRET + " of any app following " + event.repositoryUrls().get(0)
                + ": set the same secret on the forge's webhook and in Slipway");
    }

    private Answer accept(Forge forge, ForgeEvent event, List<Upstream> signed) {
        boolean moves = event.kind() == ForgeEvent.Kind.MOVE;
        HookOutcome outcome = moves ? HookOutcome.ACCEPTED : HookOutcome.IGNORED;
        List<String> taken = new ArrayList<>();
        for (Upstream upstream : signed) {
            HookDelivery delivery = delivery(upstream.app(), forge, event, outcome,
                    moves ? "fetching" : "not a push, create or delete event");
            Optional<Long> id = deliveries.record(delivery);
            if (id.isEmpty() && deliveries.redelivered(delivery, HookOutcome.REFUSED)) {
                id = deliveries.find(upstream.app(), forge, event.deliveryId()).map(HookDelivery::id);
            }
            if (id.isEmpty()) {
                continue; // a replay: the first one was acted on
            }
            taken.add(upstream.app());
            if (moves) {
                hint(upstream.app(), id.get(), new PushHint(upstream.app(), event.deliveryId(), event.ref(),
                        event.before(), event.after(), links.pusherFor(forge, event.login())));
            }
        }
        if (taken.isEmpty()) {
            return new Answer(200, "already received: delivery " + event.deliveryId());
        }
        return moves ? new Answer(202, "accepted for " + String.join(", ", taken) + ": fetching " + event.ref())
                : new Answer(200, "ignored: " + event.event() + " moves no ref");
    }

    /** Hands the hint on and records what came of it when it comes; never waits for the fetch. */
    private void hint(String app, long id, PushHint hint) {
        CompletableFuture<String> fetched;
        try {
            fetched = mirrors.hinted(hint);
        } catch (RuntimeException e) {
            fetched = CompletableFuture.failedFuture(e);
        }
        fetched.whenComplete((line, error) -> {
            try {
                if (error == null) {
                    deliveries.settle(app, id, HookOutcome.ACCEPTED, HookOutcome.FETCHED, line);
                } else {
                    Throwable cause = error instanceof CompletionException && error.getCause() != null
                            ? error.getCause() : error;
                    log.warn("the mirror of app {} failed on delivery {}", app, hint.deliveryId(), cause);
                    deliveries.settle(app, id, HookOutcome.ACCEPTED, HookOutcome.ERRORED,
                            cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage());
                }
            } catch (RuntimeException e) {
                log.warn("cannot record what came of delivery {} for app {}", hint.deliveryId(), app, e);
            }
        });
    }

    /** The followed apps the payload's URLs name, on this forge (or on no forge in particular). */
    private List<Upstream> candidates(Forge forge, List<String> urls) {
        Set<String> keys = new LinkedHashSet<>(); // clone, ssh and web URLs mostly share one key: one query for it
        for (String url : urls) {
            try {
                keys.add(RepositoryUrls.key(url));
            } catch (IllegalArgumentException e) {
                // one odd URL among several; the others still name the repository
            }
        }
        Map<String, Upstream> byApp = new LinkedHashMap<>();
        for (String key : keys) {
            for (Upstream upstream : upstreams.findByUrlKey(key)) {
                if (upstream.forge().isEmpty() || upstream.forge().get() == forge) {
                    byApp.putIfAbsent(upstream.app(), upstream);
                }
            }
        }
        return List.copyOf(byApp.values());
    }

    /** An accepted delivery keeps what it hinted, so that it can be hinted again after a crash. */
    private HookDelivery delivery(String app, Forge forge, ForgeEvent event, HookOutcome outcome, String detail) {
        boolean hinted = outcome == HookOutcome.ACCEPTED;
        return new HookDelivery(app, 0, forge, event.deliveryId(), event.event(), event.ref(),
                clock.instant().truncatedTo(ChronoUnit.MILLIS), outcome, detail, hinted ? event.before() : null,
                hinted ? event.after() : null, hinted ? event.login() : null);
    }

    /**
     * Hints again, in the order each app received them, the deliveries accepted before the server stopped but never
     * settled (a kill -9 between the 202 and the mirror's line): called at start-up before polling starts, so that
     * their looks come before the start-up look and a linked pusher is still believed. Returns how many.
     */
    public int resumeUnsettled() {
        List<HookDelivery> unsettled = deliveries.unsettled();
        for (HookDelivery d : unsettled) {
            if (d.ref() == null || d.login() == null) { // recorded before deliveries kept their hints
                deliveries.settle(d.app(), d.id(), HookOutcome.ACCEPTED, HookOutcome.ERRORED, "the server stopped "
                        + "before this delivery's look ended; the look at start-up took what the forge serves");
                continue;
            }
            log.info("{}: delivery {} was accepted but not settled before the server stopped: looking again",
                    d.app(), d.deliveryId());
            hint(d.app(), d.id(), new PushHint(d.app(), d.deliveryId(), d.ref(), d.before(), d.after(),
                    links.pusherFor(d.forge(), d.login())));
        }
        return unsettled.size();
    }

    private static JsonNode parse(byte[] body) {
        try {
            JsonNode json = JSON.readTree(body);
            if (json == null || !json.isObject()) {
                throw Problem.invalid("the delivery's body is not a JSON object: send the webhook as "
                        + "application/json");
            }
            return json;
        } catch (JsonProcessingException e) {
            throw Problem.invalid("the delivery's body is not valid JSON (" + e.getOriginalMessage()
                    + "): send the webhook as application/json");
        } catch (java.io.IOException e) {
            throw new IllegalStateException("reading bytes in memory cannot fail", e);
        }
    }
}
