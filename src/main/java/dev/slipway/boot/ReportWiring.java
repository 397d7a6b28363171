package dev.slipway.boot;

import dev.slipway.forge.ReportLinks;
import dev.slipway.forge.ReportLoop;
import dev.slipway.forge.ReportSender;
import dev.slipway.forge.StatusReports;
import dev.slipway.store.SqlAuditRepository;
import dev.slipway.store.SqlForgeCallRepository;
import java.util.concurrent.Executors;

/**
 * Followed apps' reports to their forge: the harvester reading the audit log, the sender, and the loop running both
 * on a thread of its own, woken by every committed change. Links point at --public-url. Started after recovery
 * (what recovery settles is reported too), stopped before the database.
 */
record ReportWiring(SqlForgeCallRepository calls, ReportLoop reports) {

    static ReportWiring wire(StoreWiring store, ForgeWiring forge, RegistryWiring registry, Closer closer) {
        SqlForgeCallRepository calls = new SqlForgeCallRepository(store.db());
        StatusReports harvester = new StatusReports(new SqlAuditRepository(store.db()), calls, forge.upstreams(),
                store.runs(), store.deployments(), new ReportLinks(registry.publicUrl().toString()), store.clock());
        ReportSender sender = new ReportSender(calls, forge.upstreams(), forge.credentials(), ReportSender.client(),
                store.clock());
        ReportLoop loop = closer.push(new ReportLoop(harvester, sender, calls,
                Executors.newSingleThreadScheduledExecutor(Startup.named("forge-reports")), store.clock()));
        Runnable unsubscribe = store.db().changes().subscribe(apps -> loop.wake());
        closer.push(unsubscribe::run);
        return new ReportWiring(calls, loop);
    }
}
