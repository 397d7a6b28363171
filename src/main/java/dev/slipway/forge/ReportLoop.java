package dev.slipway.forge;

import dev.slipway.Background;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reports on a thread of their own: harvest the audit log, send what is due, sleep until the next call is due (or
 * {@link #IDLE} at most). Woken by committed changes. A failure here is logged and tried again; a run never waits
 * for a forge, nor fails because of one.
 */
public final class ReportLoop implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ReportLoop.class);
    /** A look now and then even without a wake-up: entries of no app, a missed wake-up. */
    static final Duration IDLE = Duration.ofSeconds(30);
    static final Duration AFTER_FAILURE = Duration.ofSeconds(5);

    private final StatusReports harvester;
    private final ReportSender sender;
    private final ForgeCallRepository calls;
    private final ScheduledExecutorService timer;
    private final Clock clock;
    private final AtomicBoolean woken = new AtomicBoolean();
    private ScheduledFuture<?> next;

    public ReportLoop(StatusReports harvester, ReportSender sender, ForgeCallRepository calls,
                      ScheduledExecutorService timer, Clock clock) {
        this.harvester = harvester;
        this.sender = sender;
        this.calls = calls;
        this.timer = timer;
        this.clock = clock;
    }

    public void start() {
        wake();
    }

    /** Something was committed: look soon. Returns at once (wake-ups in a row make one cycle). */
    public void wake() {
        if (woken.compareAndSet(false, true) && !timer.isShutdown()) {
            try {
                timer.execute(this::cycle);
            } catch (java.util.concurrent.RejectedExecutionException e) {
                // stopping
            }
        }
    }

    private void cycle() {
        woken.set(false);
        boolean failed = false;
        try {
            harvester.harvest();
            sender.sendDue();
        } catch (RuntimeException e) {
            failed = true;
            LOG.warn("forge reports: this round failed, the next one tries again in {} s", AFTER_FAILURE.toSeconds(), e);
        }
        scheduleNext(failed ? AFTER_FAILURE : Duration.ZERO);
    }

    /** {@code atLeast}: after a failed round (the database away?), not at once again. */
    private synchronized void scheduleNext(Duration atLeast) {
        if (next != null) {
            next.cancel(false);
        }
        Instant now = clock.instant();
        Duration wait = IDLE;
        try {
            Instant due = calls.nextDue().orElse(now.plus(IDLE));
            Duration untilDue = Duration.between(now, due);
            wait = untilDue.isNegative() ? Duration.ZERO : untilDue.compareTo(IDLE) > 0 ? IDLE : untilDue;
            wait = wait.compareTo(atLeast) < 0 ? atLeast : wait;
        } catch (RuntimeException e) {
            LOG.warn("forge reports: cannot read when the next report is due; looking again in {} s", IDLE.toSeconds());
        }
        if (!timer.isShutdown()) {
            try {
                next = timer.schedule(this::wake, wait.toMillis(), TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.RejectedExecutionException e) {
                // stopping
            }
        }
    }

    @Override
    public void close() {
        Background.stop("forge reports", timer);
    }
}
