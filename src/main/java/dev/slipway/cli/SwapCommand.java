package dev.slipway.cli;

import dev.slipway.cli.PromotionBodies.Deployment;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code slipway swap APP ENV}: a blue/green environment's traffic goes to its idle slot (READY, or WARM: back). */
@Command(
        name = "swap",
        description = "Blue/green: send the environment's traffic to the idle slot's deployment (the READY one, or "
                + "the WARM one it replaced: an instant rollback)",
        mixinStandardHelpOptions = true)
final class SwapCommand implements Callable<Integer> {
    @Mixin
    GlobalOptions global;

    @Parameters(index = "0", paramLabel = "APP", description = "App name")
    String app;

    @Parameters(index = "1", paramLabel = "ENV", description = "Environment")
    String environment;

    @Override
    public Integer call() {
        Deployment d = global.api().onEnvironment(app, environment, "swap");
        global.out().println(environment + " of " + app + " now serves " + Formats.orNone(d.digest()) + " (commit "
                + Formats.commit(d.commit()) + "): deployment #" + d.id() + " " + Formats.orNone(d.state()));
        global.out().println("Swap again with `slipway swap " + app + " " + environment + "` to go back while the "
                + "previous one is kept warm");
        return 0;
    }
}
