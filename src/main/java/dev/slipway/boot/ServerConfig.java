package dev.slipway.boot;

import dev.slipway.pipeline.JobLogLimit;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Everything the server needs to start, checked before anything starts. {@code db} null means embedded SQLite;
 * {@code adminToken} presets the first admin's token (SLIPWAY_ADMIN_TOKEN).
 */
public record ServerConfig(Path dataDir, String host, int port, String db, int jobSlots, Optional<String> adminToken,
                           JobLogLimit jobLogLimit) {
    public static final int DEFAULT_PORT = 8080;

    public ServerConfig(Path dataDir, String host, int port, String db, int jobSlots, Optional<String> adminToken) {
        this(dataDir, host, port, db, jobSlots, adminToken, JobLogLimit.DEFAULT);
    }

    public static int defaultJobSlots() {
        return Math.max(4, Runtime.getRuntime().availableProcessors() * 2);
    }
}
