package dev.slipway.cli;

import dev.slipway.cli.ApiBodies.GrantChange;
import dev.slipway.cli.ApiBodies.NewGrant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code slipway grant USER ROLE [--app APP]}: give a user a role on one app or on every app. */
@Command(
        name = "grant",
        description = "Give a user a role on an app, replacing the role they had there",
        mixinStandardHelpOptions = true)
final class GrantCommand implements Callable<Integer> {
    static final String EVERY_APP = "*";

    @Mixin
    GlobalOptions global;

    @Parameters(index = "0", paramLabel = "USER", description = "User name")
    String user;

    @Parameters(index = "1", paramLabel = "ROLE", description = "Role, e.g. viewer, developer, admin")
    String role;

    @Option(
            names = "--app",
            paramLabel = "APP",
            defaultValue = EVERY_APP,
            description = "The app the role applies to (default: ${DEFAULT-VALUE}, every app)")
    String app;

    @Override
    public Integer call() {
        ApiClient api = global.api();
        GrantChange change = api.read(api.post("/api/v1/grants", new NewGrant(user, role, app)), GrantChange.class);
        String line = change.user() + " is now " + change.role() + " on " + change.app();
        if (change.previousRole() != null) {
            line += " (was " + change.previousRole() + ")";
        }
        global.out().println(line);
        return 0;
    }
}
