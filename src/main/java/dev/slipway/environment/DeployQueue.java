package dev.slipway.environment;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * One queue per environment: its deployments, swaps and teardowns run one at a time, in the order queued, on the
 * deploy pool. Work that must not hold the queue up (stopping an old process) runs beside it. Who hears that a
 * deployment finished is told from here: whichever of {@link Deployer} and {@link BlueGreen} finished it.
 */
public final class DeployQueue {
    private final Executor executor;
    private final Map<String, CompletableFuture<?>> tails = new ConcurrentHashMap<>();
    private final DeployListeners listeners = new DeployListeners();

    public DeployQueue(Executor executor) {
        this.executor = executor;
    }

    DeployListeners listeners() {
        return listeners;
    }

    /**
     * Runs {@code task} after every task queued so far for the environment; whatever is queued later waits for it.
     * The future completes with the task's result, or exceptionally if it threw.
     */
    <T> CompletableFuture<T> inQueue(String app, String environment, Supplier<T> task) {
        CompletableFuture<T> result = new CompletableFuture<>();
        String key = app + "/" + environment;
        CompletableFuture<?> tail = tails.compute(key, (k, previous) ->
                (previous == null ? CompletableFuture.completedFuture(null) : previous).handleAsync((ignored, error) -> {
                    try {
                        result.complete(task.get());
                    } catch (RuntimeException | Error e) {
                        result.completeExceptionally(e);
                    }
                    return null;
                }, executor));
        tail.whenComplete((ignored, error) -> tails.remove(key, tail)); // nothing queued after it: forget the queue
        return result;
    }

    /** Queues {@code task} for the environment once {@code delay} has passed. */
    void later(Duration delay, String app, String environment, Runnable task) {
        Executor after = CompletableFuture.delayedExecutor(delay.toMillis(), TimeUnit.MILLISECONDS, executor);
        after.execute(() -> inQueue(app, environment, () -> {
            task.run();
            return null;
        }));
    }

    /** Runs {@code task} outside every environment's queue: nothing queued waits for it. */
    void aside(Runnable task) {
        executor.execute(task);
    }

    /** Waits for every queued task to finish. */
    void drain() {
        tails.values().forEach(CompletableFuture::join);
    }
}
