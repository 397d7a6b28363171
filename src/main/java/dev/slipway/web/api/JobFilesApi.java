package dev.slipway.web.api;

import dev.slipway.Problem;
import dev.slipway.image.RunCredentials;
import dev.slipway.pipeline.RemoteWorkspaces;
import dev.slipway.web.Permission;
import dev.slipway.web.Routes;
import io.javalin.http.Context;

/**
 * /api/v1/apps/{app}/runs/{run}/jobs/{job}/workspace.tar: a job running as a pod fetches its prepared workspace
 * (GET) and sends it back after its steps (PUT), with its run's own credentials only (HTTP Basic: the job's
 * SLIPWAY_REGISTRY_USER and SLIPWAY_REGISTRY_TOKEN), never a user's API token. Both are tars of the workspace's
 * contents ({@code ./…}); what is sent back is unpacked safely and within the job's limit ({@link RemoteWorkspaces}).
 */
public final class JobFilesApi {
    private final RemoteWorkspaces workspaces;
    private final RunCredentials runs;

    public JobFilesApi(RemoteWorkspaces workspaces, RunCredentials runs) {
        this.workspaces = workspaces;
        this.runs = runs;
    }

    public void register(Routes routes) {
        Permission runOnly = Permission.ofRun(runs::verify);
        String path = "/api/v1/apps/{app}/runs/{run}/jobs/{job}/workspace.tar";
        routes.get(path, runOnly, ctx -> {
            ctx.contentType("application/x-tar");
            workspaces.send(ctx.pathParam("app"), run(ctx), ctx.pathParam("job"), ctx.res().getOutputStream());
        });
        routes.put(path, runOnly, ctx -> {
            workspaces.receive(ctx.pathParam("app"), run(ctx), ctx.pathParam("job"), ctx.req().getInputStream());
            ctx.status(204);
        });
    }

    private static long run(Context ctx) {
        try {
            return Long.parseLong(ctx.pathParam("run"));
        } catch (NumberFormatException e) {
            throw Problem.invalid("run '" + ctx.pathParam("run") + "' is not a run number");
        }
    }
}
