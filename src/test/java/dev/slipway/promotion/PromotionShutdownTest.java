package dev.slipway.promotion;

import static dev.slipway.promotion.PromotionWorld.APP;
import static dev.slipway.promotion.PromotionWorld.T0;
import static dev.slipway.promotion.PromotionWorld.commit;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.read.ListAppender;
import dev.slipway.pipeline.Run;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** Closing while a gate evaluation is under way: it is waited for, and never meets a closed database. */
class PromotionShutdownTest {
    @TempDir
    Path dir;
    private final ListAppender<ILoggingEvent> logged = new ListAppender<>();
    private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);

    @BeforeEach
    void capture() {
        logged.start();
        root.addAppender(logged);
    }

    @AfterEach
    void release() {
        root.detachAppender(logged);
    }

    @Test
    void closeWaitsForAGateEvaluationUnderWayBeforeClosingTheDatabase() throws Exception {
        PromotionWorld world = new PromotionWorld(dir, new TestClock(T0));
        Run run = world.built(commit("a"), "alice");
        world.promotionRepository.create(new NewPromotion(APP, "production", run.artifact(), run.commit(),
                run.number(), PromotionSource.CLI, "admin", run.pushedBy(), T0));
        CountDownLatch evaluating = new CountDownLatch(1);
        CountDownLatch goOn = new CountDownLatch(1);
        // the evaluation is held where it reads the pipeline file, as a slow query would hold it: deaf to interrupts
        world.beforeSpecRead = () -> {
            evaluating.countDown();
            boolean interrupted = false;
            while (goOn.getCount() > 0) {
                try {
                    goOn.await();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        };
        world.pushDeploy("staging", run); // a deployment of the app finished: its pending promotion is evaluated
        await().atMost(Duration.ofSeconds(10)).until(() -> evaluating.getCount() == 0);

        Thread closing = new Thread(world::close, "closing-world");
        closing.start();
        // go on once close has either finished or stopped to wait for something (the evaluation, when it waits)
        await().atMost(Duration.ofSeconds(10)).until(() -> EnumSet.of(Thread.State.WAITING, Thread.State.TIMED_WAITING,
                Thread.State.TERMINATED).contains(closing.getState()));
        world.beforeSpecRead = () -> { };
        goOn.countDown();
        closing.join(Duration.ofSeconds(30).toMillis());

        assertThat(closing.isAlive()).isFalse();
        // had close not waited, the evaluation would go on after it and log later: wait for the timer to end too
        assertThat(world.timer().awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        assertThat(logged.list).noneMatch(e -> mentions(e, "has been closed"));
        assertThat(logged.list).filteredOn(e -> e.getLevel() == Level.ERROR)
                .extracting(ILoggingEvent::getFormattedMessage).isEmpty();
    }

    private static boolean mentions(ILoggingEvent e, String text) {
        if (e.getFormattedMessage().contains(text)) {
            return true;
        }
        for (IThrowableProxy t = e.getThrowableProxy(); t != null; t = t.getCause()) {
            if (t.getMessage() != null && t.getMessage().contains(text)) {
                return true;
            }
        }
        return false;
    }
}
