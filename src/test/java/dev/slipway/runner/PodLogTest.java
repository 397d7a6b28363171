package dev.slipway.runner;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.pipeline.LogStore;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodListBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A job pod's log followed into the job's log, against the mock server in expectations mode (the CRUD mode has no
 * logs): the request is the pod's {@code log?follow=true} for the job's container, and each line lands in the job's
 * log as it comes, masked.
 */
class PodLogTest {
    static final String SECRET = "s3cr3t-token-value";
    KubernetesMockServer server;
    KubernetesClient client;

    @TempDir
    Path root;

    @BeforeEach
    void start() {
        server = new KubernetesMockServer(false);
        server.init(InetAddress.getLoopbackAddress(), 0);
        client = server.createClient();
    }

    @AfterEach
    void stop() {
        client.close();
        server.destroy();
    }

    @Test
    void theLinesLandInTheJobsLogMaskedAndInOrder() throws Exception {
        var running = new PodBuilder().withNewMetadata().withName("shop-7-build-abcdef").endMetadata()
                .withNewStatus().withPhase("Running").endStatus().build();
        // the pod, as the client may look it up (by name, or listed by its name) before following its log
        server.expect().get().withPath("/api/v1/namespaces/jobs/pods/shop-7-build-abcdef").andReturn(200, running).always();
        server.expect().get().withPath("/api/v1/namespaces/jobs/pods?fieldSelector=metadata.name%3Dshop-7-build-abcdef")
                .andReturn(200, new PodListBuilder().withNewMetadata().withResourceVersion("1").endMetadata()
                        .withItems(running).build()).always();
        server.expect().get().withPath("/api/v1/namespaces/jobs/pods/shop-7-build-abcdef/log?pretty=false&container=job&follow=true")
                .andReturn(200, "$ mvn -q compile\nlogging in with " + SECRET + "\nBUILD SUCCESS\n").once();
        LogStore logs = new LogStore(root.resolve("logs"), Clock.systemUTC(),
                app -> line -> line.replace(SECRET, "***"));
        List<String> notes = new ArrayList<>();

        try (LogStore.Writer log = logs.open("shop", 7, 0, "build");
             PodLog followed = PodLog.follow(client, "jobs", "shop-7-build-abcdef", log::line, notes::add)) {
            assertThat(followed.awaitEnd(Duration.ofSeconds(10))).isTrue();
        }

        assertThat(notes).isEmpty();
        String written = Files.readString(logs.file("shop", 7, 0, "build"));
        assertThat(written).containsSubsequence("$ mvn -q compile", "logging in with ***", "BUILD SUCCESS")
                .doesNotContain(SECRET);
        // only the expectation for GET …/log?…container=job&follow=true answers those lines: following it is what put them there
    }

    @Test
    void aLogTheClusterWillNotGiveIsSaidOnceNotFatal() throws Exception {
        server.expect().get().withPath("/api/v1/namespaces/jobs/pods/gone/log?pretty=false&container=job&follow=true")
                .andReturn(404, "{\"kind\":\"Status\",\"message\":\"pods \\\"gone\\\" not found\",\"code\":404}").once();
        List<String> lines = new ArrayList<>();
        List<String> notes = new ArrayList<>();

        try (PodLog followed = PodLog.follow(client, "jobs", "gone", lines::add, notes::add)) {
            assertThat(followed.awaitEnd(Duration.ofSeconds(10))).isTrue();
        }

        assertThat(lines).isEmpty();
        assertThat(notes).singleElement().asString().startsWith("slipway: the cluster would not give the pod's log: ")
                .contains("pods \\\"gone\\\" not found");
    }
}
