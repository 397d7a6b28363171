package dev.slipway.boot;

import dev.slipway.environment.local.RouterDaemon;
import dev.slipway.environment.local.RouterFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code slipway router}: the environments' stable addresses as a process of their own, serving the routes last
 * given (DATA/router/routes.json) whether or not Slipway runs. `slipway server --router process` starts it when
 * none runs and programs it; run it by hand only to serve beside Slipway on another data directory.
 */
@Command(name = "router", description = "Serve the environments' stable addresses (started by `slipway server`"
        + " by default; keeps serving while the server is down).", mixinStandardHelpOptions = true)
public final class RouterCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--data", paramLabel = "DIR", description = "data directory (default: ./slipway-data); the routes "
            + "are in DIR/router")
    Path data = Path.of("slipway-data");

    @Option(names = "--host", paramLabel = "ADDR", description = "address the environments are served on (default: "
            + "127.0.0.1; the server's --host)")
    String host = "127.0.0.1";

    @Override
    public Integer call() throws InterruptedException {
        RouterDaemon daemon;
        try {
            daemon = RouterDaemon.start(RouterFiles.in(data.toAbsolutePath().normalize()), host);
        } catch (IOException | RuntimeException e) {
            spec.commandLine().getErr().println("slipway: error: the router cannot start: " + e.getMessage());
            spec.commandLine().getErr().flush();
            return 1;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            daemon.close();
            stopped.countDown();
        }, "shutdown"));
        spec.commandLine().getOut().println("Slipway's router serves " + daemon.routeCount() + " route(s); control "
                + "channel on 127.0.0.1:" + daemon.controlPort());
        spec.commandLine().getOut().flush();
        stopped.await();
        return 0;
    }
}
