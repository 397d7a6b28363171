package dev.slipway.cli;

import dev.slipway.cli.ApiBodies.EnvironmentStatus;
import dev.slipway.cli.ApiBodies.Status;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code slipway status APP}: what runs where, by commit and by digest. */
@Command(name = "status", description = "Show what each environment of an app runs", mixinStandardHelpOptions = true)
final class StatusCommand implements Callable<Integer> {
    @Mixin
    GlobalOptions global;

    @Mixin
    JsonOption json;

    @Parameters(paramLabel = "APP", description = "App name")
    String app;

    @Override
    public Integer call() {
        Status status = json.read(global, ApiClient.appPath(app) + "/status", Status.class);
        if (status == null) { // --json printed it
            return 0;
        }
        PrintWriter out = global.out();
        if (status.environments().isEmpty()) {
            out.println("No environments for " + app + " yet: push a commit to deploy one");
            return 0;
        }
        Instant now = global.now();
        Table table = new Table("ENVIRONMENT", "COMMIT", "DIGEST", "STATE", "URL", "AGE");
        for (EnvironmentStatus env : status.environments()) {
            table.row(
                    env.name(),
                    Formats.commit(env.commit(), env.builtFrom()),
                    Formats.digest(env.digest()),
                    Formats.orNone(env.state()),
                    Formats.orNone(env.url()),
                    Formats.age(env.deployedAt(), now));
        }
        table.print(out);
        for (EnvironmentStatus env : status.environments()) {
            if (env.unavailable() != null) {
                out.println(env.name() + " is unavailable: " + env.unavailable());
            }
            if (env.service() != null) {
                printTrouble(out, env);
            }
        }
        printTargets(out, status.environments(), now);
        List<EnvironmentStatus> blueGreen = status.environments().stream().filter(e -> e.liveSlot() != null
                || e.idleSlot() != null).toList();
        if (!blueGreen.isEmpty()) {
            out.println();
            Table slots = new Table("ENVIRONMENT", "LIVE SLOT", "LIVE DIGEST", "IDLE SLOT", "IDLE DIGEST", "IDLE STATE",
                    "PREVIEW URL");
            for (EnvironmentStatus env : blueGreen) {
                slots.row(env.name(), Formats.orNone(env.liveSlot()), Formats.digest(env.digest()),
                        Formats.orNone(env.idleSlot()), Formats.digest(env.idleDigest()), Formats.orNone(env.idleState()),
                        Formats.orNone(env.previewUrl()));
            }
            slots.print(out);
        }
        return 0;
    }

    /** Per target of the environments on several: digest, slot, health, in sync or not and since when. */
    private static void printTargets(PrintWriter out, List<EnvironmentStatus> environments, Instant now) {
        List<EnvironmentStatus> onTargets = environments.stream().filter(e -> !e.targets().isEmpty()).toList();
        if (onTargets.isEmpty()) {
            return;
        }
        out.println();
        Table table = new Table("ENVIRONMENT", "TARGET", "DIGEST", "SLOT", "HEALTH", "SYNC", "SINCE", "DETAIL");
        for (EnvironmentStatus env : onTargets) {
            for (ApiBodies.Target t : env.targets()) {
                table.row(env.name(), t.target(), Formats.digest(t.digest()), Formats.orNone(t.slot()),
                        t.healthy() ? "healthy" : "failing", t.sync().toLowerCase(java.util.Locale.ROOT).replace('_', ' '),
                        Formats.age(t.since(), now), Formats.orNone(t.detail()));
            }
        }
        table.print(out);
    }

    /** Why the live service is down, with its exit code and last output lines, and how to bring it back. */
    private void printTrouble(PrintWriter out, EnvironmentStatus env) {
        ApiBodies.Service service = env.service();
        out.println();
        out.println(env.name() + " is " + service.state() + " (exit code "
                + (service.exitCode() == null ? "unknown" : service.exitCode()) + "): " + service.reason());
        if (service.nextAttempt() != null) {
            out.println("  restart " + service.restarts() + " at " + service.nextAttempt());
        }
        if (!service.lastLines().isEmpty()) {
            out.println("  last lines of its output:");
            service.lastLines().forEach(line -> out.println("    | " + line));
        }
        if (!"RESTARTING".equals(service.state())) {
            out.println("  bring it back with `slipway restart " + app + " " + env.name() + "`");
        }
    }
}
