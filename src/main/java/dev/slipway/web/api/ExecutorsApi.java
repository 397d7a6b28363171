package dev.slipway.web.api;

import dev.slipway.auth.Role;
import dev.slipway.target.Executor;
import dev.slipway.target.ExecutorRegistry;
import dev.slipway.target.NewExecutor;
import dev.slipway.target.TargetCluster;
import dev.slipway.web.Json;
import dev.slipway.web.Permission;
import dev.slipway.web.Routes;
import java.util.List;
import java.util.Optional;

/**
 * /api/v1/executors: the Docker engines and Kubernetes clusters {@code container:} jobs run on. Admin on every app only (the door, and
 * {@link ExecutorRegistry} again); a client key goes in and never comes out.
 */
public final class ExecutorsApi {
    private static final String ADD_EXAMPLE = "{\"name\": \"builds\", \"endpoint\": \"tcp://10.0.0.7:2376\", "
            + "\"tls_ca\": \"-----BEGIN CERTIFICATE-----…\", \"tls_cert\": \"…\", \"tls_key\": \"…\"} or "
            + "{\"name\": \"builds\", \"endpoint\": \"unix:///var/run/docker.sock\"} or {\"name\": \"pods\", \"kind\": "
            + "\"kubernetes\", \"kubeconfig\": \"apiVersion: v1…\", \"context\": \"ci\", \"namespace\": \"ci-jobs\"}";

    private final ExecutorRegistry executors;

    public ExecutorsApi(ExecutorRegistry executors) {
        this.executors = executors;
    }

    record AddExecutor(String name, String kind, String endpoint, String tlsCa, String tlsCert, String tlsKey,
                       Boolean insecure, String kubeconfig, String context, Boolean inCluster, String namespace) {}

    /** namespace, context and in_cluster for a kubernetes executor (context null in-cluster); never the kubeconfig. */
    record ExecutorView(String name, String kind, String endpoint, boolean tls, boolean insecure, String createdAt,
                        String createdBy, String namespace, String context, Boolean inCluster) {}

    record ExecutorList(List<ExecutorView> executors) {}

    public void register(Routes routes) {
        Permission admin = Permission.global(Role.ADMIN);
        routes.post("/api/v1/executors", admin, ctx -> {
            AddExecutor body = Json.body(ctx, AddExecutor.class, ADD_EXAMPLE);
            Executor added = executors.add(Routes.principal(ctx), new NewExecutor(body.name(), body.kind(),
                    body.endpoint(), Optional.ofNullable(body.tlsCa()), Optional.ofNullable(body.tlsCert()),
                    Optional.ofNullable(body.tlsKey()), Boolean.TRUE.equals(body.insecure()),
                    ClusterBody.of(body.kubeconfig(), body.context(), body.inCluster(), body.namespace())));
            ctx.status(201).json(view(added));
        });
        routes.get("/api/v1/executors", admin, ctx -> ctx.json(new ExecutorList(executors.list(Routes.principal(ctx))
                .stream().map(ExecutorsApi::view).toList())));
        routes.delete("/api/v1/executors/{name}", admin, ctx -> {
            executors.remove(Routes.principal(ctx), ctx.pathParam("name"));
            ctx.status(204);
        });
    }

    private static ExecutorView view(Executor e) {
        return new ExecutorView(e.name(), e.kind().text(), e.endpoint(), e.tls().isPresent(), e.insecure(),
                Views.time(e.createdAt()), e.createdBy(), e.cluster().map(TargetCluster::namespace).orElse(null),
                e.cluster().flatMap(TargetCluster::context).orElse(null),
                e.cluster().map(TargetCluster::inCluster).orElse(null));
    }
}
