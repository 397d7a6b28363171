package dev.slipway.cli;

import dev.slipway.cli.PromotionBodies.Decision;
import dev.slipway.cli.PromotionBodies.Gate;
import dev.slipway.cli.PromotionBodies.Promotion;
import dev.slipway.cli.PromotionBodies.PromotionList;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code slipway promotion show APP ID} and {@code slipway promotion list APP}. */
@Command(
        name = "promotion",
        description = "Show a promotion and its gates, or list an app's promotions",
        mixinStandardHelpOptions = true,
        subcommands = {PromotionCommands.ShowPromotion.class, PromotionCommands.ListPromotions.class})
final class PromotionCommands {

    @Command(name = "show", description = "Show a promotion: which gates pass, which wait and why", mixinStandardHelpOptions = true)
    static final class ShowPromotion implements Callable<Integer> {
        @Mixin
        GlobalOptions global;

        @Mixin
        JsonOption json;

        @Parameters(index = "0", paramLabel = "APP", description = "App name")
        String app;

        @Parameters(index = "1", paramLabel = "ID", description = "Promotion number")
        long id;

        @Override
        public Integer call() {
            Promotion p = json.read(global, ApiClient.appPath(app) + "/promotions/" + id, Promotion.class);
            if (p == null) { // --json printed it
                return 0;
            }
            PrintWriter out = global.out();
            Instant now = global.now();
            out.println(PromotionPrinter.headline(p));
            out.println("  " + PromotionPrinter.artifact(p));
            out.println("  requested by " + Formats.orNone(p.requestedBy()) + " via " + Formats.orNone(p.source()) + ", "
                    + Formats.age(p.createdAt(), now) + " ago; pushed by " + Formats.orNone(p.author()));
            if (p.deployment() != null) {
                out.println("  deployment #" + p.deployment());
            }
            PromotionPrinter.gates(p, out);
            for (Decision d : p.approvals()) {
                out.println(("reject".equals(d.decision()) ? "Rejected by " : "Approved by ") + d.user() + " "
                        + Formats.age(d.at(), now) + " ago" + (d.reason() == null ? "" : ": " + d.reason()));
            }
            String next = PromotionPrinter.next(p);
            if (next != null && !next.contains("promotion show")) {
                out.println(next);
            }
            return 0;
        }
    }

    @Command(name = "list", description = "List an app's promotions, newest first", mixinStandardHelpOptions = true)
    static final class ListPromotions implements Callable<Integer> {
        @Mixin
        GlobalOptions global;

        @Mixin
        JsonOption json;

        @Parameters(paramLabel = "APP", description = "App name")
        String app;

        @Override
        public Integer call() {
            PromotionList list = json.read(global, ApiClient.appPath(app) + "/promotions", PromotionList.class);
            if (list == null) { // --json printed it
                return 0;
            }
            PrintWriter out = global.out();
            if (list.promotions().isEmpty()) {
                out.println("No promotions of " + app + " yet: promote with `slipway promote " + app
                        + " --to ENV --from ENV`");
                return 0;
            }
            Instant now = global.now();
            Table table = new Table("#", "ENVIRONMENT", "STATE", "DIGEST", "COMMIT", "BY", "AGE", "NOTE");
            for (Promotion p : list.promotions()) {
                table.row(String.valueOf(p.id()), Formats.orNone(p.environment()), Formats.orNone(p.state()),
                        Formats.digest(p.digest()), Formats.commit(p.commit()), Formats.orNone(p.requestedBy()),
                        Formats.age(p.createdAt(), now), note(p));
            }
            table.print(out);
            return 0;
        }

        /** What a waiting promotion waits for; else why it ended as it did. */
        static String note(Promotion p) {
            String waiting = p.gates().stream().filter(g -> !"passed".equals(g.status())).map(Gate::detail)
                    .collect(Collectors.joining("; "));
            if (!waiting.isEmpty()) {
                return "waits: " + waiting;
            }
            return p.reason() == null ? "" : Formats.firstLine(p.reason());
        }
    }
}
