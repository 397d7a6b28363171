package dev.slipway.e2e;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/**
 * The usual set-up: one server per test class on a fresh data dir. A class that needs another set-up extends
 * {@link E2E} directly — not this one — so no server is ever started twice (JUnit runs a superclass's static
 * lifecycle methods even when a subclass declares ones of the same name).
 */
abstract class OneServerE2E extends E2E {
    @TempDir
    static Path tmp;

    @BeforeAll
    static void startOneServer() throws Exception {
        startServer(tmp.resolve("data"));
    }

    @AfterAll
    static void stopOneServer() throws Exception {
        stopServer();
    }
}
