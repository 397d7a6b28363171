package dev.slipway.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.boot.ServerConfig;
import dev.slipway.boot.Slipway;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The headers every answer carries (no sniffing, no framing, a CSP), and the dashboard's refusal of sign-ins and
 * form posts that another site's page sends (login CSRF), over real HTTP to a real server.
 */
class DashboardHeadersTest {
    static final String ADMIN = "slw_headersadmin.headers-admin-token-with-enough-entropy-0123456789";
    static final HttpClient HTTP = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    static final Pattern CSRF = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"");

    @TempDir
    static Path tmp;
    static Slipway slipway;

    @BeforeAll
    static void start() {
        slipway = Slipway.start(new ServerConfig(tmp, "127.0.0.1", 0, null, 2, Optional.of(ADMIN)));
    }

    @AfterAll
    static void stop() {
        if (slipway != null) {
            slipway.close();
        }
    }

    @Test
    void everyAnswerForbidsSniffingAndFraming() throws Exception {
        for (String path : List.of("/healthz", "/ui/signin", "/ui", "/ui/assets/htmx.min.js", "/ui/assets/slipway.js",
                "/api/v1/apps", "/api/v1/nothing-here", "/git/nope.git/info/refs?service=git-upload-pack")) {
            HttpResponse<String> response = get(path, null);
            assertThat(response.headers().firstValue("X-Content-Type-Options")).as(path).contains("nosniff");
            assertThat(response.headers().firstValue("X-Frame-Options")).as(path).contains("DENY");
            assertThat(response.headers().firstValue("Content-Security-Policy")).as(path).hasValueSatisfying(csp ->
                    assertThat(csp).contains("frame-ancestors 'none'").contains("script-src 'self'")
                            .contains("default-src 'self'").doesNotContain("unsafe-eval"));
        }
    }

    @Test
    void aSignInSentFromAnotherSiteIsRefusedWithoutASession() throws Exception {
        HttpResponse<String> crossOrigin = signIn("Origin", "http://evil.example");
        assertThat(crossOrigin.statusCode()).as(crossOrigin.body()).isEqualTo(403);
        assertThat(crossOrigin.body()).contains("another site");
        assertThat(crossOrigin.headers().allValues("Set-Cookie")).noneMatch(c -> c.startsWith("slipway_session="));

        HttpResponse<String> crossSite = signIn("Sec-Fetch-Site", "cross-site");
        assertThat(crossSite.statusCode()).isEqualTo(403);
        assertThat(crossSite.headers().allValues("Set-Cookie")).noneMatch(c -> c.startsWith("slipway_session="));
        HttpResponse<String> sameSiteOtherOrigin = signIn("Origin", slipway.url().replace("127.0.0.1", "localhost"));
        assertThat(sameSiteOtherOrigin.statusCode()).isEqualTo(403);

        HttpResponse<String> sameOrigin = signIn("Origin", slipway.url());
        assertThat(sameOrigin.statusCode()).as(sameOrigin.body()).isEqualTo(303);
        assertThat(sameOrigin.headers().allValues("Set-Cookie")).anyMatch(c -> c.startsWith("slipway_session="));
        assertThat(signIn("Sec-Fetch-Site", "same-origin").statusCode()).isEqualTo(303);
    }

    @Test
    void aDashboardPostFromAnotherSiteIsRefusedEvenWithTheSessionsCsrfToken() throws Exception {
        String cookie = cookieOf(signIn("Origin", slipway.url()));
        HttpResponse<String> page = get("/ui", cookie);
        assertThat(page.statusCode()).isEqualTo(200);
        Matcher csrf = CSRF.matcher(page.body());
        assertThat(csrf.find()).as(page.body()).isTrue();

        HttpResponse<String> forged = post("/ui/signout", "csrf=" + csrf.group(1), cookie, "Origin", "http://evil.example");
        assertThat(forged.statusCode()).as(forged.body()).isEqualTo(403);
        assertThat(get("/ui", cookie).statusCode()).as("still signed in").isEqualTo(200);

        HttpResponse<String> own = post("/ui/signout", "csrf=" + csrf.group(1), cookie, "Origin", slipway.url());
        assertThat(own.statusCode()).as(own.body()).isEqualTo(303);
        assertThat(get("/ui", cookie).statusCode()).as("signed out").isNotEqualTo(200);
    }

    private static HttpResponse<String> signIn(String header, String value) throws Exception {
        return post("/ui/signin", "token=" + URLEncoder.encode(ADMIN, StandardCharsets.UTF_8), null, header, value);
    }

    private static String cookieOf(HttpResponse<String> response) {
        String set = response.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith("slipway_session="))
                .findFirst().orElseThrow();
        return set.substring(0, set.indexOf(';'));
    }

    private static HttpResponse<String> get(String path, String cookie) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(slipway.url() + path));
        if (cookie != null) {
            b.header("Cookie", cookie);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> post(String path, String form, String cookie, String header, String value)
            throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(slipway.url() + path))
                .header("Content-Type", "application/x-www-form-urlencoded").header(header, value)
                .POST(HttpRequest.BodyPublishers.ofString(form));
        if (cookie != null) {
            b.header("Cookie", cookie);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}
