package dev.slipway.cli;

import dev.slipway.cli.PromotionBodies.Deployment;
import dev.slipway.cli.PromotionBodies.RollbackTo;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code slipway rollback APP ENV [--to DEPLOYMENT]}: put back what the environment served before. */
@Command(
        name = "rollback",
        description = "Redeploy the previous (or a named) deployment's artifact; nothing is built",
        mixinStandardHelpOptions = true)
final class RollbackCommand implements Callable<Integer> {
    @Mixin
    GlobalOptions global;

    @Parameters(index = "0", paramLabel = "APP", description = "App name")
    String app;

    @Parameters(index = "1", paramLabel = "ENV", description = "Environment")
    String environment;

    @Option(names = "--to", paramLabel = "DEPLOYMENT",
            description = "The deployment to return to (default: the newest earlier one with another artifact)")
    Long to;

    @Override
    public Integer call() {
        ApiClient api = global.api();
        Deployment d = api.read(api.post(ApiClient.appPath(app) + "/environments/" + ApiClient.segment(environment)
                + "/rollback", new RollbackTo(to)), Deployment.class);
        global.out().println("Rolling back " + environment + " of " + app + " to " + Formats.orNone(d.digest())
                + " (commit " + Formats.commit(d.commit()) + "): deployment #" + d.id() + " " + Formats.orNone(d.state()));
        global.out().println("Watch it with `slipway history " + app + " " + environment + "`");
        return 0;
    }
}
