package dev.slipway.web.sse;

import dev.slipway.Background;
import dev.slipway.Problem;
import dev.slipway.pipeline.JobRun;
import dev.slipway.pipeline.LogReader;
import dev.slipway.pipeline.Run;
import dev.slipway.pipeline.RunRepository;
import dev.slipway.web.StreamChecks;
import dev.slipway.web.Timers;
import io.javalin.http.sse.SseClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one way a log is followed while it is written ({@link FollowedLog}: a job's, a service's output), by a
 * dashboard page (a `log` event per batch of new lines, its id the byte offset after them so a reconnecting browser
 * resumes where it was, then `end` with the final state) or by the API ({@link LogStream}: a whole run, or a
 * service's output). However many follow one log, it is read once per tick and the bytes fanned out.
 * <p>
 * The ticker never writes to a follower itself: it queues (for a page, in {@link PageWriters}). While a follower
 * has {@link #FULL} bytes waiting the log is not read further (every page gets every line, at the pace of the
 * slowest); one that stays full for {@link PageWriters#STALL_NANOS} stopped reading and is hung up on. So no
 * page holds up another for longer than that. A browser reconnects and resumes from the last offset it got. The
 * API's followers are never hung up on for reading slowly (a `logs -f` piped into a pager): they fall behind and
 * are fed from their own place as they read, as each was before the dashboard's pages shared the ticker.
 */
public final class LogTails implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LogTails.class);
    static final long TICK_MILLIS = 50;
    /** At most this much is read at a time, and sent to a page that asks to start further back. */
    static final int MAX_CHUNK = 256 * 1024;
    /** Reads per log and tick at most (while no follower is full): a long log catches up at ~20 MB/s. */
    private static final int READS_PER_TICK = 4;
    /** A job that prints nothing for this long still gets a comment down its streams, so no proxy cuts them. */
    private static final long KEEPALIVE_NANOS = 15_000_000_000L;
    /** A follower with this much waiting is full: the log is not read further until it takes some. */
    static final long FULL = 4L * MAX_CHUNK;
    /** What may wait for one page at all (a full page still gets keep-alives and its end). */
    static final long MAX_PENDING = 2 * FULL;

    /** One followed log: where it has been read to, and who follows it. */
    private static final class Tail {
        final FollowedLog log;
        final Set<LogWatcher> watchers = ConcurrentHashMap.newKeySet();
        long offset;
        long quietSince = System.nanoTime();

        Tail(FollowedLog log, long offset) {
            this.log = log;
            this.offset = offset;
        }
    }

    private final RunRepository runs;
    private final LogReader reader;
    private final Map<Object, Tail> tails = new ConcurrentHashMap<>();
    /** The API's streams of whole runs, each ended once its run has ended and all of its log was given. */
    private final Set<LogStream.Follow> followedRuns = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService ticker = Timers.single("slipway-log-tails");
    private final PageWriters writers = new PageWriters("slipway-log-writer");
    private final StreamChecks checks;

    public LogTails(RunRepository runs, LogReader reader, StreamChecks checks) {
        this.runs = runs;
        this.reader = reader;
        this.checks = checks;
        ticker.scheduleWithFixedDelay(this::tick, TICK_MILLIS, TICK_MILLIS, TimeUnit.MILLISECONDS);
    }

    /** A page follows a job's log from byte {@code from} (the end of what it shows, or its Last-Event-ID). */
    public void follow(SseClient client, String app, long run, String job, long from) {
        JobRun jobRun = runs.jobs(app, run).stream().filter(j -> j.name().equals(job)).findFirst()
                .orElseThrow(() -> Problem.notFound("run #" + run + " of app '" + app + "' has no job '" + job + "'"));
        follow(client, FollowedLog.of(jobRun, reader, runs), from, null);
    }

    /** A page follows a log from byte {@code from}; each line goes through {@code line} (unless null: as it is). */
    public void follow(SseClient client, FollowedLog log, long from, UnaryOperator<String> line) {
        client.keepAlive();
        client.sendComment("following " + log.name());
        PageWatcher watcher = new PageWatcher(writers.page(client, MAX_PENDING), Math.max(0, from), line);
        // a revoked token or a lost role ends the stream: the browser's reconnect then meets the door
        Runnable unwatch = checks.watch(client.ctx(), why -> watcher.hangUp());
        // the ticker thread owns the tails: joining there keeps the order of bytes without locks
        ticker.execute(() -> join(log, watcher));
        client.onClose(() -> {
            unwatch.run();
            ticker.execute(() -> leave(log, watcher));
        });
    }

    /** The API follows one log from its watcher's place (the log's end is the watcher's); returns what stops it. */
    Runnable follow(FollowedLog log, LogWatcher watcher) {
        ticker.execute(() -> join(log, watcher));
        return () -> ticker.execute(() -> leave(log, watcher));
    }

    /** The API follows a whole run: each of its jobs' logs from the start, then the run's end. */
    void follow(LogStream.Follow run) {
        ticker.execute(() -> {
            run.watchers().forEach((job, watcher) -> join(FollowedLog.of(job, reader, runs), watcher));
            followedRuns.add(run);
        });
    }

    void unfollow(LogStream.Follow run) {
        ticker.execute(() -> {
            followedRuns.remove(run);
            run.watchers().forEach((job, watcher) -> leave(FollowedLog.of(job, reader, runs), watcher));
        });
    }

    private void join(FollowedLog log, LogWatcher watcher) {
        Tail tail = tails.computeIfAbsent(log.key(), k -> new Tail(log, watcher.position));
        tail.watchers.add(watcher);
        if (watcher.position < tail.offset && !watcher.wholeLog()) {
            lastChunk(tail, watcher);
        }
    }

    private void leave(FollowedLog log, LogWatcher watcher) {
        Optional.ofNullable(tails.get(log.key())).ifPresent(tail -> tail.watchers.remove(watcher));
    }

    /** Sends a page that joins late what the tail read before it came (at most {@link #MAX_CHUNK}, from a line start). */
    private void lastChunk(Tail tail, LogWatcher watcher) {
        try {
            LogReader.Chunk chunk = reader.chunk(tail.log.file(), watcher.position, tail.offset, MAX_CHUNK);
            watcher.lines(chunk.text(), (int) (chunk.end() - chunk.start()), tail.offset);
        } catch (IOException e) {
            LOG.warn("cannot read the log of {}", tail.log.name(), e);
        }
        watcher.position = tail.offset;
    }

    private void tick() {
        writers.unstick();
        // the runs' states first: a run that has ended wrote its last line before, so reading after it misses none
        Map<LogStream.Follow, Run> ended = new HashMap<>();
        for (LogStream.Follow run : followedRuns) {
            try {
                runs.find(run.app(), run.number()).filter(r -> r.state().isFinal()).ifPresent(r -> ended.put(run, r));
            } catch (RuntimeException e) { // the database away: the next tick asks again (a throw would end the ticker)
                LOG.warn("cannot read the state of run #{} of {}", run.number(), run.app(), e);
            }
        }
        for (Map.Entry<Object, Tail> entry : tails.entrySet()) {
            Tail tail = entry.getValue();
            if (tail.watchers.isEmpty()) {
                tails.remove(entry.getKey());
                continue;
            }
            try {
                tick(entry.getKey(), tail);
            } catch (IOException | RuntimeException e) {
                LOG.warn("cannot follow the log of {}", tail.log.name(), e);
            }
        }
        ended.forEach(this::endIfRead);
    }

    private void tick(Object key, Tail tail) throws IOException {
        // whether it ended first (the job's state), for the same reason as the runs'
        Optional<String> endState = tail.log.ended().get();
        boolean ended = endState.isPresent();
        for (int read = 0; read < READS_PER_TICK && !anyFull(tail); read++) {
            boolean behind = catchUp(tail);
            if (!advance(tail, ended) && !behind) {
                break;
            }
        }
        keepAlive(tail);
        boolean behind = tail.watchers.stream().anyMatch(w -> w.position < tail.offset);
        if (ended && !behind && tail.offset >= reader.size(tail.log.file())) {
            String state = endState.get();
            tail.watchers.forEach(watcher -> watcher.end(state));
            tails.remove(key);
        }
    }

    /** Ends a followed run whose every job's log was given to its end. */
    private void endIfRead(LogStream.Follow run, Run ended) {
        try {
            for (Map.Entry<JobRun, LogWatcher> job : run.watchers().entrySet()) {
                if (job.getValue().position < reader.size(job.getKey())) {
                    return;
                }
            }
        } catch (IOException e) {
            LOG.warn("cannot read the size of a log of run #{} of {}", run.number(), run.app(), e);
            return;
        }
        followedRuns.remove(run);
        run.watchers().forEach((job, watcher) -> leave(FollowedLog.of(job, reader, runs), watcher));
        run.ended(ended);
    }

    /**
     * Whether a page following the tail is full; one full for too long is hung up on and no longer counts. A follower
     * of the whole log (the API's) never holds the tail up and is never hung up on for reading slowly: while full it
     * falls behind, and {@link #catchUp} feeds it from its own place, at its own pace, once it has room.
     */
    private static boolean anyFull(Tail tail) {
        boolean full = false;
        long now = System.nanoTime();
        for (LogWatcher watcher : tail.watchers) {
            if (watcher.wholeLog()) {
                continue;
            }
            if (!watcher.full()) {
                watcher.fullSince = 0;
            } else if (watcher.fullSince == 0) {
                watcher.fullSince = now;
                full = true;
            } else if (now - watcher.fullSince > PageWriters.STALL_NANOS) {
                LOG.info("a follower of a job log took nothing for {} s: hung up on it",
                        TimeUnit.NANOSECONDS.toSeconds(PageWriters.STALL_NANOS));
                watcher.hangUp();
                tail.watchers.remove(watcher);
            } else {
                full = true;
            }
        }
        return full;
    }

    private void keepAlive(Tail tail) {
        if (System.nanoTime() - tail.quietSince < KEEPALIVE_NANOS) {
            return;
        }
        tail.quietSince = System.nanoTime();
        tail.watchers.forEach(LogWatcher::keepAlive);
    }

    /**
     * Gives a follower of the whole log that joined late the next part of what the tail read before it came; whether
     * one is still behind.
     */
    private boolean catchUp(Tail tail) throws IOException {
        boolean behind = false;
        for (LogWatcher watcher : tail.watchers) {
            if (watcher.wholeLog() && watcher.position < tail.offset && !watcher.full()) {
                int max = (int) Math.min(MAX_CHUNK, tail.offset - watcher.position);
                send(watcher, reader.after(tail.log.file(), watcher.position, max, true));
                behind |= watcher.position < tail.offset;
            }
        }
        return behind;
    }

    /** Reads the next whole lines written (one chunk at most) and sends each follower its part; whether there were any. */
    private boolean advance(Tail tail, boolean ended) throws IOException {
        LogReader.Piece piece = reader.after(tail.log.file(), tail.offset, MAX_CHUNK, ended);
        if (piece.isEmpty()) {
            return false;
        }
        tail.offset = piece.end();
        tail.quietSince = System.nanoTime();
        for (LogWatcher watcher : tail.watchers) {
            if (watcher.position >= piece.start() && !(watcher.wholeLog() && watcher.full())) { // one behind catches up first
                send(watcher, piece);
            }
        }
        return true;
    }

    /** Sends what of the piece the follower has not had yet; it then has everything up to the piece's end. */
    private static void send(LogWatcher watcher, LogReader.Piece piece) {
        if (watcher.position >= piece.end() || piece.isEmpty()) {
            return;
        }
        int skip = (int) Math.max(0, watcher.position - piece.start());
        byte[] bytes = piece.bytes();
        watcher.lines(new String(bytes, skip, bytes.length - skip, StandardCharsets.UTF_8), bytes.length - skip,
                piece.end());
        watcher.position = piece.end(); // after the lines: a run's end is decided by it, and must follow them
    }

    @Override
    public void close() {
        Background.stop("log tails", ticker); // a tick reads job states: it must end before the database closes
        writers.close();
        tails.values().forEach(tail -> tail.watchers.forEach(LogWatcher::hangUp));
        tails.clear();
        followedRuns.clear();
    }
}
