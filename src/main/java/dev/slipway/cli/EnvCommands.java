package dev.slipway.cli;

import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code slipway env move-port}: changes to an environment itself rather than to what it runs. */
@Command(
        name = "env",
        description = "Change an environment itself (its stable port)",
        mixinStandardHelpOptions = true,
        subcommands = {EnvCommands.MovePort.class})
final class EnvCommands {
    record PortMoved(String app, String environment, int from, int to, String url) {}

    @Command(
            name = "move-port",
            description = {"Move the environment's stable public port (its address) to --port, or to a free port",
                "Slipway picks and prints; e.g. when another program holds the old one (`slipway status` says so).",
                "Needs the role that deploying there needs (releaser where protected); recorded and audited."},
            mixinStandardHelpOptions = true)
    static final class MovePort implements Callable<Integer> {
        @Mixin
        GlobalOptions global;

        @Parameters(index = "0", paramLabel = "APP", description = "App name")
        String app;

        @Parameters(index = "1", paramLabel = "ENV", description = "Environment, e.g. staging or dev-my-branch")
        String environment;

        @Option(names = "--port", paramLabel = "N", description = "The new port (default: a free one, picked by the server)")
        Integer port;

        @Override
        public Integer call() {
            ApiClient api = global.api();
            PortMoved moved = api.read(api.post(ApiClient.appPath(app) + "/environments/" + ApiClient.segment(environment)
                    + "/port", port == null ? Map.of() : Map.of("port", port)), PortMoved.class);
            global.out().println(moved.environment() + " of " + moved.app() + " moved from port " + moved.from()
                    + " to port " + moved.to() + ": " + moved.url());
            global.out().println("Its running service keeps the old address in SLIPWAY_URL until its next deploy");
            return 0;
        }
    }
}
