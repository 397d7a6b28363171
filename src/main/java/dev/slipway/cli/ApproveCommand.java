package dev.slipway.cli;

import dev.slipway.cli.PromotionBodies.Promotion;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code slipway approve APP ID}: count your approval towards a waiting promotion. */
@Command(name = "approve", description = "Approve a waiting promotion", mixinStandardHelpOptions = true)
final class ApproveCommand implements Callable<Integer> {
    @Mixin
    GlobalOptions global;

    @Parameters(index = "0", paramLabel = "APP", description = "App name")
    String app;

    @Parameters(index = "1", paramLabel = "ID", description = "Promotion number")
    long id;

    @Override
    public Integer call() {
        ApiClient api = global.api();
        Promotion p = api.read(api.post(ApiClient.appPath(app) + "/promotions/" + id + "/approve", null), Promotion.class);
        global.out().println("Approved. " + PromotionPrinter.headline(p));
        PromotionPrinter.gates(p, global.out());
        String next = PromotionPrinter.next(p);
        if (next != null) {
            global.out().println(next);
        }
        return 0;
    }
}
