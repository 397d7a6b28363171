package dev.slipway.web.api;

import dev.slipway.Problem;
import dev.slipway.app.Apps;
import dev.slipway.artifact.Sbom;
import dev.slipway.artifact.Sboms;
import dev.slipway.auth.Role;
import dev.slipway.pipeline.Run;
import dev.slipway.pipeline.RunRepository;
import dev.slipway.web.Json;
import dev.slipway.web.Permission;
import dev.slipway.web.Routes;
import io.javalin.http.Context;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * GET /api/v1/apps/{app}/runs/{run}/sbom: the SBOM kept with the run's artifact, byte for byte as the job wrote it
 * ({@code ?job=} when several jobs wrote one). A run that reused an earlier run's artifact has that artifact's SBOMs.
 */
public final class SbomsApi {
    private final Apps apps;
    private final RunRepository runs;
    private final Sboms sboms;

    public SbomsApi(Apps apps, RunRepository runs, Sboms sboms) {
        this.apps = apps;
        this.runs = runs;
        this.sboms = sboms;
    }

    public void register(Routes routes) {
        routes.get("/api/v1/apps/{app}/runs/{run}/sbom", Permission.onApp(Role.VIEWER), ctx -> send(ctx, apps, runs, sboms));
    }

    /** Sends the run's SBOM (the API's route and the run page's link alike). */
    public static void send(Context ctx, Apps apps, RunRepository runs, Sboms sboms) throws IOException {
        String app = apps.get(ctx.pathParam("app")).name();
        long number = Json.number(ctx, "run");
        Run run = runs.find(app, number).orElseThrow(() -> Problem.notFound("run #" + number + " of app '" + app
                + "' does not exist"));
        if (run.artifact() == null) {
            throw Problem.notFound("run #" + number + " of app '" + app + "' has no artifact, so no SBOM");
        }
        List<Sbom> kept = sboms.of(app, run.artifact());
        String job = ctx.queryParam("job");
        Sbom sbom;
        if (job != null) {
            sbom = kept.stream().filter(s -> s.job().equals(job)).findFirst().orElseThrow(() -> Problem.notFound(
                    "run #" + number + " of app '" + app + "' has no SBOM written by job '" + job + "'"
                            + (kept.isEmpty() ? "" : "; jobs with one: " + jobs(kept))));
        } else if (kept.size() == 1) {
            sbom = kept.get(0);
        } else if (kept.isEmpty()) {
            throw Problem.notFound("run #" + number + " of app '" + app + "' has no SBOM: declare 'sbom: PATH' in the "
                    + "job that builds its artifact");
        } else {
            throw Problem.invalid("run #" + number + " of app '" + app + "' has several SBOMs; name one with ?job= ("
                    + jobs(kept) + ")");
        }
        Path file;
        try {
            file = sboms.document(sbom);
        } catch (java.nio.file.NoSuchFileException e) {
            throw Problem.notFound("the SBOM of job '" + sbom.job() + "' for run #" + number + " is no longer stored "
                    + "(the content store's collector removed it)");
        }
        ctx.contentType("application/vnd.cyclonedx+json");
        ctx.header("Content-Disposition", "attachment; filename=\"" + app + "-" + number + "-" + sbom.job()
                + ".cdx.json\"");
        ctx.header("Content-Length", Long.toString(Files.size(file)));
        ctx.result(Files.newInputStream(file));
    }

    private static String jobs(List<Sbom> kept) {
        return String.join(", ", kept.stream().map(Sbom::job).toList());
    }
}
