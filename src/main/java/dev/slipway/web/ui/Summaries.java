package dev.slipway.web.ui;

import dev.slipway.artifact.Digest;
import dev.slipway.environment.Deployment;
import dev.slipway.environment.EnvironmentStatus;
import dev.slipway.environment.Environments;
import dev.slipway.pipeline.PipelineFiles;
import dev.slipway.pipeline.PipelineSpec;
import dev.slipway.pipeline.Run;
import dev.slipway.pipeline.RunRepository;
import dev.slipway.promotion.PromotionDetail;
import dev.slipway.promotion.Promotions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Reads an app's state through the same use cases as the API and formats it for the dashboard. */
final class Summaries {
    private static final int RECENT = 15;
    /** Recent runs read per app: the newest per branch among them are its builds; the newest readable file its path. */
    private static final int BUILDS_SCANNED = 12;
    private static final int BUILDS_SHOWN = 4;

    private final Environments environments;
    private final Promotions promotions;
    private final RunRepository runs;
    private final PipelineFiles files;
    private final Clock clock;

    Summaries(Environments environments, Promotions promotions, RunRepository runs, PipelineFiles files, Clock clock) {
        this.environments = environments;
        this.promotions = promotions;
        this.runs = runs;
        this.files = files;
        this.clock = clock;
    }

    /**
     * dev-* environments apart (grouped, collapsible, first), then the path in the pipeline file's order (of the
     * app's newest run with a readable file), including the environments nothing was deployed to yet.
     */
    Pages.AppRow row(String app) {
        List<EnvironmentStatus> all = environments.status(app);
        return row(app, Pages.DevGroup.of(devCells(all)), all.stream().filter(s -> !s.environment().ephemeral())
                .toList(), pending(app), runs.list(app, BUILDS_SCANNED));
    }

    /** The cells of the app's per-branch (dev-*) environments. */
    List<Pages.Cell> devCells(String app) {
        return devCells(environments.status(app));
    }

    private List<Pages.Cell> devCells(List<EnvironmentStatus> all) {
        return all.stream().filter(s -> s.environment().ephemeral()).map(this::cell).toList();
    }

    /**
     * The rows of many apps (the overview): the path's environments, the states of the dev ones (their cells are
     * read when their group is opened), the open promotions and the recent runs of all apps in one read each.
     */
    List<Pages.AppRow> rows(List<String> apps) {
        Map<String, List<EnvironmentStatus>> paths = environments.pathsOfAll();
        Map<String, Map<String, Integer>> branches = environments.branchStatesOfAll();
        Map<String, List<PromotionDetail>> open = promotions.openByApp();
        Map<String, List<Run>> recent = runs.list(apps, BUILDS_SCANNED);
        return apps.stream().map(app -> row(app, Pages.DevGroup.folded(branches.getOrDefault(app, Map.of())),
                paths.getOrDefault(app, List.of()),
                open.getOrDefault(app, List.of()).stream().map(Summaries::pending).toList(), recent.get(app)))
                .toList();
    }

    /** {@code path}: the status of the app's fixed (not per-branch) environments; {@code recent}: its newest runs. */
    private Pages.AppRow row(String app, Pages.DevGroup dev, List<EnvironmentStatus> path,
                             List<Pages.Pending> pending, List<Run> recent) {
        Map<String, Pages.Cell> byName = new LinkedHashMap<>();
        // the file's order first (a later put keeps the place); one no longer in the file after them, by name
        spec(app, recent).ifPresent(spec -> spec.environments().stream().filter(e -> !e.ephemeral())
                .forEach(e -> byName.put(e.name(), empty(e.name()))));
        path.stream().sorted(Comparator.comparing(s -> s.environment().name()))
                .forEach(s -> byName.put(s.environment().name(), cell(s)));
        return new Pages.AppRow(app, dev, List.copyOf(byName.values()), pending, builds(recent));
    }

    /** The newest run of each branch (the few most recently pushed): where artifacts enter the path. */
    private static List<Pages.Build> builds(List<Run> recent) {
        Map<String, Pages.Build> byBranch = new LinkedHashMap<>();
        for (Run r : recent) {
            if (r.branch() != null && byBranch.size() < BUILDS_SHOWN && !byBranch.containsKey(r.branch())) {
                byBranch.put(r.branch(), new Pages.Build(r.branch(), r.number(), r.state().name(),
                        shortCommit(r.commit()), r.artifact() == null ? "" : shortDigest(r.artifact())));
            }
        }
        return List.copyOf(byBranch.values());
    }

    /** The pipeline file of the app's newest run that has a readable one. */
    Optional<PipelineSpec> spec(String app) {
        return spec(app, runs.list(app, BUILDS_SCANNED));
    }

    private Optional<PipelineSpec> spec(String app, List<Run> recent) {
        for (Run run : recent) {
            Optional<PipelineSpec> spec = files.specOf(run); // cached by commit: parsed once
            if (spec.isPresent()) {
                return spec;
            }
        }
        return Optional.empty();
    }

    private static Pages.Cell empty(String env) {
        return new Pages.Cell(env, "", "", "", "NONE", "", null, "", "", false, "");
    }

    List<Pages.Pending> pending(String app) {
        return promotions.list(app, 50).stream().filter(p -> !p.promotion().state().isFinal()).map(Summaries::pending)
                .toList();
    }

    List<Pages.RunRow> recentRuns(String app) {
        return runs.list(app, RECENT).stream().map(this::run).toList();
    }

    private Pages.RunRow run(Run r) {
        return run(r, clock);
    }

    /** A run as a row of the dashboard, its age as of {@code clock}'s now. */
    static Pages.RunRow run(Run r, Clock clock) {
        return new Pages.RunRow(r.number(), r.branch(), shortCommit(r.commit()), r.state().name(),
                age(r.createdAt(), clock), r.artifact() == null ? "" : shortDigest(r.artifact()));
    }

    List<Deployment> history(String app, String env) {
        return environments.history(app, env, 50);
    }

    private Pages.Cell cell(EnvironmentStatus s) {
        Deployment live = s.live().orElse(null);
        String idle = s.idle().map(d -> d.slotName().orElse("idle") + " " + d.state() + " " + shortDigest(d.digest()))
                .orElse("");
        return new Pages.Cell(s.environment().name(), live == null ? "" : shortCommit(live.commit()),
                live == null ? "" : shortDigest(live.digest()), live == null ? "" : age(live.finishedAt(), clock),
                s.state(), s.url() == null ? "" : s.url(), live == null ? null : live.id(),
                live == null ? "" : live.slotName().orElse(""), idle, s.swappable(), s.unavailable().orElse(""));
    }

    private static Pages.Pending pending(PromotionDetail d) {
        var p = d.promotion();
        List<String> waiting = d.gates().stream().filter(g -> !g.passed()).map(g -> g.name() + ": " + g.detail())
                .toList();
        return new Pages.Pending(p.id(), p.environment(), shortCommit(p.commit()), shortDigest(p.digest()),
                p.requestedBy(), waiting);
    }

    static String shortCommit(String commit) {
        return commit == null ? "" : commit.substring(0, Math.min(7, commit.length()));
    }

    static String shortDigest(Digest digest) {
        String text = digest.toString();
        int colon = text.indexOf(':');
        return text.substring(0, Math.min(text.length(), colon + 13));
    }

    private static String age(Instant at, Clock clock) {
        if (at == null) {
            return "";
        }
        Duration d = Duration.between(at, clock.instant());
        if (d.toMinutes() < 1) {
            return Math.max(0, d.toSeconds()) + "s ago";
        }
        if (d.toHours() < 1) {
            return d.toMinutes() + "m ago";
        }
        return d.toDays() < 1 ? d.toHours() + "h ago" : d.toDays() + "d ago";
    }
}
