package dev.slipway.pipeline;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A job's declared caches ({@code cache:}), as its executor sees them: put in place before the first step, and kept
 * for the app's next jobs after the last one when every step succeeded. {@code home} is the job's own HOME (where
 * {@code ~/} paths go), {@code workspace} where the other paths go. See {@link BuildCache}.
 */
public interface JobCache {
    /** A job without caches. */
    JobCache NONE = new JobCache() {
        @Override
        public void restore(Path home, Path workspace, LogStore.Writer log) {}

        @Override
        public void save(Path home, Path workspace, LogStore.Writer log) {}
    };

    void restore(Path home, Path workspace, LogStore.Writer log) throws IOException;

    /** Never fails the job: a cache that cannot be kept is said in the log, and the next job starts without it. */
    void save(Path home, Path workspace, LogStore.Writer log);
}
