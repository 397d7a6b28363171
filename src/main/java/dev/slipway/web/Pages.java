package dev.slipway.web;

import java.util.List;
import java.util.Map;
import java.util.Set;

/** What the dashboard's templates show: plain records, already formatted for reading (short digests, ages). */
public final class Pages {
    private Pages() {}

    /** The signed-in user, the session's CSRF token for forms, and the result of the last action, if any. */
    public record Viewer(String user, String csrf, String flash) {}

    public record Cell(String env, String commit, String digest, String age, String state, String url, Long deployment) {}

    public record Pending(long id, String env, String commit, String digest, String requestedBy, List<String> waiting) {}

    public record AppRow(String name, List<Cell> dev, List<Cell> path, List<Pending> pending) {}

    public record RunRow(long number, String branch, String commit, String state, String age, String digest) {}

    /** What the viewer may do here; buttons they may not use are not shown (the server refuses them anyway). */
    public record Can(Set<String> deployTo, Set<String> approveIn, Map<String, String> promoteFrom) {
        public boolean any() {
            return !deployTo.isEmpty();
        }
    }

    /**
     * A job and its log's tail: bytes [logStart, logEnd) of the file; {@code live} while the job runs (the page
     * follows the log from logEnd).
     */
    public record JobBox(String name, String state, String duration, String log, long logStart, long logEnd,
                         boolean live) {
        public long earlierKb() {
            return (logStart + 1023) / 1024;
        }
    }

    /** A deployment made from a run's artifact. */
    public record Produced(long id, String env, String state, String how, String who) {}

    public record StageColumn(String name, String state, List<JobBox> jobs) {}

    /** One deployment of an environment: what, who, when, how, outcome. */
    public record HistoryRow(long id, String commit, String digest, String how, String who, String when, String state,
                             String reason, boolean wentLive) {}

    public record AuditRow(long seq, String at, String actor, String action, String app, String subject, String change) {}

    /** Chain verification for the audit page; {@code shown} is false for callers who may not run it. */
    public record Check(boolean shown, boolean ok, long entries, String problem) {}
}
