package dev.slipway.web.ui;

import java.util.List;
import java.util.Map;
import java.util.Set;

/** What the dashboard's templates show: plain records, already formatted for reading (short digests, ages). */
public final class Pages {
    private Pages() {}

    /** The signed-in user, the session's CSRF token for forms, and the result of the last action, if any. */
    public record Viewer(String user, String csrf, String flash) {}

    /**
     * One environment of an app's path: what is live (commit, digest, since when), in which slot, and for blue/green
     * what waits in the idle slot ({@code idle}: "green READY sha256:…", or empty).
     */
    /** {@code unavailable}: why nothing answers on the environment's address (its port is held), else empty. */
    public record Cell(String env, String commit, String digest, String age, String state, String url, Long deployment,
                       String slot, String idle, boolean swappable, String unavailable) {
        /** The same artifact has the same colour on every node of the path, so one can follow it along. */
        public String hue() {
            return Pages.hue(digest);
        }
    }

    /** The newest run of one branch: where an artifact enters the path. */
    public record Build(String branch, long run, String state, String commit, String digest) {
        public String hue() {
            return Pages.hue(digest);
        }
    }

    static String hue(String digest) {
        return digest == null || digest.isEmpty() ? "none" : Integer.toString(Math.floorMod(digest.hashCode(), 12) * 30);
    }

    public record Pending(long id, String env, String commit, String digest, String requestedBy, List<String> waiting) {}

    /**
     * An app's per-branch (dev-*) environments, grouped: how many are in each state, and their cells once read (an
     * app's page reads them; the overview reads them when the group is opened, {@code /ui/apps/{app}/dev}).
     */
    public record DevGroup(Map<String, Integer> states, List<Cell> cells, boolean loaded) {
        static DevGroup of(List<Cell> cells) {
            Map<String, Integer> states = new java.util.HashMap<>();
            cells.forEach(c -> states.merge(c.state(), 1, Integer::sum));
            return new DevGroup(states, cells, true);
        }

        static DevGroup folded(Map<String, Integer> states) {
            return new DevGroup(states, List.of(), false);
        }

        public int count() {
            return states.values().stream().mapToInt(Integer::intValue).sum();
        }

        /** "3 LIVE, 1 FAILED": how many are in each state, LIVE first. */
        public String summary() {
            Map<String, Integer> byState = new java.util.TreeMap<>(java.util.Comparator
                    .comparing((String s) -> !s.equals("LIVE")).thenComparing(s -> s));
            byState.putAll(states);
            return String.join(", ", byState.entrySet().stream().map(e -> e.getValue() + " " + e.getKey()).toList());
        }
    }

    public record AppRow(String name, DevGroup dev, List<Cell> path, List<Pending> pending, List<Build> builds) {
        /** Where a folded dev group loads its cells when opened; null (no request) when they are on the page. */
        public String devSource() {
            return dev.loaded() ? null : "/ui/apps/" + name + "/dev";
        }

        /** The promotions waiting to enter {@code env}, shown on the arrow into it. */
        public List<Pending> waitingFor(String env) {
            return pending.stream().filter(p -> p.env().equals(env)).toList();
        }
    }

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
    /** A run's artifact when it is an image: where it is, its size and layers, and how to pull it by digest. */
    public record ImageSummary(String repository, String size, int layers, String pull) {}

    public record Produced(long id, String env, String state, String how, String who) {}

    /**
     * The live service's output on its environment's page: its tail ([logStart, logEnd) of the file, masked),
     * followed while the page is open; {@code href}: the whole output (and, with {@code ?before=}, earlier parts).
     */
    public record ServiceLogBox(long deployment, String log, long logStart, long logEnd, String href) {
        public long earlierKb() {
            return (logStart + 1023) / 1024;
        }
    }

    public record StageColumn(String name, String state, List<JobBox> jobs) {}

    /** One target of an environment on several, as the reconciler last saw it (the environment page's Targets). */
    public record TargetRow(String target, String digest, String slot, String health, String sync, String since,
                            String detail) {}

    /**
     * One deployment of an environment: what, who, when, how, outcome; {@code builtFrom}: the commit its artifact was
     * built from when that is not the commit deployed (an earlier commit with the same tree), else "".
     */
    public record HistoryRow(long id, String commit, String digest, String how, String who, String when, String state,
                             String reason, boolean wentLive, String builtFrom) {}

    public record AuditRow(long seq, String at, String actor, String action, String app, String subject, String change) {}

    /** Chain verification for the audit page; {@code shown} is false for callers who may not run it. */
    public record Check(boolean shown, boolean ok, long entries, String problem) {}
}
