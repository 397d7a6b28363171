package dev.slipway.testing;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * A real CNCF distribution registry (Debian's docker-registry) for tests, one per JVM: the one CI started for the
 * whole run (SLIPWAY_TEST_REGISTRY), or else one this JVM starts with {@code bin/test-services} on first use and
 * stops by pidfile when it exits. Plain HTTP on 127.0.0.1, no auth, deletes enabled. Docker treats registries on
 * 127.0.0.0/8 as insecure-allowed; skopeo needs {@link Skopeo}'s TLS flags.
 */
public final class TestRegistry {
    /** Set by .ci/run (bin/test-services start): the registry every test of the run shares. */
    public static final String ADDRESS_VARIABLE = "SLIPWAY_TEST_REGISTRY";
    /** What the Accept header of a manifest request lists: every manifest and index type the registry may hold. */
    public static final String MANIFEST_TYPES = String.join(", ",
            "application/vnd.oci.image.manifest.v1+json", "application/vnd.oci.image.index.v1+json",
            "application/vnd.docker.distribution.manifest.v2+json",
            "application/vnd.docker.distribution.manifest.list.v2+json");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private static TestRegistry shared;

    private final String address;
    private final TestServices started;

    private TestRegistry(String address, TestServices started) {
        this.address = address;
        this.started = started;
    }

    /** The registry of this JVM, started on first use. */
    public static synchronized TestRegistry get() {
        if (shared == null) {
            String given = System.getenv(ADDRESS_VARIABLE);
            if (given != null && !given.isBlank()) {
                shared = new TestRegistry(given, null);
            } else {
                TestServices services = TestServices.startForThisJvm("registry");
                shared = new TestRegistry(services.get(ADDRESS_VARIABLE), null);
            }
        }
        return shared;
    }

    /** Another registry of the test's own (say, an environment's external registry); the test calls {@link #stop()}. */
    public static TestRegistry startAnother() {
        TestServices services = TestServices.start("registry");
        return new TestRegistry(services.get(ADDRESS_VARIABLE), services);
    }

    /** Stops a registry from {@link #startAnother()}; the shared one stops with the JVM (or with CI's run). */
    public void stop() {
        if (started == null) {
            throw new IllegalStateException("the shared registry " + address + " is not the test's to stop");
        }
        started.stop();
    }

    /** "127.0.0.1:PORT", the host part of an image reference. */
    public String address() {
        return address;
    }

    /** "http://127.0.0.1:PORT", for raw requests to /v2/. */
    public String url() {
        return "http://" + address;
    }

    /**
     * The manifest digest the registry reports (Docker-Content-Digest of a HEAD) for {@code reference} (a tag or
     * digest) in {@code repository}; an AssertionError if it has none.
     */
    public String manifestDigest(String repository, String reference) {
        HttpRequest head = HttpRequest.newBuilder(URI.create(url() + "/v2/" + repository + "/manifests/" + reference))
                .method("HEAD", HttpRequest.BodyPublishers.noBody()).header("Accept", MANIFEST_TYPES)
                .timeout(Duration.ofSeconds(30)).build();
        try {
            HttpResponse<Void> response = HTTP.send(head, HttpResponse.BodyHandlers.discarding());
            if (response.statusCode() != 200) {
                throw new AssertionError("HEAD " + head.uri() + " answered " + response.statusCode());
            }
            return response.headers().firstValue("Docker-Content-Digest")
                    .orElseThrow(() -> new AssertionError("HEAD " + head.uri() + " sent no Docker-Content-Digest"));
        } catch (IOException e) {
            throw new AssertionError("registry " + address + " did not answer HEAD " + head.uri(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
