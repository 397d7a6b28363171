package dev.slipway.web.api;

import dev.slipway.Problem;
import dev.slipway.auth.Role;
import dev.slipway.target.NewCluster;
import dev.slipway.target.NewTarget;
import dev.slipway.target.Target;
import dev.slipway.target.TargetBinding;
import dev.slipway.target.TargetCluster;
import dev.slipway.target.TargetDetail;
import dev.slipway.target.Targets;
import dev.slipway.web.Json;
import dev.slipway.web.Permission;
import dev.slipway.web.Routes;
import io.javalin.http.Context;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * /api/v1/targets and /api/v1/target-bindings: the machines admins registered and the app environments bound to
 * them. Admin on every app only (the door, and {@link Targets} again); a client key goes in and never comes out.
 */
public final class TargetsApi {
    private static final String ADD_EXAMPLE = "{\"name\": \"prod-a\", \"kind\": \"docker\", \"endpoint\": "
            + "\"tcp://10.0.0.5:2376\", \"tls_ca\": \"-----BEGIN CERTIFICATE-----…\", \"tls_cert\": \"…\", "
            + "\"tls_key\": \"…\", \"labels\": [\"site=ka\"]} or {\"name\": \"eu-1\", \"kind\": \"kubernetes\", "
            + "\"kubeconfig\": \"apiVersion: v1…\", \"context\": \"eu-1\", \"namespace\": \"shop\"} (or \"in_cluster\": true "
            + "instead of kubeconfig and context)";
    private static final String LABEL_EXAMPLE = "{\"value\": \"ka\"}";
    private static final String BIND_EXAMPLE = "{\"app\": \"web\", \"environment\": \"production\", \"target\": "
            + "\"prod-a\"} or {…, \"label\": \"site=ka\"}";

    private final Targets targets;

    public TargetsApi(Targets targets) {
        this.targets = targets;
    }

    record AddTarget(String name, String kind, String endpoint, String tlsCa, String tlsCert, String tlsKey,
                     List<String> labels, Boolean insecure, String kubeconfig, String context, Boolean inCluster,
                     String namespace) {
        /** The cluster fields, when any is given. */
        Optional<NewCluster> cluster() {
            return ClusterBody.of(kubeconfig, context, inCluster, namespace);
        }
    }

    record SetLabel(String value) {}

    record Bind(String app, String environment, String target, String label) {}

    /** namespace, context and in_cluster for a kubernetes target (context null in-cluster); never the kubeconfig. */
    record TargetView(String name, String kind, String endpoint, boolean tls, boolean insecure, Map<String, String> labels,
                      String createdAt, String createdBy, String namespace, String context, Boolean inCluster) {}

    record TargetList(List<TargetView> targets) {}

    record BindingView(String app, String environment, String target, String label, String boundAt, String boundBy) {}

    record TargetDetailView(TargetView target, List<BindingView> boundBy) {}

    /** An environment's bindings and the targets they cover now. */
    record EnvironmentBindings(String app, String environment, List<BindingView> bindings, List<TargetView> targets) {}

    public void register(Routes routes) {
        Permission admin = Permission.global(Role.ADMIN);
        routes.post("/api/v1/targets", admin, ctx -> {
            AddTarget body = Json.body(ctx, AddTarget.class, ADD_EXAMPLE);
            Target added = targets.add(Routes.principal(ctx), new NewTarget(body.name(),
                    body.kind() == null ? "docker" : body.kind(), body.endpoint(), Optional.ofNullable(body.tlsCa()),
                    Optional.ofNullable(body.tlsCert()), Optional.ofNullable(body.tlsKey()), body.labels(),
                    Boolean.TRUE.equals(body.insecure()), body.cluster()));
            ctx.status(201).json(view(added));
        });
        routes.get("/api/v1/targets", admin, ctx -> ctx.json(new TargetList(targets.list(Routes.principal(ctx))
                .stream().map(TargetsApi::view).toList())));
        routes.get("/api/v1/targets/{name}", admin, ctx -> {
            TargetDetail detail = targets.show(Routes.principal(ctx), ctx.pathParam("name"));
            ctx.json(new TargetDetailView(view(detail.target()), detail.boundBy().stream().map(TargetsApi::view).toList()));
        });
        routes.delete("/api/v1/targets/{name}", admin, ctx -> {
            targets.remove(Routes.principal(ctx), ctx.pathParam("name"));
            ctx.status(204);
        });
        routes.put("/api/v1/targets/{name}/labels/{key}", admin, ctx -> {
            SetLabel body = Json.body(ctx, SetLabel.class, LABEL_EXAMPLE);
            ctx.json(view(targets.label(Routes.principal(ctx), ctx.pathParam("name"),
                    ctx.pathParam("key") + "=" + (body.value() == null ? "" : body.value()))));
        });
        routes.delete("/api/v1/targets/{name}/labels/{key}", admin, ctx -> ctx.json(view(targets.unlabel(
                Routes.principal(ctx), ctx.pathParam("name"), ctx.pathParam("key")))));
        registerBindings(routes, admin);
    }

    private void registerBindings(Routes routes, Permission admin) {
        routes.post("/api/v1/target-bindings", admin, ctx -> {
            Bind body = Json.body(ctx, Bind.class, BIND_EXAMPLE);
            TargetBinding bound = targets.bind(Routes.principal(ctx), required(body.app(), "app", BIND_EXAMPLE),
                    required(body.environment(), "environment", BIND_EXAMPLE),
                    Targets.selector(body.target(), body.label()));
            ctx.status(201).json(view(bound));
        });
        routes.delete("/api/v1/target-bindings", admin, ctx -> {
            targets.unbind(Routes.principal(ctx), query(ctx, "app"), query(ctx, "environment"),
                    Targets.selector(ctx.queryParam("target"), ctx.queryParam("label")));
            ctx.status(204);
        });
        routes.get("/api/v1/target-bindings", admin, ctx -> {
            String app = query(ctx, "app");
            String environment = query(ctx, "environment");
            List<BindingView> bindings = targets.bindings(Routes.principal(ctx), app, environment).stream()
                    .map(TargetsApi::view).toList();
            ctx.json(new EnvironmentBindings(app, environment, bindings, targets.targetsFor(app, environment).stream()
                    .map(TargetsApi::view).toList()));
        });
    }

    private static String query(Context ctx, String name) {
        return required(ctx.queryParam(name), name, "?app=web&environment=production");
    }

    private static String required(String value, String name, String example) {
        if (value == null || value.isBlank()) {
            throw Problem.invalid("'" + name + "' is missing: send " + example);
        }
        return value;
    }

    private static TargetView view(Target t) {
        return new TargetView(t.name(), t.kind().text(), t.endpoint(), t.tls().isPresent(), t.insecure(), t.labels(),
                Views.time(t.createdAt()), t.createdBy(), t.cluster().map(TargetCluster::namespace).orElse(null),
                t.cluster().flatMap(TargetCluster::context).orElse(null),
                t.cluster().map(TargetCluster::inCluster).orElse(null));
    }

    private static BindingView view(TargetBinding b) {
        boolean named = b.selector() instanceof dev.slipway.target.TargetSelector.Named;
        return new BindingView(b.app(), b.environment(), named ? b.selector().text() : null,
                named ? null : b.selector().text(), Views.time(b.boundAt()), b.boundBy());
    }
}
