package dev.slipway.boot;

import dev.slipway.audit.KeyRotations;
import dev.slipway.artifact.BuiltFrom;
import dev.slipway.git.GitAccessFilter;
import dev.slipway.git.GitRemote;
import dev.slipway.git.PushReceiver;
import dev.slipway.pipeline.LogReader;
import dev.slipway.pipeline.PipelineLint;
import dev.slipway.store.SqlStats;
import dev.slipway.store.SqlDeliveryFacts;
import dev.slipway.dora.DeliveryFacts;
import dev.slipway.dora.Dora;
import dev.slipway.web.api.DoraApi;
import dev.slipway.web.ui.DoraPage;
import dev.slipway.web.ApiServer;
import dev.slipway.web.api.AccountsApi;
import dev.slipway.web.api.AppsApi;
import dev.slipway.web.api.AuditApi;
import dev.slipway.web.api.EnvironmentsApi;
import dev.slipway.web.api.GcApi;
import dev.slipway.web.api.HooksApi;
import dev.slipway.web.api.ImagesApi;
import dev.slipway.web.api.KeysApi;
import dev.slipway.web.api.ProvenanceApi;
import dev.slipway.web.api.LintApi;
import dev.slipway.web.api.MetricsEndpoint;
import dev.slipway.web.api.PortsApi;
import dev.slipway.web.api.PromotionsApi;
import dev.slipway.web.api.ReportsApi;
import dev.slipway.web.api.SbomsApi;
import dev.slipway.web.api.ProtectionsApi;
import dev.slipway.web.api.RunsApi;
import dev.slipway.web.api.SecretsApi;
import dev.slipway.web.api.ServiceLogsApi;
import dev.slipway.web.api.ExecutorsApi;
import dev.slipway.web.api.JobFilesApi;
import dev.slipway.web.api.TargetsApi;
import dev.slipway.web.api.UserLinksApi;
import dev.slipway.web.registry.RegistryServlet;
import dev.slipway.web.ui.AuditPage;
import dev.slipway.web.ui.Dashboard;
import dev.slipway.web.ui.DashboardActions;
import dev.slipway.web.ui.EnvironmentPage;
import dev.slipway.web.sse.ServiceOutput;
import dev.slipway.web.ui.RunPage;
import java.util.List;

/**
 * Step 8, the edges: the git remote (pushes become runs, promotions, rollbacks and teardowns) and the HTTP server
 * (API, dashboard, metrics) in front of it, built from what the other steps provide. Not started here.
 */
final class WebWiring {
    /** Everything the edges call, as the steps before built it. */
    record Wired(StoreWiring store, AuthWiring auth, SourceWiring sources, SecretWiring secrets,
                 EnvironmentWiring environments, PipelineWiring pipeline, PromotionWiring promotion,
                 RegistryWiring registry, RetentionWiring retention, TargetWiring targets,
                 ForgeWiring forge, ReportWiring reports, HookWiring hooks, ProvenanceWiring provenance) {}

    private WebWiring() {
    }

    static ApiServer wire(ServerConfig config, int port, String url, Wired w) {
        GitRemote remote = new GitRemote(w.sources().git(), w.store().apps(), new PushReceiver(
                w.forge().events(), w.promotion().envRefs(), w.forge().upstreams()));
        LogReader reader = new LogReader(w.pipeline().logs());
        ServiceOutput output = new ServiceOutput(w.environments().environments(), w.environments().target(),
                w.secrets().source(), reader);
        return new ApiServer(config.host(), port, remote.servlet(),
                new GitAccessFilter(w.auth().authenticator(), w.auth().access(), w.store().apps()),
                new RegistryServlet(w.registry().registry(), w.auth().authenticator(), w.auth().access(),
                        w.registry().runCredentials(), w.registry().targetPulls(), w.store().apps()),
                w.auth().authenticator(), w.auth().access(), parts(url, w, reader, output),
                new ApiServer.Feeds(w.store().runs(), w.pipeline().logs(), reader, w.store().db().changes(),
                        w.store().clock(), Startup.streamRecheckInterval()));
    }

    private static ApiServer.Parts parts(String url, Wired w, LogReader reader, ServiceOutput output) {
        var apps = w.sources().apps();
        var promotion = w.promotion();
        var environments = w.environments();
        return new ApiServer.Parts(
                new AppsApi(apps, w.sources().git(), url, w.auth().access(), w.forge().follows(),
                        w.forge().upstreams()),
                new RunsApi(apps, w.store().runs(), w.pipeline().engine(), w.pipeline().logs(),
                        w.pipeline().rebuilds()),
                new EnvironmentsApi(apps, environments.environments(), promotion.promotions(),
                        new BuiltFrom(w.store().artifacts())),
                new PortsApi(apps, environments.portMoves(), w.secrets().fileSays(), w.auth().access()),
                new AccountsApi(w.auth().accounts(), w.auth().access()),
                new AuditApi(w.store().audit(), w.store().checkpoints(), w.auth().access()),
                new SecretsApi(apps, w.secrets().secrets()),
                new PromotionsApi(apps, promotion.promotions(), promotion.rollbacks(), promotion.swaps(),
                        promotion.restarts()),
                new ProtectionsApi(apps, w.auth().protections(), w.auth().access()),
                dashboard(w, reader, output), metrics(new SqlStats(w.store().db()), new SqlDeliveryFacts(w.store().db())),
                new KeysApi(w.store().signingKeys(), new KeyRotations(w.store().signingKeys(),
                        w.store().audit(), w.store().db(), w.store().clock()),
                        w.provenance().provenances().builderIds()),
                new LintApi(new PipelineLint()), new ServiceLogsApi(apps, output),
                new ImagesApi(apps, w.sources().images(), environments.environments(),
                        w.registry().publicUrl().registry()),
                new GcApi(w.retention().gc()), new TargetsApi(w.targets().targets()),
                new ExecutorsApi(w.targets().executors()),
                new JobFilesApi(w.pipeline().podWorkspaces(), w.registry().runCredentials()),
                new ReportsApi(apps, w.reports().calls()),
                new HooksApi(apps, w.hooks().webhooks(), w.hooks().deliveries()), new UserLinksApi(w.hooks().links()),
                new DoraApi(apps, dora(w)), new ProvenanceApi(apps, w.provenance().provenances()),
                new SbomsApi(apps, w.store().runs(), w.sources().sboms()));
    }

    private static Dashboard.Parts dashboard(Wired w, LogReader reader, ServiceOutput output) {
        var apps = w.sources().apps();
        var store = w.store();
        var promotion = w.promotion();
        var environments = w.environments().environments();
        return new Dashboard.Parts(
                new Dashboard(apps, w.auth().access(), environments, promotion.promotions(), store.runs(),
                        w.sources().pipelineFiles(), store.clock()),
                new DashboardActions(apps, promotion.promotions(), promotion.rollbacks(), promotion.swaps()),
                new RunPage(apps, store.runs(), w.pipeline().logs(), reader, environments, w.sources().artifacts(),
                        store.clock(), w.sources().images(), w.registry().publicUrl().registry(),
                        w.pipeline().rebuilds(), w.sources().sboms()),
                new EnvironmentPage(apps, environments, w.secrets().secrets(), new BuiltFrom(store.artifacts()), output),
                new AuditPage(store.audit(), w.auth().access()), new DoraPage(apps, dora(w)));
    }

    /** The DORA figures, read from every concept's records through the store's one query (dora.DeliveryFacts). */
    private static Dora dora(Wired w) {
        return new Dora(new SqlDeliveryFacts(w.store().db()), w.store().clock());
    }

    /** What /metrics exposes: records by state, and counts. */
    private static MetricsEndpoint metrics(SqlStats stats, DeliveryFacts delivery) {
        return new MetricsEndpoint(List.of(
                new MetricsEndpoint.Family("slipway_runs", "runs recorded, by state", "state", stats::runsByState),
                new MetricsEndpoint.Family("slipway_deployments", "deployments recorded, by state", "state",
                        stats::deploymentsByState),
                new MetricsEndpoint.Family("slipway_promotions", "promotions recorded, by state", "state",
                        stats::promotionsByState)),
                List.of(new MetricsEndpoint.Single("slipway_apps", "apps", () -> stats.count("apps")),
                        new MetricsEndpoint.Single("slipway_environments", "environments", () -> stats.count("environments")),
                        new MetricsEndpoint.Single("slipway_audit_entries", "entries in the audit chain",
                                () -> stats.count("audit_entries"))),
                List.of(new MetricsEndpoint.Total("slipway_deployments_live",
                                "deployments that went live, all apps and environments (rollbacks not counted)",
                                () -> delivery.totals().wentLive()),
                        new MetricsEndpoint.Total("slipway_rollbacks",
                                "deployments that went live and were rolled back (by a person or the watch)",
                                () -> delivery.totals().rolledBack()),
                        new MetricsEndpoint.Total("slipway_deployment_failures",
                                "deployments that failed or errored (rollbacks not counted)",
                                () -> delivery.totals().failed())));
    }
}
