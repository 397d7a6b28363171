package dev.slipway.cli;

import dev.slipway.cli.ApiBodies.User;
import dev.slipway.cli.ApiBodies.UserList;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code slipway user create|list|link|unlink|links}. */
@Command(
        name = "user",
        description = "Create and list users; link their forge logins",
        mixinStandardHelpOptions = true,
        subcommands = {UserCommands.CreateUser.class, UserCommands.ListUsers.class, UserLinkCommands.LinkUser.class,
            UserLinkCommands.UnlinkUser.class, UserLinkCommands.ListLinks.class})
final class UserCommands {

    @Command(name = "create", description = "Create a user (with no roles yet)", mixinStandardHelpOptions = true)
    static final class CreateUser implements Callable<Integer> {
        @Mixin
        GlobalOptions global;

        @Parameters(paramLabel = "NAME", description = "User name")
        String name;

        @Override
        public Integer call() {
            ApiClient api = global.api();
            User user = api.read(api.post("/api/v1/users", Map.of("name", name)), User.class);
            PrintWriter out = global.out();
            out.println("Created user " + user.name());
            // A user without a token cannot do anything yet; say what comes next.
            out.println("  give them a token: slipway token create --user " + user.name());
            return 0;
        }
    }

    @Command(name = "list", description = "List users and their roles", mixinStandardHelpOptions = true)
    static final class ListUsers implements Callable<Integer> {
        @Mixin
        GlobalOptions global;

        @Mixin
        JsonOption json;

        @Override
        public Integer call() {
            UserList users = json.read(global, "/api/v1/users", UserList.class);
            if (users == null) { // --json printed it
                return 0;
            }
            PrintWriter out = global.out();
            if (users.users().isEmpty()) {
                out.println("No users yet: create one with `slipway user create NAME`");
                return 0;
            }
            Instant now = global.now();
            Table table = new Table("NAME", "ROLES", "CREATED");
            users.users().forEach(user -> table.row(user.name(), roles(user), Formats.age(user.createdAt(), now)));
            table.print(out);
            return 0;
        }

        /** {@code admin on *, developer on hello}, in the server's order. */
        static String roles(User user) {
            if (user.grants().isEmpty()) {
                return Formats.NONE;
            }
            return user.grants().stream()
                    .map(grant -> Formats.orNone(grant.role()) + " on " + Formats.orNone(grant.app()))
                    .collect(Collectors.joining(", "));
        }
    }
}
