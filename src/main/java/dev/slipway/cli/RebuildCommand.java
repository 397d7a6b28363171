package dev.slipway.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code slipway rebuild APP COMMIT}: is the commit's artifact reproducible? The server builds the commit again from
 * nothing and compares digests; this waits for the answer and prints it (exit 0 only when SAME).
 */
@Command(name = "rebuild", mixinStandardHelpOptions = true,
        description = "Build a commit again in a fresh workspace (no caches, nothing reused) and compare the digest "
                + "with its recorded artifact; exits non-zero when it differs or the rebuild fails")
final class RebuildCommand implements Callable<Integer> {
    static final int EXIT_NOT_REPRODUCIBLE = 2;
    private static final Duration POLL = Duration.ofMillis(500);

    @Mixin
    GlobalOptions global;

    @Parameters(index = "0", paramLabel = "APP", description = "App name")
    String app;

    @Parameters(index = "1", paramLabel = "COMMIT", description = "Commit id, full or abbreviated (see `slipway runs APP`)")
    String commit;

    @Option(names = "--no-wait", description = "Start the rebuild and return; see it later in `GET /api/v1/apps/APP/rebuilds`")
    boolean noWait;

    @Option(names = "--timeout-minutes", description = "How long to wait for the result (default ${DEFAULT-VALUE})",
            defaultValue = "60")
    long timeoutMinutes;

    @Override
    public Integer call() throws InterruptedException {
        ApiClient api = global.api();
        JsonNode rebuild = api.post(ApiClient.appPath(app) + "/rebuilds", Map.of("commit", commit));
        long id = rebuild.path("id").asLong();
        global.out().println("rebuild #" + id + " of " + app + " @ " + rebuild.path("commit").asText()
                + ": building it again to compare with " + rebuild.path("artifact").asText());
        global.out().flush();
        if (noWait) {
            return 0;
        }
        Duration timeout = Duration.ofMinutes(timeoutMinutes);
        Instant deadline = Instant.now().plus(timeout);
        while ("RUNNING".equals(rebuild.path("outcome").asText())) {
            if (Instant.now().isAfter(deadline)) {
                global.err().println("rebuild #" + id + " is still running after " + timeout
                        + "; see it with `curl …/api/v1/apps/" + app + "/rebuilds/" + id + "`");
                return EXIT_NOT_REPRODUCIBLE;
            }
            Thread.sleep(POLL.toMillis());
            rebuild = api.get(ApiClient.appPath(app) + "/rebuilds/" + id);
        }
        String outcome = rebuild.path("outcome").asText();
        String head = "rebuild #" + id + ": " + outcome;
        global.out().println(switch (outcome) {
            case "SAME" -> head + ": " + rebuild.path("artifact").asText() + " built again byte for byte";
            case "DIFFERENT" -> head + ": recorded " + rebuild.path("artifact").asText() + ", rebuilt "
                    + rebuild.path("rebuilt").asText() + "; these entries differ:";
            default -> head + ": " + rebuild.path("detail").asText();
        });
        for (JsonNode difference : rebuild.path("differences")) {
            global.out().println("  " + difference.asText());
        }
        return "SAME".equals(outcome) ? 0 : EXIT_NOT_REPRODUCIBLE;
    }
}
