package dev.slipway.image;

import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * Keeps the collector from deleting a blob in the instant between "it is stored" and "something records that it
 * needs it". Whoever checks that a blob exists and then records a reference to it — the registry completing an
 * upload or a mount (a blob link), the registry accepting a manifest PUT (its config, layers and children must
 * exist), a builder storing layers and recording its manifest or artifact — holds {@link #shared()} around both
 * steps; any number may do so at once. The collector holds {@link #exclusive()} around each single deletion, during
 * which it re-checks that nothing references the blob. So either the reference is recorded first and the collector
 * sees it, or the deletion happens first and the writer's existence check fails (and the client uploads again).
 * <p>
 * Uploads still in progress live in the content store's {@code incoming/} directory, which the collector never
 * reads; only {@code ArtifactStore.removeLeftovers} cleans it, by its own rule.
 * <pre>{@code
 * try (BlobGuard.Held held = guard.shared()) {
 *     if (!store.exists(layer)) { throw blobUnknown(layer); }
 *     images.recordManifest(manifest);
 * }
 * }</pre>
 */
public final class BlobGuard {
    /** The guard's hold, released by {@link #close()}; not for sharing across threads. */
    public interface Held extends AutoCloseable {
        @Override
        void close();
    }

    // fair: a steady stream of pushes cannot starve the collector's deletions, nor the other way round
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock(true);

    /** For writers: check a blob exists and record what references it while this is held. */
    public Held shared() {
        lock.readLock().lock();
        return lock.readLock()::unlock;
    }

    /** For the collector: re-check one blob and delete it while this is held; keep it short. */
    public Held exclusive() {
        lock.writeLock().lock();
        return lock.writeLock()::unlock;
    }
}
