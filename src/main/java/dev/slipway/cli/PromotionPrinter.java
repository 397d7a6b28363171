package dev.slipway.cli;

import dev.slipway.cli.PromotionBodies.Gate;
import dev.slipway.cli.PromotionBodies.Promotion;
import java.io.PrintWriter;
import java.util.Set;

/** How a promotion reads on a terminal: one line of what and where, its gates as a table, what happens next. */
final class PromotionPrinter {
    private static final Set<String> WAITING = Set.of("PENDING");
    private static final Set<String> UNDER_WAY = Set.of("APPROVED", "DEPLOYING");

    private PromotionPrinter() {}

    static String headline(Promotion p) {
        return "Promotion #" + p.id() + " of " + p.app() + " to " + p.environment() + ": " + Formats.orNone(p.state())
                + (p.reason() == null || p.reason().isBlank() ? "" : " (" + Formats.firstLine(p.reason()) + ")");
    }

    static String artifact(Promotion p) {
        return "artifact " + Formats.orNone(p.digest()) + " (commit " + Formats.commit(p.commit())
                + (p.run() == null ? "" : ", run #" + p.run()) + ")";
    }

    static void gates(Promotion p, PrintWriter out) {
        if (p.gates().isEmpty()) {
            return;
        }
        Table table = new Table("GATE", "STATUS", "DETAIL");
        for (Gate g : p.gates()) {
            table.row(Formats.orNone(g.name()), Formats.orNone(g.status()), Formats.orNone(g.detail()));
        }
        table.print(out);
    }

    /** One line on what comes next, so nobody has to guess whether to wait, act or look. */
    static String next(Promotion p) {
        String app = p.app();
        if (WAITING.contains(p.state())) {
            return "It moves on by itself once every gate passes; see `slipway promotion show " + app + " " + p.id() + "`";
        }
        if (UNDER_WAY.contains(p.state())) {
            return "Deploying" + (p.deployment() == null ? "" : " as deployment #" + p.deployment())
                    + "; watch it with `slipway history " + app + " " + p.environment() + "`";
        }
        return null;
    }

    static void print(Promotion p, PrintWriter out) {
        out.println(headline(p));
        out.println("  " + artifact(p));
        gates(p, out);
        String next = next(p);
        if (next != null) {
            out.println(next);
        }
    }
}
