package dev.slipway.forge;

import dev.slipway.audit.AuditEntry;
import dev.slipway.audit.AuditRepository;
import dev.slipway.environment.DeploymentRepository;
import dev.slipway.pipeline.RunRepository;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The harvester: follows the audit log past its cursor and turns what runs and deployments did into calls for the
 * forge, enqueued in the transaction that moves the cursor. The audit log is the event source because it is
 * committed with each move: a crash loses nothing and repeats nothing, and the run engine knows nothing of forges.
 * The first start begins at the head of the log: history is not reported.
 */
public final class StatusReports {
    private static final Logger LOG = LoggerFactory.getLogger(StatusReports.class);
    static final int BATCH = 200;

    private final AuditRepository audit;
    private final ForgeCallRepository calls;
    private final EntryReports reports;
    private final Clock clock;

    public StatusReports(AuditRepository audit, ForgeCallRepository calls, UpstreamRepository upstreams,
                         RunRepository runs, DeploymentRepository deployments, ReportLinks links, Clock clock) {
        this.audit = audit;
        this.calls = calls;
        this.reports = new EntryReports(upstreams, runs, deployments, links);
        this.clock = clock;
    }

    /** Reads every entry past the cursor; returns how many calls it enqueued. */
    public int harvest() {
        long from = calls.cursor().orElseGet(() -> calls.startAt(head()));
        int enqueued = 0;
        while (true) {
            List<AuditEntry> entries = audit.after(from, BATCH);
            if (entries.isEmpty()) {
                return enqueued;
            }
            List<NewForgeCall> batch = translate(entries);
            long to = entries.get(entries.size() - 1).seq();
            if (calls.harvested(from, to, batch, clock.instant())) {
                enqueued += batch.size();
                from = to;
            } else { // another harvester moved it: carry on from where it is
                from = calls.cursor().orElseThrow();
            }
            if (entries.size() < BATCH) {
                return enqueued;
            }
        }
    }

    private List<NewForgeCall> translate(List<AuditEntry> entries) {
        List<NewForgeCall> batch = new ArrayList<>();
        Set<String> created = new HashSet<>(); // DEPLOYMENT calls of this batch, not yet in the outbox
        for (AuditEntry entry : entries) {
            try {
                for (NewForgeCall call : reports.callsFor(entry, id -> created.contains(entry.app() + "#" + id)
                        || calls.deploymentCall(entry.app(), id).isPresent())) {
                    batch.add(call);
                    if (call.kind() == CallKind.DEPLOYMENT) {
                        created.add(call.app() + "#" + call.deployment());
                    }
                }
            } catch (RuntimeException e) { // one entry that cannot be read must not hold up every later report
                LOG.warn("forge reports: audit entry #{} ({} {}) is not reported: {}", entry.seq(), entry.action(),
                        entry.subject(), e.toString());
            }
        }
        return batch;
    }

    private long head() {
        List<AuditEntry> newest = audit.list(null, 0, 1);
        return newest.isEmpty() ? 0 : newest.get(0).seq();
    }
}
