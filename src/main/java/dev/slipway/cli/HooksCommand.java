package dev.slipway.cli;

import java.io.PrintWriter;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code slipway hooks APP}: the webhook deliveries the app received, newest first, and what came of each. */
@Command(name = "hooks", description = "List the webhook deliveries an app received, newest first",
        mixinStandardHelpOptions = true)
final class HooksCommand implements Callable<Integer> {
    record Delivery(long id, String deliveryId, String forge, String event, String ref, String receivedAt,
                    String outcome, String detail) {}

    record DeliveryList(String app, List<Delivery> deliveries) {
        DeliveryList {
            deliveries = deliveries == null ? List.of() : deliveries;
        }
    }

    @Spec
    CommandSpec spec;

    @Mixin
    GlobalOptions global;

    @Mixin
    JsonOption json;

    @Parameters(paramLabel = "APP", description = "App name")
    String app;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "20",
            description = "At most N deliveries (default: ${DEFAULT-VALUE})")
    int limit;

    @Override
    public Integer call() {
        if (limit < 1) {
            throw new ParameterException(spec.commandLine(), "--limit must be at least 1, got " + limit);
        }
        DeliveryList list = json.read(global, ApiClient.appPath(app) + "/hooks?limit=" + limit, DeliveryList.class);
        if (list == null) { // --json printed it
            return 0;
        }
        PrintWriter out = global.out();
        if (list.deliveries().isEmpty()) {
            out.println("No webhook deliveries for " + app + " yet: point the forge's webhook at this server's "
                    + "/hooks/github, /hooks/gitlab or /hooks/gitea");
            return 0;
        }
        Instant now = global.now();
        Table table = new Table("DELIVERY", "FORGE", "EVENT", "REF", "RECEIVED", "OUTCOME", "DETAIL");
        for (Delivery d : list.deliveries()) {
            table.row(d.deliveryId(), d.forge(), d.event(), Formats.orNone(d.ref()), Formats.age(d.receivedAt(), now),
                    Formats.orNone(d.outcome()), d.detail() == null ? "" : Formats.firstLine(d.detail()));
        }
        table.print(out);
        return 0;
    }
}
