package dev.slipway.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.slipway.image.TestImages.TestImage;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bearer tokens the way Docker Hub hands them out, against the real distribution registry configured with
 * {@code auth: token}: a small token server in this test signs JWTs with a key whose certificate (made by openssl)
 * the registry trusts, and only for a user who gives the right password.
 */
class RegistryTokenAuthTest {
    private static final String USER = "ci";
    private static final String PASSWORD = "token-pass";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path registryDir;

    static DistributionRegistry registry;
    static HttpServer tokenServer;
    static PrivateKey key;
    static String certificate;
    /** The scopes of every token request that was answered with a token. */
    static final List<String> issued = new CopyOnWriteArrayList<>();

    @TempDir
    Path dir;

    @BeforeAll
    static void start() throws Exception {
        Path keyFile = registryDir.resolve("key.pem");
        Path certFile = registryDir.resolve("cert.pem");
        Process openssl = new ProcessBuilder("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout",
                keyFile.toString(), "-out", certFile.toString(), "-days", "1", "-subj", "/CN=slipway-test-tokens")
                .redirectErrorStream(true).start();
        String out = new String(openssl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(openssl.waitFor()).as(out).isZero();
        key = KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(pem(keyFile)));
        certificate = Base64.getEncoder().encodeToString(pem(certFile));

        tokenServer = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        tokenServer.createContext("/token", RegistryTokenAuthTest::token);
        tokenServer.start();
        String realm = "http://127.0.0.1:" + tokenServer.getAddress().getPort() + "/token";
        registry = DistributionRegistry.withTokens(registryDir.resolve("registry"), realm, certFile);
    }

    @AfterAll
    static void stop() throws Exception {
        if (registry != null) {
            registry.close();
        }
        if (tokenServer != null) {
            tokenServer.stop(0);
        }
    }

    @BeforeEach
    void forget() {
        issued.clear();
    }

    @Test
    void tokenFromTheRealmLetsTheClientPushAndPull() throws Exception {
        RegistryClient client = RegistryClient.connect(registry.host, new RegistryCredentials(USER, PASSWORD));
        TestImage image = TestImages.image(dir.resolve("img"), "behind tokens");
        image.blobs().forEach((digest, file) -> client.pushBlob("team/web", digest, file, Optional.empty()));
        client.pushManifest("team/web", "1", image.mediaType(), image.manifest());

        assertThat(client.manifest(ImageReference.parse(registry.host + "/team/web:1")).digest()).isEqualTo(image.digest());
        assertThat(issued).contains("repository:team/web:pull,push", "repository:team/web:pull");
    }

    @Test
    void aTokenIsAskedForOncePerRepositoryAndAction() throws Exception {
        RegistryClient client = RegistryClient.connect(registry.host, new RegistryCredentials(USER, PASSWORD));
        TestImage image = TestImages.image(dir.resolve("img"), "cached token");
        image.blobs().forEach((digest, file) -> client.pushBlob("team/cached", digest, file, Optional.empty()));
        client.pushManifest("team/cached", "1", image.mediaType(), image.manifest());
        int afterPush = issued.size();

        for (int i = 0; i < 3; i++) {
            client.manifest(ImageReference.parse(registry.host + "/team/cached:1"));
        }
        client.pushManifest("team/cached", "2", image.mediaType(), image.manifest());

        assertThat(afterPush).isEqualTo(1);
        assertThat(issued).containsExactly("repository:team/cached:pull,push", "repository:team/cached:pull");
    }

    @Test
    void theTokenServerRefusingWrongCredentialsIsReported() {
        RegistryClient client = RegistryClient.connect(registry.host, new RegistryCredentials(USER, "wrong"));

        assertThatThrownBy(() -> client.manifest(ImageReference.parse(registry.host + "/team/web:1")))
                .isInstanceOf(ExternalRegistryException.class)
                .hasMessageContaining("refused a token from 127.0.0.1")
                .hasMessageContaining("UNAUTHORIZED wrong user or password")
                .hasMessageEndingWith("(HTTP 401)");
        assertThat(issued).isEmpty();
    }

    private static void token(HttpExchange exchange) throws IOException {
        String expected = "Basic " + Base64.getEncoder().encodeToString((USER + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8));
        if (!expected.equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
            respond(exchange, 401, "{\"errors\":[{\"code\":\"UNAUTHORIZED\",\"message\":\"wrong user or password\"}]}");
            return;
        }
        List<String> scopes = new ArrayList<>();
        for (String pair : exchange.getRequestURI().getRawQuery().split("&")) {
            if (pair.startsWith("scope=")) {
                scopes.add(URLDecoder.decode(pair.substring(6), StandardCharsets.UTF_8));
            }
        }
        issued.addAll(scopes);
        try {
            respond(exchange, 200, JSON.writeValueAsString(Map.of("token", jwt(scopes), "expires_in", 300)));
        } catch (Exception e) {
            respond(exchange, 500, e.toString());
        }
    }

    private static String jwt(List<String> scopes) throws Exception {
        List<Map<String, Object>> access = new ArrayList<>();
        for (String scope : scopes) {
            String[] parts = scope.split(":");
            access.add(Map.of("type", parts[0], "name", parts[1], "actions", List.of(parts[2].split(","))));
        }
        long now = Instant.now().getEpochSecond();
        String header = JSON.writeValueAsString(Map.of("typ", "JWT", "alg", "RS256", "x5c", List.of(certificate)));
        String claims = JSON.writeValueAsString(Map.of("iss", "test-issuer", "sub", USER, "aud", "test-registry",
                "exp", now + 300, "nbf", now - 10, "iat", now - 10, "jti", UUID.randomUUID().toString(), "access", access));
        Base64.Encoder url = Base64.getUrlEncoder().withoutPadding();
        String signed = url.encodeToString(header.getBytes(StandardCharsets.UTF_8)) + "."
                + url.encodeToString(claims.getBytes(StandardCharsets.UTF_8));
        Signature rsa = Signature.getInstance("SHA256withRSA");
        rsa.initSign(key);
        rsa.update(signed.getBytes(StandardCharsets.US_ASCII));
        return signed + "." + url.encodeToString(rsa.sign());
    }

    private static void respond(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    private static byte[] pem(Path file) throws IOException {
        String text = Files.readString(file).replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        return Base64.getDecoder().decode(text);
    }
}
