package dev.slipway.cli;

import dev.slipway.cli.PromotionBodies.Deployment;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code slipway restart APP ENV}: the live deployment started again in place, from its artifact. */
@Command(
        name = "restart",
        description = "Start the environment's live deployment again in place (same artifact, new process), e.g. "
                + "after it CRASHED; waits until it answers its health check",
        mixinStandardHelpOptions = true)
final class RestartCommand implements Callable<Integer> {
    @Mixin
    GlobalOptions global;

    @Parameters(index = "0", paramLabel = "APP", description = "App name")
    String app;

    @Parameters(index = "1", paramLabel = "ENV", description = "Environment")
    String environment;

    @Override
    public Integer call() {
        Deployment d = global.api().onEnvironment(app, environment, "restart");
        global.out().println(environment + " of " + app + " runs again: deployment #" + d.id() + " "
                + Formats.orNone(d.state()) + ", " + Formats.orNone(d.digest()) + " (commit " + Formats.commit(d.commit())
                + ")");
        return 0;
    }
}
