package dev.slipway.runner;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.LogWatch;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Follows a job pod's log ({@code GET …/pods/NAME/log?follow=true}) and hands it on a line at a time, as it comes, to
 * the job's log (which masks secrets before anything reaches the disk). It ends when the cluster ends the stream (the
 * container exited) or when closed; a log the cluster will not give is said once in the job's log, never fatal.
 */
final class PodLog implements AutoCloseable {
    private final LogWatch watch;
    private final CountDownLatch ended = new CountDownLatch(1);

    private PodLog(LogWatch watch) {
        this.watch = watch;
    }

    /** Starts following; {@code note} gets Slipway's own remark if following fails. */
    static PodLog follow(KubernetesClient client, String namespace, String pod, Consumer<String> lines,
                         Consumer<String> note) {
        LogWatch watch = client.pods().inNamespace(namespace).withName(pod).inContainer(JobPod.CONTAINER)
                .withReadyWaitTimeout(0).watchLog();
        PodLog log = new PodLog(watch);
        Thread reader = new Thread(() -> log.copy(lines, note), "pod-log-" + pod);
        reader.setDaemon(true);
        reader.start();
        return log;
    }

    private void copy(Consumer<String> lines, Consumer<String> note) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(watch.getOutput(), StandardCharsets.UTF_8))) {
            String line = in.readLine();
            if (line != null && refusal(line)) { // the client streams an error's body as if it were the log
                note.accept("slipway: the cluster would not give the pod's log: " + line);
                return;
            }
            for (; line != null; line = in.readLine()) {
                lines.accept(line);
            }
        } catch (IOException | KubernetesClientException e) {
            note.accept("slipway: the pod's log stopped early: " + e.getMessage());
        } finally {
            ended.countDown();
        }
    }

    /**
     * Whether the stream's first line is the API server's refusal (a one-line {@code Status} object: 400 while the
     * container is still being created, 404 for a pod that is gone), never a line of the pod's: its script writes
     * nothing of that shape before its first step.
     */
    private static boolean refusal(String first) {
        return first.startsWith("{\"kind\":\"Status\"") && first.contains("\"code\":");
    }

    /** Waits at most {@code wait} for the rest of the log (the pod has ended: the cluster closes the stream). */
    boolean awaitEnd(Duration wait) throws InterruptedException {
        return ended.await(wait.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        watch.close();
    }
}
