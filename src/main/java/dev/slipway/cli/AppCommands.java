package dev.slipway.cli;

import dev.slipway.cli.ApiBodies.App;
import dev.slipway.cli.ApiBodies.AppList;
import java.io.PrintWriter;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code slipway app create|list}. */
@Command(
        name = "app",
        description = "Create and list apps",
        mixinStandardHelpOptions = true,
        subcommands = {AppCommands.CreateApp.class, AppCommands.ListApps.class})
final class AppCommands {

    @Command(name = "create", description = "Create an app and print its git remote", mixinStandardHelpOptions = true)
    static final class CreateApp implements Callable<Integer> {
        @Mixin
        GlobalOptions global;

        @Parameters(paramLabel = "NAME", description = "App name")
        String name;

        @Override
        public Integer call() {
            ApiClient api = global.api();
            App app = api.read(api.post("/api/v1/apps", Map.of("name", name)), App.class);
            PrintWriter out = global.out();
            out.println("Created app " + app.name());
            // Indented on its own line so it can be copied straight into a shell.
            out.println("  git remote add slipway " + (app.remoteUrl() != null ? app.remoteUrl() : app.gitUrl()));
            out.println("When git asks for a password, give a Slipway token (yours is in SLIPWAY_TOKEN; "
                    + "`slipway token create` makes another).");
            return 0;
        }
    }

    @Command(name = "list", description = "List apps", mixinStandardHelpOptions = true)
    static final class ListApps implements Callable<Integer> {
        @Mixin
        GlobalOptions global;

        @Mixin
        JsonOption json;

        @Override
        public Integer call() {
            AppList apps = json.read(global, "/api/v1/apps", AppList.class);
            if (apps == null) { // --json printed it
                return 0;
            }
            PrintWriter out = global.out();
            if (apps.apps().isEmpty()) {
                out.println("No apps yet: create one with `slipway app create NAME`");
                return 0;
            }
            Table table = new Table("NAME", "GIT URL", "CREATED");
            apps.apps().forEach(app -> table.row(
                    app.name(), Formats.orNone(app.gitUrl()), Formats.age(app.createdAt(), global.now())));
            table.print(out);
            return 0;
        }
    }
}
