package dev.slipway.web.sse;

import dev.slipway.web.StreamChecks;

import dev.slipway.Background;
import dev.slipway.Problem;
import dev.slipway.pipeline.JobRun;
import dev.slipway.pipeline.LogStore;
import dev.slipway.pipeline.RunRepository;
import io.javalin.http.sse.SseClient;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Streams one job's log to the dashboard over Server-Sent Events while the job runs: a `log` event per batch of new
 * lines (its id is the byte offset after them, so a reconnecting browser resumes where it was), then `end` with the
 * job's final state. However many pages watch one log, the file is read once per tick and the bytes fanned out.
 * <p>
 * The ticker never writes to a page itself: it queues for {@link PageWriters}. While a page has {@link #FULL}
 * bytes waiting the log is not read further (every page gets every line, at the pace of the slowest); a page that
 * stays full for {@link PageWriters#STALL_NANOS} stopped reading and is hung up on. So no page holds up another
 * for longer than that. A browser reconnects and resumes from the last offset it got.
 */
public final class LogTails implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LogTails.class);
    static final long TICK_MILLIS = 50;
    /** At most this much is read per log per tick, and sent to a page that asks to start further back. */
    static final int MAX_CHUNK = 256 * 1024;
    /** A job that prints nothing for this long still gets a comment down its streams, so no proxy cuts them. */
    private static final long KEEPALIVE_NANOS = 15_000_000_000L;
    /** A page with this much waiting is full: the log is not read further until it takes some. */
    static final long FULL = 4L * MAX_CHUNK;
    /** What may wait for one page at all (a full page still gets keep-alives and its end). */
    static final long MAX_PENDING = 2 * FULL;

    private record Key(String app, long run, String job) {}

    /**
     * A page following the log: its stream, and the byte offset it has been given up to (the ticker's, as is
     * {@code fullSince}: when the ticker first saw it full, 0 if it is not).
     */
    private static final class Watcher {
        final PageWriters.Page page;
        long position;
        long fullSince;

        Watcher(PageWriters.Page page, long position) {
            this.page = page;
            this.position = position;
        }

        boolean full() {
            return !page.gone() && page.pending() >= FULL;
        }
    }

    /** One followed log: where it has been read to, and who follows it. */
    private static final class Tail {
        final Path file;
        final Set<Watcher> watchers = ConcurrentHashMap.newKeySet();
        long offset;
        long quietSince = System.nanoTime();

        Tail(Path file, long offset) {
            this.file = file;
            this.offset = offset;
        }
    }

    private final RunRepository runs;
    private final LogStore logs;
    private final Map<Key, Tail> tails = new ConcurrentHashMap<>();
    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "slipway-log-tails");
        t.setDaemon(true);
        return t;
    });
    private final PageWriters writers = new PageWriters("slipway-log-writer");

    private final StreamChecks checks;

    public LogTails(RunRepository runs, LogStore logs, StreamChecks checks) {
        this.runs = runs;
        this.logs = logs;
        this.checks = checks;
        ticker.scheduleWithFixedDelay(this::tick, TICK_MILLIS, TICK_MILLIS, TimeUnit.MILLISECONDS);
    }

    /**
     * Follows the job's log from byte {@code from} (the end of what the page already shows; a reconnect's
     * Last-Event-ID wins). A job that already ended gets what is left and `end` at once.
     */
    public void follow(SseClient client, String app, long run, String job, long from) {
        JobRun jobRun = job(app, run, job).orElseThrow(() -> Problem.notFound("run #" + run + " of app '" + app
                + "' has no job '" + job + "'"));
        Key key = new Key(app, run, job);
        client.keepAlive();
        client.sendComment("following " + job + " of run #" + run);
        Watcher watcher = new Watcher(writers.page(client, MAX_PENDING), Math.max(0, from));
        // a revoked token or a lost role ends the stream: the browser's reconnect then meets the door
        Runnable unwatch = checks.watch(client.ctx(), why -> watcher.page.hangUp());
        // the ticker thread owns the tails: joining there keeps the order of bytes without locks
        ticker.execute(() -> {
            Tail tail = tails.computeIfAbsent(key, k -> new Tail(logs.file(app, run, jobRun.stageIndex(), job),
                    watcher.position));
            tail.watchers.add(watcher);
            if (watcher.position < tail.offset) {
                catchUp(tail, watcher);
            }
        });
        client.onClose(() -> {
            unwatch.run();
            ticker.execute(() -> Optional.ofNullable(tails.get(key)).ifPresent(tail -> tail.watchers.remove(watcher)));
        });
    }

    int following() {
        return tails.values().stream().mapToInt(t -> t.watchers.size()).sum();
    }

    private Optional<JobRun> job(String app, long run, String job) {
        return runs.jobs(app, run).stream().filter(j -> j.name().equals(job)).findFirst();
    }

    /** Sends a late joiner what the tail read before it came (at most {@link #MAX_CHUNK}, from a line start). */
    private void catchUp(Tail tail, Watcher watcher) {
        try {
            long start = Math.max(watcher.position, tail.offset - MAX_CHUNK);
            byte[] bytes = read(tail.file, start, tail.offset);
            int skip = 0;
            if (start > watcher.position) {
                skip = indexOfNewline(bytes) + 1;
            }
            send(watcher, bytes, skip, tail.offset);
        } catch (IOException e) {
            LOG.warn("cannot read log {}", tail.file, e);
        }
    }

    private void tick() {
        writers.unstick();
        for (Map.Entry<Key, Tail> entry : tails.entrySet()) {
            Tail tail = entry.getValue();
            if (tail.watchers.isEmpty()) {
                tails.remove(entry.getKey());
                continue;
            }
            try {
                // the state first: a job that has ended wrote its last line before, so reading after it misses none
                Optional<JobRun> job = job(entry.getKey().app(), entry.getKey().run(), entry.getKey().job());
                boolean ended = job.isEmpty() || job.get().state().isFinal();
                if (!anyFull(tail)) {
                    advance(tail, ended);
                }
                keepAlive(tail);
                if (ended && (!Files.exists(tail.file) || tail.offset >= Files.size(tail.file))) {
                    String state = job.map(j -> j.state().name()).orElse("GONE");
                    String data = "{\"state\":\"" + state + "\"}";
                    for (Watcher watcher : tail.watchers) {
                        watcher.page.send(data.length(), client -> {
                            client.sendEvent("end", data);
                            client.close();
                        });
                    }
                    tails.remove(entry.getKey());
                }
            } catch (IOException | RuntimeException e) {
                LOG.warn("cannot follow log {}", tail.file, e);
            }
        }
    }

    /** Whether a page following the tail is full; one full for too long is hung up on and no longer counts. */
    private static boolean anyFull(Tail tail) {
        boolean full = false;
        long now = System.nanoTime();
        for (Watcher watcher : tail.watchers) {
            if (!watcher.full()) {
                watcher.fullSince = 0;
            } else if (watcher.fullSince == 0) {
                watcher.fullSince = now;
                full = true;
            } else if (now - watcher.fullSince > PageWriters.STALL_NANOS) {
                LOG.info("a page following a job log took nothing for {} s: hung up on it",
                        TimeUnit.NANOSECONDS.toSeconds(PageWriters.STALL_NANOS));
                watcher.page.hangUp();
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
        for (Watcher watcher : tail.watchers) {
            watcher.page.send(12, client -> client.sendComment("keep-alive"));
        }
    }

    /** Reads the whole lines written since the last tick (one chunk at most) and sends each watcher its part. */
    private void advance(Tail tail, boolean ended) throws IOException {
        if (!Files.exists(tail.file)) {
            return;
        }
        long size = Files.size(tail.file);
        if (size <= tail.offset) {
            return;
        }
        byte[] bytes = read(tail.file, tail.offset, Math.min(size, tail.offset + MAX_CHUNK));
        int end = lastIndexOfNewline(bytes) + 1;
        if (end == 0) {
            if (!ended && bytes.length < MAX_CHUNK) {
                return; // half a line: wait for its end
            }
            end = bytes.length;
        }
        long start = tail.offset;
        tail.offset = start + end;
        tail.quietSince = System.nanoTime();
        for (Watcher watcher : tail.watchers) {
            int skip = (int) Math.max(0, Math.min(end, watcher.position - start));
            send(watcher, bytes, skip, start + end);
        }
    }

    private void send(Watcher watcher, byte[] bytes, int from, long endOffset) {
        if (watcher.position >= endOffset) {
            return;
        }
        int to = bytes.length;
        while (to > from && bytes[to - 1] == '\n') {
            to--; // the page ends each event's lines itself
        }
        watcher.position = endOffset;
        if (to > from) {
            String lines = new String(bytes, from, to - from, StandardCharsets.UTF_8);
            String id = Long.toString(endOffset);
            watcher.page.send(to - from, client -> client.sendEvent("log", lines, id));
        }
    }

    private static byte[] read(Path file, long from, long to) throws IOException {
        try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
            byte[] bytes = new byte[(int) Math.max(0, Math.min(to, in.length()) - from)];
            in.seek(from);
            in.readFully(bytes);
            return bytes;
        }
    }

    private static int indexOfNewline(byte[] bytes) {
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == '\n') {
                return i;
            }
        }
        return bytes.length - 1;
    }

    private static int lastIndexOfNewline(byte[] bytes) {
        for (int i = bytes.length - 1; i >= 0; i--) {
            if (bytes[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    @Override
    public void close() {
        Background.stop("log tails", ticker); // a tick reads job states: it must end before the database closes
        writers.close();
        tails.values().forEach(tail -> tail.watchers.forEach(w -> w.page.hangUp()));
        tails.clear();
    }
}
