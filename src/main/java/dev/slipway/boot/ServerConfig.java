package dev.slipway.boot;

import java.nio.file.Path;

/** Everything the server needs to start, checked before anything starts. {@code db} null means embedded SQLite. */
public record ServerConfig(Path dataDir, String host, int port, String db, int jobSlots) {
    public static final int DEFAULT_PORT = 8080;

    public static int defaultJobSlots() {
        return Math.max(4, Runtime.getRuntime().availableProcessors() * 2);
    }
}
