package dev.slipway.cli;

import dev.slipway.cli.PromotionBodies.Deployment;
import dev.slipway.cli.PromotionBodies.History;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code slipway history APP ENV}: every deployment of an environment, newest first. */
@Command(name = "history", description = "List an environment's deployments, newest first", mixinStandardHelpOptions = true)
final class HistoryCommand implements Callable<Integer> {
    private static final Set<String> WENT_WRONG = Set.of("FAILED", "ERRORED");

    @Mixin
    GlobalOptions global;

    @Mixin
    JsonOption json;

    @Parameters(index = "0", paramLabel = "APP", description = "App name")
    String app;

    @Parameters(index = "1", paramLabel = "ENV", description = "Environment")
    String environment;

    @Override
    public Integer call() {
        History history = json.read(global, ApiClient.appPath(app) + "/environments/" + ApiClient.segment(environment) + "/deployments", History.class);
        if (history == null) { // --json printed it
            return 0;
        }
        PrintWriter out = global.out();
        if (history.deployments().isEmpty()) {
            out.println("No deployments to " + environment + " of " + app + " yet");
            return 0;
        }
        Instant now = global.now();
        // WHO asked for it (for a promotion: who requested it, by command or tag); APPROVED BY: who let it through
        Table table = new Table("#", "COMMIT", "DIGEST", "HOW", "WHO", "APPROVED BY", "WHEN", "OUTCOME");
        for (Deployment d : history.deployments()) {
            table.row(String.valueOf(d.id()), Formats.commit(d.commit(), d.builtFrom()), Formats.digest(d.digest()),
                    d.trigger() == null ? Formats.NONE : d.trigger().toLowerCase(Locale.ROOT), Formats.orNone(d.actor()),
                    Formats.orNone(d.approvers()), Formats.age(d.createdAt(), now), outcome(d));
        }
        table.print(out);
        return 0;
    }

    /** The state, and for one that went wrong the first line of why. */
    static String outcome(Deployment d) {
        String state = Formats.orNone(d.state());
        return WENT_WRONG.contains(state) && d.reason() != null ? state + ": " + Formats.firstLine(d.reason()) : state;
    }
}
