package dev.slipway.boot;

import dev.slipway.auth.TokenLifetimes;
import dev.slipway.pipeline.JobLogLimit;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * Everything the server needs to start, checked before anything starts. {@code db} null means embedded SQLite;
 * {@code adminToken} presets the first admin's token (SLIPWAY_ADMIN_TOKEN); {@code isolation} false runs jobs and
 * services unconfined (--no-isolation, SLIPWAY_ISOLATION=off); {@code maxTokenLifetime} bounds the tokens people
 * create for themselves (see {@link TokenLifetimes}); {@code jobLogLimit} caps each job's stored log (--job-log-limit);
 * {@code stopServices} stops every deployed service when the server stops (--stop-services), which else outlive it.
 */
public record ServerConfig(Path dataDir, String host, int port, String db, int jobSlots, Optional<String> adminToken,
                           boolean isolation, Duration maxTokenLifetime, JobLogLimit jobLogLimit,
                           boolean stopServices) {
    public static final int DEFAULT_PORT = 8080;

    /** Services outlive the server (no --stop-services). */
    public ServerConfig(Path dataDir, String host, int port, String db, int jobSlots, Optional<String> adminToken,
                        boolean isolation, Duration maxTokenLifetime, JobLogLimit jobLogLimit) {
        this(dataDir, host, port, db, jobSlots, adminToken, isolation, maxTokenLifetime, jobLogLimit, false);
    }

    /** Isolated, as every server is unless its admin opts out; default token lifetime and job log limit. */
    public ServerConfig(Path dataDir, String host, int port, String db, int jobSlots, Optional<String> adminToken) {
        this(dataDir, host, port, db, jobSlots, adminToken, true, TokenLifetimes.DEFAULT_MAX, JobLogLimit.DEFAULT);
    }

    public static int defaultJobSlots() {
        return Math.max(4, Runtime.getRuntime().availableProcessors() * 2);
    }
}
