package dev.slipway.cli;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/**
 * {@code slipway protect|unprotect APP ENV} and {@code slipway protections APP}: an admin's word on which environments
 * need a releaser to change. A pipeline file can make an environment stricter, never lift this.
 */
final class ProtectCommands {
    private ProtectCommands() {}

    record ProtectionView(String app, String environment, @JsonProperty("protected") boolean isProtected, String setBy,
                          String setAt) {}

    record ProtectionList(String app, List<ProtectionView> protections) {}

    /** protect and unprotect: the same call with the other word. */
    abstract static class Change implements Callable<Integer> {
        @Mixin
        GlobalOptions global;

        @Parameters(index = "0", paramLabel = "APP", description = "App name")
        String app;

        @Parameters(index = "1", paramLabel = "ENV", description = "Environment as the pipeline file names it")
        String env;

        abstract boolean protect();

        @Override
        public Integer call() {
            ApiClient api = global.api();
            api.put(ApiClient.appPath(app) + "/environments/" + ApiClient.segment(env) + "/protection",
                    Map.of("protected", protect()));
            global.out().println(protect()
                    ? env + " of " + app + " is protected: deploying, promoting, rolling back, swapping and setting "
                            + "secrets there need a releaser, whatever the pipeline file says"
                    : env + " of " + app + " is no longer protected by the server: it is protected only if its "
                            + "pipeline file says `protected: true`");
            return 0;
        }
    }

    @Command(name = "protect", mixinStandardHelpOptions = true,
            description = "Admin: changing the environment needs a releaser, whatever the pipeline file says")
    static final class Protect extends Change {
        @Override
        boolean protect() {
            return true;
        }
    }

    @Command(name = "unprotect", mixinStandardHelpOptions = true,
            description = "Admin: lift the server's protection (production is protected until this is run for it); "
                    + "a pipeline file saying `protected: true` still counts")
    static final class Unprotect extends Change {
        @Override
        boolean protect() {
            return false;
        }
    }

    @Command(name = "protections", mixinStandardHelpOptions = true,
            description = "What admins said about the app's environments' protection")
    static final class ListProtections implements Callable<Integer> {
        @Mixin
        GlobalOptions global;

        @Mixin
        JsonOption json;

        @Parameters(index = "0", paramLabel = "APP", description = "App name")
        String app;

        @Override
        public Integer call() {
            ProtectionList list = json.read(global, ApiClient.appPath(app) + "/protections", ProtectionList.class);
            if (list == null) { // --json printed it
                return 0;
            }
            PrintWriter out = global.out();
            if (list.protections().isEmpty()) {
                out.println("No admin has said anything about " + app + "'s environments: production is protected, "
                        + "the others as their pipeline file says");
                return 0;
            }
            Table table = new Table("ENVIRONMENT", "PROTECTED", "SET BY", "AT");
            list.protections().forEach(p -> table.row(p.environment(), p.isProtected() ? "yes" : "no", p.setBy(),
                    p.setAt()));
            table.print(out);
            return 0;
        }
    }
}
