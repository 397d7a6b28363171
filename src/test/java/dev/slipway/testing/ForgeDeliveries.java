package dev.slipway.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Webhook deliveries as the forges send them: GitHub's push and delete events in its documented format, signed with
 * X-Hub-Signature-256 (HMAC-SHA256 of the raw body, hex, "sha256=" prefix), posted to a Slipway server's
 * /hooks/github.
 */
public final class ForgeDeliveries {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    /** What a delivery was answered. */
    public record Answer(String deliveryId, int status, String body) {}

    private final String server;
    private final String repositoryUrl;

    public ForgeDeliveries(String server, String repositoryUrl) {
        this.server = server;
        this.repositoryUrl = repositoryUrl;
    }

    /** GitHub's push event: {@code ref} full, {@code after} 40 zeros for a deletion. */
    public byte[] githubPush(String ref, String before, String after, String login) {
        ObjectNode p = JSON.createObjectNode();
        p.put("ref", ref).put("before", before).put("after", after).put("created", before.matches("0+"))
                .put("deleted", after.matches("0+"));
        repository(p);
        p.putObject("pusher").put("name", login).put("email", login + "@users.noreply.github.com");
        p.putObject("sender").put("login", login).put("id", 1);
        return p.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** GitHub's delete event: a short ref name and its type, no commit. */
    public byte[] githubDelete(String shortRef, String refType, String login) {
        ObjectNode p = JSON.createObjectNode();
        p.put("ref", shortRef).put("ref_type", refType).put("pusher_type", "user");
        repository(p);
        p.putObject("sender").put("login", login).put("id", 1);
        return p.toString().getBytes(StandardCharsets.UTF_8);
    }

    private void repository(ObjectNode p) {
        p.putObject("repository").put("full_name", "acme/shop").put("clone_url", repositoryUrl)
                .put("html_url", repositoryUrl.replaceAll("\\.git$", "")).put("ssh_url", repositoryUrl);
    }

    public Answer sendGithub(String event, byte[] body, String secret) {
        return sendGithub(event, UUID.randomUUID().toString(), body, "sha256=" + hmac(secret, body));
    }

    public Answer sendGithub(String event, String deliveryId, byte[] body, String signature) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server + "/hooks/github"))
                .header("Content-Type", "application/json").header("User-Agent", "GitHub-Hookshot/test")
                .header("X-GitHub-Event", event).header("X-GitHub-Delivery", deliveryId)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (signature != null) {
            request.header("X-Hub-Signature-256", signature);
        }
        try {
            HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(deliveryId, response.statusCode(), response.body());
        } catch (IOException e) {
            throw new AssertionError("cannot deliver to " + server, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    public static String hmac(String secret, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new AssertionError(e);
        }
    }
}
