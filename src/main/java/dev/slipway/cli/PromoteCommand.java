package dev.slipway.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slipway.cli.PromotionBodies.NewPromotion;
import dev.slipway.cli.PromotionBodies.Promotion;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code slipway promote APP --to ENV [--commit C | --from ENV]}: ask for an artifact to go into an environment. */
@Command(
        name = "promote",
        description = "Promote an already built artifact into an environment, through its gates",
        mixinStandardHelpOptions = true)
final class PromoteCommand implements Callable<Integer> {
    @Mixin
    GlobalOptions global;

    @Mixin
    JsonOption json;

    @Parameters(paramLabel = "APP", description = "App name")
    String app;

    @Option(names = "--to", required = true, paramLabel = "ENV", description = "The environment to promote into")
    String to;

    @ArgGroup(multiplicity = "1")
    Artifact artifact;

    static final class Artifact {
        @Option(names = "--commit", required = true, paramLabel = "COMMIT",
                description = "The artifact built from this commit (full or abbreviated id)")
        String commit;

        @Option(names = "--from", required = true, paramLabel = "ENV",
                description = "The artifact live in this environment now")
        String from;
    }

    @Override
    public Integer call() {
        ApiClient api = global.api();
        JsonNode body = api.post(ApiClient.appPath(app) + "/promotions", new NewPromotion(to, artifact.commit, artifact.from));
        if (json.enabled()) {
            global.out().println(ApiClient.pretty(body));
            return 0;
        }
        PromotionPrinter.print(api.read(body, Promotion.class), global.out());
        return 0;
    }
}
