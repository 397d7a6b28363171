package dev.slipway.environment;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.app.App;
import dev.slipway.artifact.Digest;
import dev.slipway.store.Database;
import dev.slipway.store.SqlAppRepository;
import dev.slipway.store.SqlDeploymentRepository;
import dev.slipway.store.SqlEnvironmentRepository;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A graceful stop stops each environment's live service, and only those; nothing is recorded. */
class ServiceStopperTest {
    static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");

    @TempDir
    Path dir;
    Database db;
    SqlEnvironmentRepository environments;
    SqlDeploymentRepository deployments;
    final List<RunningService> stopped = new ArrayList<>();

    @BeforeEach
    void setUp() {
        db = Database.open(Database.sqliteUrl(dir));
        new SqlAppRepository(db).create(new App("hello", T0), () -> { });
        environments = new SqlEnvironmentRepository(db);
        deployments = new SqlDeploymentRepository(db);
    }

    @AfterEach
    void tearDown() {
        db.close();
    }

    @Test
    void onlyLiveServicesAreStoppedAndTheirDeploymentsStayLive() {
        RunningService live = new RunningService(101, 7, 20001, "/srv/1");
        long liveId = deploy("staging", 20011, live, true);
        deploy("dev-feature-x", 20012, new RunningService(102, 7, 20002, "/srv/2"), false); // still deploying
        environments.ensure("hello", "qa", "qa", null, () -> 20013, T0); // nothing deployed

        new ServiceStopper(environments, deployments, new StopRecorder()).close();

        assertThat(stopped).containsExactly(live);
        assertThat(deployments.find("hello", liveId).orElseThrow().state()).isEqualTo(DeploymentState.LIVE);
    }

    private long deploy(String environment, int port, RunningService service, boolean goLive) {
        environments.ensure("hello", environment, environment, null, () -> port, T0);
        Deployment d = deployments.create(new NewDeployment("hello", environment,
                Digest.ofBytes(environment.getBytes(StandardCharsets.UTF_8)), "c1", 1, DeploymentTrigger.PUSH, "rita",
                new Launch("./serve", "/healthz", Duration.ofSeconds(30), Map.of()), T0));
        deployments.move("hello", d.id(), DeploymentState.QUEUED, DeploymentState.DEPLOYING, T0, null);
        deployments.setService("hello", d.id(), service);
        if (goLive) {
            assertThat(deployments.goLive("hello", environment, d.id(), T0)).isTrue();
        }
        return d.id();
    }

    private final class StopRecorder implements DeployTarget {
        @Override
        public RunningService start(Start start) {
            throw new UnsupportedOperationException("nothing starts here");
        }

        @Override
        public RunningService restart(Start start, RunningService previous) {
            throw new UnsupportedOperationException("nothing starts here");
        }

        @Override
        public void stop(RunningService service) {
            stopped.add(service);
        }

        @Override
        public boolean isAlive(RunningService service) {
            return true;
        }

        @Override
        public void discard(String app, String environment, long deployment) {
            throw new UnsupportedOperationException("nothing is discarded on a stop");
        }
    }
}
