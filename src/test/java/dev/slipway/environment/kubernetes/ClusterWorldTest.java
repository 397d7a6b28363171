package dev.slipway.environment.kubernetes;

import dev.slipway.testing.MockCluster;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** One mock cluster per test class, a fresh namespace and target ({@link ClusterWorld}) per test. */
abstract class ClusterWorldTest {
    static MockCluster cluster;
    @TempDir
    Path root;
    ClusterWorld world;

    @BeforeAll
    static void startCluster() {
        cluster = MockCluster.start();
    }

    @AfterAll
    static void stopCluster() {
        cluster.close();
    }

    @BeforeEach
    void newNamespace() {
        world = new ClusterWorld(cluster, root);
    }

    @AfterEach
    void closeWorld() {
        world.close();
    }
}
