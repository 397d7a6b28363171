package dev.slipway.cli;

import dev.slipway.cli.PromotionBodies.Promotion;
import dev.slipway.cli.PromotionBodies.Rejection;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code slipway reject APP ID --reason TEXT}: stop a waiting promotion, saying why. */
@Command(name = "reject", description = "Reject a waiting promotion", mixinStandardHelpOptions = true)
final class RejectCommand implements Callable<Integer> {
    @Mixin
    GlobalOptions global;

    @Parameters(index = "0", paramLabel = "APP", description = "App name")
    String app;

    @Parameters(index = "1", paramLabel = "ID", description = "Promotion number")
    long id;

    @Option(names = "--reason", required = true, paramLabel = "TEXT", description = "Why (recorded and shown)")
    String reason;

    @Override
    public Integer call() {
        ApiClient api = global.api();
        Promotion p = api.read(api.post(ApiClient.appPath(app) + "/promotions/" + id + "/reject", new Rejection(reason)),
                Promotion.class);
        global.out().println(PromotionPrinter.headline(p));
        return 0;
    }
}
