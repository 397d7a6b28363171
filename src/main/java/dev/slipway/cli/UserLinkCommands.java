package dev.slipway.cli;

import java.io.PrintWriter;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code slipway user link|unlink|links}: forge logins linked to users, so that a push on GitHub, GitLab or Gitea is
 * the Slipway user's (audit, "not the author") rather than {@code github:LOGIN}'s.
 */
final class UserLinkCommands {
    private UserLinkCommands() {}

    record Link(String forge, String login, String linkedAt, String linkedBy) {}

    record LinkList(String user, List<Link> links) {
        LinkList {
            links = links == null ? List.of() : links;
        }
    }

    /** Exactly one forge, with the login there. */
    static final class ForgeLogin {
        @Option(names = "--github", paramLabel = "LOGIN", description = "The user's GitHub login")
        String github;

        @Option(names = "--gitlab", paramLabel = "LOGIN", description = "The user's GitLab user name")
        String gitlab;

        @Option(names = "--gitea", paramLabel = "LOGIN", description = "The user's Gitea (or Forgejo) user name")
        String gitea;

        String forge() {
            return github != null ? "github" : gitlab != null ? "gitlab" : "gitea";
        }

        String login() {
            return github != null ? github : gitlab != null ? gitlab : gitea;
        }
    }

    /** Exactly one forge. */
    static final class ForgeChoice {
        @Option(names = "--github", description = "Unlink the user's GitHub login")
        boolean github;

        @Option(names = "--gitlab", description = "Unlink the user's GitLab user name")
        boolean gitlab;

        @Option(names = "--gitea", description = "Unlink the user's Gitea user name")
        boolean gitea;

        String forge() {
            return github ? "github" : gitlab ? "gitlab" : "gitea";
        }
    }

    @Command(name = "link", description = "Link a forge login to a user: their pushes there are theirs here",
            mixinStandardHelpOptions = true)
    static final class LinkUser implements Callable<Integer> {
        @Mixin
        GlobalOptions global;

        @Parameters(paramLabel = "USER", description = "Slipway user name")
        String user;

        @ArgGroup(exclusive = true, multiplicity = "1")
        ForgeLogin login;

        @Override
        public Integer call() {
            ApiClient api = global.api();
            String path = "/api/v1/users/" + ApiClient.segment(user) + "/links/" + login.forge();
            api.put(path, Map.of("login", login.login()));
            global.out().println("Linked " + login.forge() + " login " + login.login() + " to user " + user);
            return 0;
        }
    }

    @Command(name = "unlink", description = "Unlink a user's forge login", mixinStandardHelpOptions = true)
    static final class UnlinkUser implements Callable<Integer> {
        @Mixin
        GlobalOptions global;

        @Parameters(paramLabel = "USER", description = "Slipway user name")
        String user;

        @ArgGroup(exclusive = true, multiplicity = "1")
        ForgeChoice forge;

        @Override
        public Integer call() {
            ApiClient api = global.api();
            Link removed = api.read(api.delete("/api/v1/users/" + ApiClient.segment(user) + "/links/" + forge.forge()),
                    Link.class);
            global.out().println("Unlinked " + removed.forge() + " login " + removed.login() + " from user " + user);
            return 0;
        }
    }

    @Command(name = "links", description = "List a user's linked forge logins", mixinStandardHelpOptions = true)
    static final class ListLinks implements Callable<Integer> {
        @Mixin
        GlobalOptions global;

        @Mixin
        JsonOption json;

        @Parameters(paramLabel = "USER", description = "Slipway user name")
        String user;

        @Override
        public Integer call() {
            LinkList links = json.read(global, "/api/v1/users/" + ApiClient.segment(user) + "/links", LinkList.class);
            if (links == null) { // --json printed it
                return 0;
            }
            PrintWriter out = global.out();
            if (links.links().isEmpty()) {
                out.println("No forge logins linked to " + user + ": link one with `slipway user link " + user
                        + " --github LOGIN`");
                return 0;
            }
            Instant now = global.now();
            Table table = new Table("FORGE", "LOGIN", "LINKED", "BY");
            links.links().forEach(link -> table.row(link.forge(), link.login(), Formats.age(link.linkedAt(), now),
                    Formats.orNone(link.linkedBy())));
            table.print(out);
            return 0;
        }
    }
}
