package dev.slipway.image;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slipway.artifact.Digest;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Optional;

/**
 * A client of one external registry speaking the OCI Distribution API (CNCF distribution, Docker Hub and the like):
 * manifests and blobs down, blobs and manifests up. How it authenticates and which scheme it speaks is
 * {@link RegistryHttp}'s. Content is checked against its digest on the way in, so nothing unverified is returned or
 * left on disk.
 */
public final class RegistryClient {
    /** The manifest kinds Slipway can read: OCI manifest and index, Docker schema 2 manifest and manifest list. */
    static final String ACCEPT = String.join(", ",
            "application/vnd.oci.image.manifest.v1+json",
            "application/vnd.oci.image.index.v1+json",
            "application/vnd.docker.distribution.manifest.v2+json",
            "application/vnd.docker.distribution.manifest.list.v2+json");
    private static final Duration SMALL_REQUEST = RegistryHttp.SMALL_REQUEST;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String registry;
    private final RegistryHttp http;

    /** A manifest as received: its digest (computed from {@code bytes} and checked), media type and exact bytes. */
    public record FetchedManifest(Digest digest, String mediaType, byte[] bytes) {}

    public RegistryClient(String registry, RegistryCredentials credentials, HttpClient http, Clock clock) {
        this.registry = registry;
        this.http = new RegistryHttp(registry, credentials, http, clock);
    }

    /**
     * A client with its own {@link HttpClient}. Redirects are not followed by it: a blob served from elsewhere (a
     * signed storage URL) is fetched by {@link #blob} without the registry's credentials.
     */
    public static RegistryClient connect(String registry, RegistryCredentials credentials) {
        HttpClient http = HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(10))
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        return new RegistryClient(registry, credentials, http, Clock.systemUTC());
    }

    public String registry() {
        return registry;
    }

    /** The manifest (or index) the reference names, its digest checked against the registry's and the reference's. */
    public FetchedManifest manifest(ImageReference reference) {
        requireHere(reference);
        String repository = reference.repository();
        String what = "the manifest " + reference;
        HttpResponse<byte[]> response = http.send(pull(repository), what, () -> http.request(repository, "manifests/"
                + reference.reference()).header("Accept", ACCEPT).timeout(SMALL_REQUEST).GET(), bytes());
        if (response.statusCode() != 200) {
            throw RegistryErrors.refused(registry, what, response.statusCode(), response.body());
        }
        byte[] bytes = response.body();
        Digest digest = sha256(bytes);
        Optional<String> said = response.headers().firstValue("Docker-Content-Digest");
        if (said.isPresent() && said.get().startsWith("sha256:") && !said.get().equals(digest.toString())) {
            throw ExternalRegistryException.of("registry " + registry + " sent " + what + " as " + said.get()
                    + " but its content has digest " + digest + ": not used");
        }
        if (reference.digest().isPresent() && !reference.digest().get().equals(digest)) {
            throw ExternalRegistryException.of("registry " + registry + " sent content with digest " + digest + " for " + what
                    + ": not used");
        }
        return new FetchedManifest(digest, mediaType(response, bytes), bytes);
    }

    /**
     * Streams the blob into {@code target}: written beside it, its digest checked, then renamed into place (durably).
     * On a mismatch or any failure, nothing is left at {@code target} or beside it.
     */
    public void blob(String repository, Digest digest, Path target) {
        String what = "blob " + digest + " of " + repository;
        HttpResponse<InputStream> response = http.followed(http.send(pull(repository), what,
                () -> http.request(repository, "blobs/" + digest).GET(), HttpResponse.BodyHandlers.ofInputStream()));
        try (InputStream body = response.body()) {
            if (response.statusCode() != 200) {
                throw RegistryErrors.refused(registry, what, response.statusCode(), body.readNBytes(64 * 1024));
            }
            Path partial = Files.createTempFile(target.toAbsolutePath().getParent(), "." + target.getFileName(), ".partial");
            try {
                Digest received = copy(body, partial);
                if (!received.equals(digest)) {
                    throw ExternalRegistryException.of("registry " + registry + " sent content with digest " + received
                            + " for " + what + ": not stored");
                }
                Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                sync(target.toAbsolutePath().getParent());
            } finally {
                Files.deleteIfExists(partial);
            }
        } catch (IOException e) {
            throw new ExternalRegistryException("could not receive " + what + " from registry " + registry + ": " + e, e);
        }
    }

    public boolean hasBlob(String repository, Digest digest) {
        return hasBlob(repository, digest, pull(repository));
    }

    /**
     * Uploads the file as the blob unless the registry already has it there. With {@code from} (another repository
     * on this registry), a cross-repository mount is asked for first; a registry that cannot mount answers with an
     * upload session, which is then used.
     */
    public void pushBlob(String repository, Digest digest, Path file, Optional<String> from) {
        String scope = push(repository) + from.map(f -> " " + pull(f)).orElse("");
        if (hasBlob(repository, digest, scope)) {
            return;
        }
        String what = "blob " + digest + " for " + repository;
        String query = from.map(f -> "?mount=" + digest + "&from=" + f).orElse("");
        HttpResponse<byte[]> started = http.send(scope, what, () -> http.request(repository, "blobs/uploads/" + query)
                .timeout(SMALL_REQUEST).POST(HttpRequest.BodyPublishers.noBody()), bytes());
        if (started.statusCode() == 201 && from.isPresent()) {
            return; // mounted
        }
        if (started.statusCode() != 202) {
            throw RegistryErrors.refused(registry, "an upload of " + what, started.statusCode(), started.body());
        }
        URI location = http.location(started, what);
        URI put = URI.create(location + (location.getRawQuery() == null ? "?" : "&") + "digest=" + digest);
        HttpResponse<byte[]> done = http.send(scope, what, () -> HttpRequest.newBuilder(put)
                .header("Content-Type", "application/octet-stream")
                .PUT(filePublisher(file)), bytes());
        if (done.statusCode() != 201) {
            throw RegistryErrors.refused(registry, what, done.statusCode(), done.body());
        }
    }

    /** Puts the manifest under the reference (a tag or its digest); returns the digest the registry answers. */
    public Digest pushManifest(String repository, String reference, String mediaType, byte[] bytes) {
        String what = "the manifest for " + repository;
        HttpResponse<byte[]> response = http.send(push(repository), what, () -> http.request(repository, "manifests/" + reference)
                .header("Content-Type", mediaType).timeout(SMALL_REQUEST)
                .PUT(HttpRequest.BodyPublishers.ofByteArray(bytes)), bytes());
        if (response.statusCode() != 201) {
            throw RegistryErrors.refused(registry, what, response.statusCode(), response.body());
        }
        return response.headers().firstValue("Docker-Content-Digest").map(this::parseDigest)
                .orElseGet(() -> sha256(bytes));
    }

    private boolean hasBlob(String repository, Digest digest, String scope) {
        String what = "a look-up of blob " + digest + " in " + repository;
        HttpResponse<byte[]> response = http.send(scope, what, () -> http.request(repository, "blobs/" + digest)
                .timeout(SMALL_REQUEST).method("HEAD", HttpRequest.BodyPublishers.noBody()), bytes());
        return switch (response.statusCode()) {
            case 200 -> true;
            case 404 -> false;
            default -> throw RegistryErrors.refused(registry, what, response.statusCode(), response.body());
        };
    }

    private static String pull(String repository) {
        return "repository:" + repository + ":pull";
    }

    private static String push(String repository) {
        return "repository:" + repository + ":pull,push";
    }

    private static HttpRequest.BodyPublisher filePublisher(Path file) {
        try {
            return HttpRequest.BodyPublishers.ofFile(file);
        } catch (java.io.FileNotFoundException e) {
            throw new IllegalStateException("blob file " + file + " is missing", e);
        }
    }

    private static HttpResponse.BodyHandler<byte[]> bytes() {
        return HttpResponse.BodyHandlers.ofByteArray();
    }

    private static String mediaType(HttpResponse<?> response, byte[] bytes) {
        String type = response.headers().firstValue("Content-Type").orElse("").split(";")[0].strip();
        if (type.startsWith("application/vnd.")) {
            return type;
        }
        try {
            return JSON.readTree(bytes).path("mediaType").asText(type);
        } catch (IOException e) {
            return type;
        }
    }

    private Digest parseDigest(String text) {
        try {
            return Digest.parse(text);
        } catch (IllegalArgumentException e) {
            throw ExternalRegistryException.of("registry " + registry + " answered a digest Slipway cannot read: " + e.getMessage());
        }
    }

    private void requireHere(ImageReference reference) {
        if (!reference.registry().equals(registry)) {
            throw new IllegalArgumentException(reference + " is not on registry " + registry);
        }
    }

    static Digest sha256(byte[] bytes) {
        return new Digest(HexFormat.of().formatHex(sha256().digest(bytes)));
    }

    private static Digest copy(InputStream in, Path file) throws IOException {
        MessageDigest sha = sha256();
        byte[] buffer = new byte[64 * 1024];
        try (OutputStream out = Files.newOutputStream(file)) {
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                sha.update(buffer, 0, n);
                out.write(buffer, 0, n);
            }
        }
        sync(file);
        return new Digest(HexFormat.of().formatHex(sha.digest()));
    }

    static void sync(Path path) throws IOException {
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime provides SHA-256", e);
        }
    }
}
