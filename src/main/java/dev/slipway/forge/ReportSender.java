package dev.slipway.forge;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends the outbox's due calls, each app's in order. 2xx: SENT. A 4xx other than 408/429 will not get better by
 * asking again: GAVE_UP at once with the forge's answer. Anything else (5xx, 408, 429, no answer) is tried again after
 * 1 s, 2 s, 4 s… (at most 5 min), and given up after {@link #ATTEMPTS} tries. The token goes into the request header
 * only: every error kept or logged has it masked.
 */
public final class ReportSender {
    private static final Logger LOG = LoggerFactory.getLogger(ReportSender.class);
    static final int ATTEMPTS = 10;
    static final Duration FIRST_RETRY = Duration.ofSeconds(1);
    static final Duration LONGEST_WAIT = Duration.ofMinutes(5);
    private static final int ERROR_LIMIT = 500;

    private final ForgeCallRepository calls;
    private final UpstreamRepository upstreams;
    private final ForgeCredentials credentials;
    private final HttpClient http;
    private final Clock clock;

    public ReportSender(ForgeCallRepository calls, UpstreamRepository upstreams, ForgeCredentials credentials,
                        HttpClient http, Clock clock) {
        this.calls = calls;
        this.upstreams = upstreams;
        this.credentials = credentials;
        this.http = http;
        this.clock = clock;
    }

    /** The client reports are sent with: 10 s to connect (each request has its own 10 s to answer). */
    public static HttpClient client() {
        // HTTP/1.1: no h2c upgrade dance with a forge's plain-HTTP test or proxy endpoints
        return HttpClient.newBuilder().connectTimeout(ForgeDialect.TIMEOUT).version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /** Sends until no app has a call due; returns how many calls were tried. */
    public int sendDue() {
        int tried = 0;
        List<ForgeCall> due;
        while (!(due = calls.due(clock.instant())).isEmpty() && !Thread.currentThread().isInterrupted()) {
            for (ForgeCall call : due) {
                try {
                    send(call);
                } catch (RuntimeException e) { // e.g. the secret could not be read: a failed try, not a stuck queue
                    failed(call, call.attempts() + 1, null, "could not be sent: " + e.getMessage(), "");
                }
                tried++;
            }
        }
        return tried;
    }

    /** Backoff after the {@code attempts}-th failed try: 1 s, 2 s, 4 s…, never more than 5 min. */
    static Duration backoff(int attempts) {
        int doublings = Math.min(attempts - 1, 20);
        Duration wait = FIRST_RETRY.multipliedBy(1L << doublings);
        return wait.compareTo(LONGEST_WAIT) > 0 ? LONGEST_WAIT : wait;
    }

    private void send(ForgeCall call) {
        int attempt = call.attempts() + 1;
        Optional<Upstream> upstream = upstreams.find(call.app())
                .filter(u -> u.forge().isPresent() && u.apiUrl().isPresent());
        if (upstream.isEmpty()) {
            giveUp(call, attempt, null, "the app no longer follows a repository on a forge");
            return;
        }
        Optional<String> token = credentials.read(call.app(), ForgeCredentials.TOKEN);
        if (token.isEmpty()) {
            giveUp(call, attempt, null, "no " + ForgeCredentials.TOKEN + " secret: set it with `slipway secret set "
                    + call.app() + " " + ForgeCredentials.TOKEN + "` (later reports will use it)");
            return;
        }
        String deploymentId = null;
        if (call.kind() == CallKind.DEPLOYMENT_STATUS) {
            Optional<String> created = calls.deploymentCall(call.app(), call.call().deployment())
                    .flatMap(ForgeCall::forgeIdentifier);
            if (created.isEmpty()) {
                giveUp(call, attempt, null, "the forge never created deployment #" + call.call().deployment()
                        + " (see its DEPLOYMENT report)");
                return;
            }
            deploymentId = created.get();
        }
        HttpRequest request;
        try {
            request = ForgeDialect.of(upstream.get().forge().get()).request(call, upstream.get(), token.get(),
                    deploymentId);
        } catch (IllegalArgumentException | IllegalStateException e) { // a bad API URL, a forge changed meanwhile
            giveUp(call, attempt, null, mask(e.getMessage(), token.get()));
            return;
        }
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            answered(call, attempt, response, token.get());
        } catch (IOException e) {
            failed(call, attempt, null, "no answer from " + request.uri().getHost() + ": " + e, token.get());
        } catch (InterruptedException e) {
            // stopping: the call stays PENDING and is sent after the restart (at least once: the forge may have it)
            Thread.currentThread().interrupt();
        }
    }

    private void answered(ForgeCall call, int attempt, HttpResponse<String> response, String token) {
        int status = response.statusCode();
        if (status / 100 == 2) {
            String forgeId = null;
            if (call.kind() == CallKind.DEPLOYMENT) {
                forgeId = idOf(response.body());
                if (forgeId == null) {
                    giveUp(call, attempt, status, mask("the forge created no deployment: " + response.body(), token));
                    return;
                }
            }
            calls.sent(call.id(), attempt, status, forgeId, clock.instant());
            return;
        }
        String error = "HTTP " + status + ": " + response.body();
        if (status / 100 == 4 && status != 408 && status != 429) {
            giveUp(call, attempt, status, mask(error, token));
        } else {
            failed(call, attempt, status, error, token);
        }
    }

    private void failed(ForgeCall call, int attempt, Integer status, String error, String token) {
        String masked = mask(error, token);
        if (attempt >= ATTEMPTS) {
            giveUp(call, attempt, status, masked);
            return;
        }
        Instant next = clock.instant().plus(backoff(attempt));
        LOG.info("forge report #{} of {} not sent (try {} of {}), trying again at {}: {}", call.id(), call.app(),
                attempt, ATTEMPTS, next, masked);
        calls.retry(call.id(), attempt, status, masked, next);
    }

    private void giveUp(ForgeCall call, int attempt, Integer status, String error) {
        LOG.warn("forge report #{} of {} ({} {}) given up at try {}: {}", call.id(), call.app(), call.kind(),
                call.call().commit(), attempt, error);
        calls.gaveUp(call.id(), attempt, status, error, clock.instant());
    }

    private static String idOf(String body) {
        try {
            JsonNode id = ForgeDialect.JSON.readTree(body).get("id");
            return id == null || id.isNull() ? null : id.asText();
        } catch (IOException e) {
            return null;
        }
    }

    /** The token never leaves in an error, even if a forge echoes it; long answers are cut. */
    static String mask(String error, String token) {
        String masked = token.isEmpty() ? error : error.replace(token, "***");
        masked = masked.replaceAll("\\s+", " ").strip();
        return masked.length() > ERROR_LIMIT ? masked.substring(0, ERROR_LIMIT) + "…" : masked;
    }
}
