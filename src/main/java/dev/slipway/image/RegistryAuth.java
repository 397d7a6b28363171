package dev.slipway.image;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Answers a registry's {@code WWW-Authenticate} challenge the way registries expect: {@code Basic} → the
 * credentials; {@code Bearer realm=…,service=…,scope=…} → a token from the realm (asked with the credentials when
 * there are any, anonymously otherwise). The answer is kept per repository and action (the scope key), so the next
 * request for the same thing sends it at once instead of being challenged again; a token until shortly before it
 * expires.
 */
final class RegistryAuth {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The token spec's default when a token server does not say. */
    private static final Duration DEFAULT_TOKEN_LIFE = Duration.ofSeconds(60);
    private static final Duration MARGIN = Duration.ofSeconds(10);

    private final String registry;
    private final RegistryCredentials credentials;
    private final HttpClient http;
    private final Clock clock;
    private final Map<String, Answer> answers = new ConcurrentHashMap<>();

    private record Answer(String header, Instant until) {}

    RegistryAuth(String registry, RegistryCredentials credentials, HttpClient http, Clock clock) {
        this.registry = registry;
        this.credentials = credentials;
        this.http = http;
        this.clock = clock;
    }

    /** The {@code Authorization} value that worked last for this scope, while it is still good. */
    Optional<String> cached(String scopeKey) {
        Answer answer = answers.get(scopeKey);
        if (answer == null || clock.instant().isAfter(answer.until)) {
            return Optional.empty();
        }
        return Optional.of(answer.header);
    }

    /** Answers the challenge (a {@code WWW-Authenticate} value) for the scope and remembers the answer. */
    String answer(String challenge, String scopeKey) {
        answers.remove(scopeKey);
        Map<String, String> params = new LinkedHashMap<>();
        String scheme = parse(challenge, params);
        Answer answer = switch (scheme) {
            case "basic" -> basic();
            case "bearer" -> token(params, scopeKey);
            default -> throw ExternalRegistryException.of("registry " + registry + " asks for '" + challenge
                    + "' authentication, which Slipway does not speak (it speaks Basic and Bearer tokens)");
        };
        answers.put(scopeKey, answer);
        return answer.header;
    }

    private Answer basic() {
        if (credentials.isNone()) {
            throw new ExternalRegistryException("registry " + registry + " asks for a user and password and none were given: "
                    + "name an app-wide secret holding USER:PASSWORD as the registry's credentials", 401,
                    List.of("UNAUTHORIZED"));
        }
        return new Answer(credentials.basic(), Instant.MAX);
    }

    private Answer token(Map<String, String> params, String scopeKey) {
        String realm = params.get("realm");
        if (realm == null || realm.isBlank()) {
            throw ExternalRegistryException.of("registry " + registry + " asks for a Bearer token but names no realm to get one from");
        }
        StringBuilder query = new StringBuilder();
        if (params.containsKey("service")) {
            query.append("service=").append(encode(params.get("service")));
        }
        for (String scope : scopes(scopeKey, params.getOrDefault("scope", ""))) {
            query.append(query.isEmpty() ? "" : "&").append("scope=").append(encode(scope));
        }
        URI uri = URI.create(realm + (query.isEmpty() ? "" : (realm.contains("?") ? "&" : "?") + query));
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).GET();
        if (!credentials.isNone()) {
            request.header("Authorization", credentials.basic());
        }
        HttpResponse<byte[]> response = send(uri, request.build());
        if (response.statusCode() != 200) {
            throw RegistryErrors.refused(registry, "a token from " + uri.getHost() + " (its token server at " + realm
                    + ")", response.statusCode(), response.body());
        }
        return tokenAnswer(uri, response.body());
    }

    private Answer tokenAnswer(URI uri, byte[] body) {
        try {
            JsonNode json = JSON.readTree(body);
            String token = json.path("token").asText(json.path("access_token").asText(""));
            if (token.isEmpty()) {
                throw ExternalRegistryException.of("the token server " + uri.getHost() + " of registry " + registry
                        + " answered without a token");
            }
            long seconds = json.path("expires_in").asLong(DEFAULT_TOKEN_LIFE.toSeconds());
            Duration life = Duration.ofSeconds(Math.max(seconds, DEFAULT_TOKEN_LIFE.toSeconds())).minus(MARGIN);
            return new Answer("Bearer " + token, clock.instant().plus(life));
        } catch (IOException e) {
            throw ExternalRegistryException.of("the token server " + uri.getHost() + " of registry " + registry
                    + " answered something that is not JSON");
        }
    }

    private HttpResponse<byte[]> send(URI uri, HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new ExternalRegistryException("cannot reach the token server of registry " + registry + " at " + uri + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ExternalRegistryException("interrupted while asking " + uri + " for a token", e);
        }
    }

    /**
     * What the operation needs (a HEAD before a push is challenged for pull only, but the token must also allow the
     * push that follows), plus whatever else the challenge names.
     */
    static List<String> scopes(String scopeKey, String challenged) {
        List<String> scopes = new ArrayList<>(List.of(scopeKey.split(" ")));
        for (String scope : challenged.split(" ")) {
            String resource = scope.substring(0, Math.max(scope.lastIndexOf(':'), 0));
            if (!scope.isBlank() && scopes.stream().noneMatch(s -> s.startsWith(resource + ":"))) {
                scopes.add(scope);
            }
        }
        return scopes;
    }

    /** {@code Scheme k="v",k2=v2} → scheme (lower-case), params filled; quoted values may hold commas. */
    static String parse(String challenge, Map<String, String> params) {
        String text = challenge.strip();
        int space = text.indexOf(' ');
        String scheme = (space < 0 ? text : text.substring(0, space)).toLowerCase(Locale.ROOT);
        int i = space < 0 ? text.length() : space + 1;
        while (i < text.length()) {
            int eq = text.indexOf('=', i);
            if (eq < 0) {
                break;
            }
            String key = text.substring(i, eq).strip().toLowerCase(Locale.ROOT);
            StringBuilder value = new StringBuilder();
            int j = eq + 1;
            if (j < text.length() && text.charAt(j) == '"') {
                for (j++; j < text.length() && text.charAt(j) != '"'; j++) {
                    if (text.charAt(j) == '\\' && j + 1 < text.length()) {
                        j++;
                    }
                    value.append(text.charAt(j));
                }
                j++;
            } else {
                for (; j < text.length() && text.charAt(j) != ','; j++) {
                    value.append(text.charAt(j));
                }
            }
            params.put(key, value.toString().strip());
            int comma = text.indexOf(',', j);
            i = comma < 0 ? text.length() : comma + 1;
        }
        return scheme;
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
