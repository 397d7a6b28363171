package dev.slipway.image;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * How {@link RegistryClient} talks to one registry: {@code /v2/} over plain HTTP on loopback ({@code 127.0.0.0/8},
 * {@code localhost}) and HTTPS elsewhere; every request first with the answer that worked last for its scope (or
 * none), a 401 answered as its challenge asks ({@link RegistryAuth}) and the request sent once more; a blob's
 * redirect to storage followed without the registry's credentials.
 */
final class RegistryHttp {
    static final Duration SMALL_REQUEST = Duration.ofSeconds(30);
    private static final int MAX_REDIRECTS = 5;

    private final String registry;
    private final URI base;
    private final HttpClient http;
    private final RegistryAuth auth;

    RegistryHttp(String registry, RegistryCredentials credentials, HttpClient http, Clock clock) {
        this.registry = registry;
        this.base = URI.create((isLoopback(registry) ? "http" : "https") + "://" + registry + "/v2/");
        this.http = http;
        this.auth = new RegistryAuth(registry, credentials, http, clock);
    }

    /**
     * Sends with the answer that worked last for the scope; on 401 answers the challenge and sends once more. A second
     * 401 is the registry refusing these credentials, reported in its own words.
     */
    <T> HttpResponse<T> send(String scope, String what, Supplier<HttpRequest.Builder> request,
                             HttpResponse.BodyHandler<T> handler) {
        HttpRequest.Builder first = request.get();
        auth.cached(scope).ifPresent(header -> first.header("Authorization", header));
        HttpResponse<T> response = exchange(first.build(), handler);
        if (response.statusCode() != 401) {
            return response;
        }
        String challenge = response.headers().firstValue("WWW-Authenticate").orElse("");
        byte[] refusal = drain(response);
        if (challenge.isEmpty()) {
            throw RegistryErrors.refused(registry, what + " (it asked for no authentication scheme)", 401, refusal);
        }
        String answer = auth.answer(challenge, scope);
        response = exchange(request.get().header("Authorization", answer).build(), handler);
        if (response.statusCode() == 401) {
            byte[] body = drain(response);
            throw RegistryErrors.refused(registry, what + " with the credentials given", 401,
                    body.length > 0 ? body : whyRefused(answer));
        }
        return response;
    }

    /** A HEAD refusal has no body; the registry's own words come from asking {@code /v2/} the same way. */
    private byte[] whyRefused(String answer) {
        HttpRequest ping = HttpRequest.newBuilder(base).header("Authorization", answer).timeout(SMALL_REQUEST).GET().build();
        return exchange(ping, bytes()).body();
    }

    private <T> HttpResponse<T> exchange(HttpRequest request, HttpResponse.BodyHandler<T> handler) {
        try {
            return http.send(request, handler);
        } catch (IOException e) {
            throw new ExternalRegistryException("cannot reach registry " + registry + " at " + base + ": " + e
                    + (base.getScheme().equals("https") ? " (Slipway speaks HTTPS to registries not on 127.0.0.1)" : ""), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ExternalRegistryException("interrupted while talking to registry " + registry, e);
        }
    }

    HttpRequest.Builder request(String repository, String path) {
        return HttpRequest.newBuilder(base.resolve(repository + "/" + path));
    }

    URI location(HttpResponse<?> response, String what) {
        String location = response.headers().firstValue("Location").orElseThrow(() -> ExternalRegistryException.of(
                "registry " + registry + " started an upload of " + what + " without saying where (no Location)"));
        return base.resolve(location);
    }

    /**
     * Follows a blob's redirect (at most {@value #MAX_REDIRECTS}) the way registries mean it: to storage that
     * authorizes the URL itself, so the registry's {@code Authorization} is not sent there.
     */
    HttpResponse<InputStream> followed(HttpResponse<InputStream> response) {
        for (int hop = 0; hop < MAX_REDIRECTS && isRedirect(response.statusCode()); hop++) {
            Optional<String> location = response.headers().firstValue("Location");
            drain(response);
            if (location.isEmpty()) {
                throw ExternalRegistryException.of("registry " + registry + " redirected a blob request without a Location");
            }
            URI next = response.uri().resolve(location.get());
            response = exchange(HttpRequest.newBuilder(next).GET().build(), HttpResponse.BodyHandlers.ofInputStream());
        }
        return response;
    }

    private static boolean isRedirect(int status) {
        return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
    }

    static byte[] drain(HttpResponse<?> response) {
        Object body = response.body();
        if (body instanceof byte[] bytes) {
            return bytes;
        }
        if (body instanceof InputStream in) {
            try (in) {
                return in.readNBytes(64 * 1024);
            } catch (IOException e) {
                return new byte[0];
            }
        }
        return new byte[0];
    }

    static boolean isLoopback(String registry) {
        String host = registry.startsWith("[") ? registry.substring(0, registry.indexOf(']') + 1)
                : registry.split(":")[0];
        return host.equals("localhost") || host.equals("[::1]") || host.matches("127(\\.[0-9]{1,3}){3}");
    }

    private static HttpResponse.BodyHandler<byte[]> bytes() {
        return HttpResponse.BodyHandlers.ofByteArray();
    }
}
