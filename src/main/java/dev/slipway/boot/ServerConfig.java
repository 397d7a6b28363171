package dev.slipway.boot;

import dev.slipway.auth.TokenLifetimes;
import dev.slipway.pipeline.JobLogLimit;
import dev.slipway.retention.RetentionPolicy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * Everything the server needs to start, checked before anything starts. {@code db} null means embedded SQLite;
 * {@code adminToken} presets the first admin's token (SLIPWAY_ADMIN_TOKEN); {@code isolation} false runs jobs and
 * services unconfined (--no-isolation, SLIPWAY_ISOLATION=off); {@code maxTokenLifetime} bounds the tokens people
 * create for themselves (see {@link TokenLifetimes}); {@code jobLogLimit} caps each job's stored log (--job-log-limit);
 * {@code stopServices} stops every deployed service when the server stops (--stop-services), which else outlive it;
 * {@code retention} is what the content store's collector keeps (--keep-per-branch, --keep-age) and {@code gcEvery}
 * how often it runs by itself (--gc-every; empty: never, only `slipway gc`); {@code router} where the
 * environments' stable addresses are served (--router, SLIPWAY_ROUTER); {@code publicUrl} the address Docker engines
 * and users reach this server at (--public-url; empty: http://127.0.0.1:PORT).
 */
public record ServerConfig(Path dataDir, String host, int port, String db, int jobSlots, Optional<String> adminToken,
                           boolean isolation, Duration maxTokenLifetime, JobLogLimit jobLogLimit,
                           boolean stopServices, RetentionPolicy retention, Optional<Duration> gcEvery,
                           RouterMode router, Optional<PublicUrl> publicUrl) {
    /**
     * LOCAL: inside this server's process (it stops with the server). PROCESS: `slipway router`, a process of its
     * own that Slipway starts and programs and that serves the last routes while Slipway is down.
     */
    public enum RouterMode { LOCAL, PROCESS }

    public static final int DEFAULT_PORT = 8080;
    /** The collector's own schedule unless --gc-every says otherwise: daily. */
    public static final Duration DEFAULT_GC_EVERY = Duration.ofDays(1);

    /** Reached at http://127.0.0.1:PORT (no --public-url). */
    public ServerConfig(Path dataDir, String host, int port, String db, int jobSlots, Optional<String> adminToken,
                        boolean isolation, Duration maxTokenLifetime, JobLogLimit jobLogLimit,
                        boolean stopServices, RetentionPolicy retention, Optional<Duration> gcEvery, RouterMode router) {
        this(dataDir, host, port, db, jobSlots, adminToken, isolation, maxTokenLifetime, jobLogLimit, stopServices,
                retention, gcEvery, router, Optional.empty());
    }

    /** The address engines and users reach this server at, once its port is known. */
    public PublicUrl publicUrl(int boundPort) {
        return publicUrl.orElseGet(() -> PublicUrl.local(boundPort));
    }

    /** The router inside the server. */
    public ServerConfig(Path dataDir, String host, int port, String db, int jobSlots, Optional<String> adminToken,
                        boolean isolation, Duration maxTokenLifetime, JobLogLimit jobLogLimit,
                        boolean stopServices, RetentionPolicy retention, Optional<Duration> gcEvery) {
        this(dataDir, host, port, db, jobSlots, adminToken, isolation, maxTokenLifetime, jobLogLimit, stopServices,
                retention, gcEvery, RouterMode.LOCAL);
    }

    /** The default retention policy and daily collection. */
    public ServerConfig(Path dataDir, String host, int port, String db, int jobSlots, Optional<String> adminToken,
                        boolean isolation, Duration maxTokenLifetime, JobLogLimit jobLogLimit, boolean stopServices) {
        this(dataDir, host, port, db, jobSlots, adminToken, isolation, maxTokenLifetime, jobLogLimit, stopServices,
                RetentionPolicy.DEFAULT, Optional.of(DEFAULT_GC_EVERY));
    }

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
