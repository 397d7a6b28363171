package dev.slipway.cli;

import dev.slipway.cli.ApiBodies.Run;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code slipway cancel APP RUN}: stop a queued or running run. */
@Command(name = "cancel", description = "Cancel a queued or running run", mixinStandardHelpOptions = true)
final class CancelCommand implements Callable<Integer> {
    // The server accepts the cancel (202) and may still be stopping the run's jobs.
    private static final Set<String> STILL_STOPPING = Set.of("QUEUED", "RUNNING");

    @Mixin
    GlobalOptions global;

    @Parameters(index = "0", paramLabel = "APP", description = "App name")
    String app;

    @Parameters(index = "1", paramLabel = "RUN", description = "Run number")
    int number;

    @Override
    public Integer call() {
        ApiClient api = global.api();
        Run run = api.read(api.post(ApiClient.appPath(app) + "/runs/" + number + "/cancel", null), Run.class);
        String state = Formats.orNone(run.state());
        String line = "Run #" + run.number() + " of " + app + ": " + state;
        if (STILL_STOPPING.contains(state)) {
            line += " (cancel requested; watch it with `slipway logs " + app + " " + run.number() + " -f`)";
        }
        global.out().println(line);
        return 0;
    }
}
