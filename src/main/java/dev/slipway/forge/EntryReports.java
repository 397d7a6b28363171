package dev.slipway.forge;

import dev.slipway.audit.AuditEntry;
import dev.slipway.environment.Deployment;
import dev.slipway.environment.DeploymentRepository;
import dev.slipway.pipeline.Run;
import dev.slipway.pipeline.RunRepository;
import dev.slipway.pipeline.RunState;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.LongPredicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What one audit entry means to the app's forge: a run's move is a commit status, a deployment's move a GitHub
 * deployment or a state of one. Reads the run or deployment for its commit; an app that follows no forge, or does
 * not want reports, gets none.
 */
final class EntryReports {
    private static final Pattern RUN = Pattern.compile("run #(\\d+)");
    private static final Pattern DEPLOYMENT = Pattern.compile("deployment #(\\d+) of (.+)");

    private final UpstreamRepository upstreams;
    private final RunRepository runs;
    private final DeploymentRepository deployments;
    private final ReportLinks links;

    EntryReports(UpstreamRepository upstreams, RunRepository runs, DeploymentRepository deployments, ReportLinks links) {
        this.upstreams = upstreams;
        this.runs = runs;
        this.deployments = deployments;
        this.links = links;
    }

    /** {@code created}: whether a DEPLOYMENT call of that Slipway deployment was enqueued (its statuses need one). */
    List<NewForgeCall> callsFor(AuditEntry entry, LongPredicate created) {
        if (entry.app() == null || !(entry.action().startsWith("run.") || entry.action().startsWith("deployment."))) {
            return List.of();
        }
        Optional<Upstream> upstream = upstreams.find(entry.app())
                .filter(u -> u.forge().isPresent() && u.apiUrl().isPresent());
        if (upstream.isEmpty()) {
            return List.of();
        }
        if (entry.action().startsWith("run.")) {
            return upstream.get().reportStatuses() ? runStatus(entry).stream().toList() : List.of();
        }
        boolean deploymentsReported = upstream.get().reportDeployments()
                && upstream.get().forge().get() == Forge.GITHUB;
        return deploymentsReported ? deploymentCall(entry, created).stream().toList() : List.of();
    }

    private Optional<NewForgeCall> runStatus(AuditEntry entry) {
        Matcher subject = RUN.matcher(entry.subject());
        if (!subject.matches()) {
            return Optional.empty();
        }
        Optional<RunMove> move = switch (entry.action()) {
            case "run.queued" -> Optional.of(new RunMove(ReportState.PENDING, "queued"));
            case "run.started" -> Optional.of(new RunMove(ReportState.RUNNING, "running")); // GitHub, Gitea: pending
            case "run.finished" -> finished(entry.after());
            default -> Optional.empty();
        };
        long number = Long.parseLong(subject.group(1));
        return move.flatMap(m -> runs.find(entry.app(), number).map(run -> status(run, m)));
    }

    private NewForgeCall status(Run run, RunMove move) {
        return NewForgeCall.status(run.app(), run.number(), run.commit(), run.branch(), move.state(),
                links.run(run.app(), run.number()), "run #" + run.number() + " " + move.description());
    }

    private record RunMove(ReportState state, String description) {}

    /** {@code SUCCEEDED}, {@code FAILED: why}…: RunLedger's words for the state a run finished in. */
    private static Optional<RunMove> finished(String after) {
        if (after == null) {
            return Optional.empty();
        }
        String word = after.split("[: ]", 2)[0];
        String why = after.length() > word.length() ? after.substring(word.length()).replaceFirst("^[: ]+", "") : "";
        String description = word.toLowerCase(Locale.ROOT) + (why.isEmpty() ? "" : ": " + why);
        try {
            return Optional.of(new RunMove(switch (RunState.valueOf(word)) {
                case SUCCEEDED -> ReportState.SUCCESS;
                case FAILED -> ReportState.FAILURE;
                case CANCELLED -> ReportState.CANCELLED;
                case ERRORED, QUEUED, RUNNING -> ReportState.ERROR;
            }, description));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private Optional<NewForgeCall> deploymentCall(AuditEntry entry, LongPredicate created) {
        Matcher subject = DEPLOYMENT.matcher(entry.subject());
        if (!subject.matches()) {
            return Optional.empty();
        }
        long id = Long.parseLong(subject.group(1));
        Optional<Deployment> found = deployments.find(entry.app(), id);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        Deployment d = found.get();
        String url = links.environment(d.app(), d.environment());
        if (entry.action().equals("deployment.queued")) {
            return Optional.of(NewForgeCall.deployment(d.app(), id, d.environment(), d.commit(), url,
                    "run #" + d.run() + " to " + d.environment()));
        }
        if (!created.test(id)) { // queued before reports began (or before the app followed a forge): no deployment there
            return Optional.empty();
        }
        return deploymentState(entry).map(state -> NewForgeCall.deploymentStatus(d.app(), id, d.environment(),
                d.commit(), state, url, "deployment #" + id + " " + describe(state, d.environment(), entry.after())));
    }

    /** DeploymentLedger's words: started, then LIVE…, FAILED: why, ERRORED: why, CANCELLED; blue/green swaps. */
    private static Optional<ReportState> deploymentState(AuditEntry entry) {
        String after = entry.after() == null ? "" : entry.after();
        return switch (entry.action()) {
            case "deployment.started" -> Optional.of(ReportState.RUNNING);
            case "deployment.swapped" -> Optional.of(ReportState.SUCCESS);
            case "deployment.finished" -> after.startsWith("LIVE") ? Optional.of(ReportState.SUCCESS)
                    : after.startsWith("FAILED") ? Optional.of(ReportState.FAILURE)
                    : after.startsWith("ERRORED") ? Optional.of(ReportState.ERROR)
                    : after.startsWith("CANCELLED") ? Optional.of(ReportState.CANCELLED)
                    : Optional.empty(); // READY: still on its way (a swap makes it live); RETIRED: nothing to say
            default -> Optional.empty();
        };
    }

    private static String describe(ReportState state, String environment, String after) {
        int colon = after == null ? -1 : after.indexOf(": ");
        String why = colon < 0 ? "" : ": " + after.substring(colon + 2);
        return switch (state) {
            case PENDING, RUNNING -> "deploying to " + environment;
            case SUCCESS -> "live in " + environment;
            case FAILURE -> "failed" + why;
            case ERROR -> "errored" + why;
            case CANCELLED -> "cancelled" + why;
        };
    }
}
