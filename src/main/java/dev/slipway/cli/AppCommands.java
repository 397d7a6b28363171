package dev.slipway.cli;

import dev.slipway.cli.ApiBodies.App;
import dev.slipway.cli.ApiBodies.AppList;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code slipway app create|list|show}. */
@Command(
        name = "app",
        description = "Create, list and show apps",
        mixinStandardHelpOptions = true,
        subcommands = {AppCommands.CreateApp.class, AppCommands.ListApps.class, AppCommands.ShowApp.class})
final class AppCommands {

    @Command(name = "create", description = "Create an app and print its git remote; with --from, an app that follows "
            + "a repository on GitHub, GitLab, Gitea or any git server", mixinStandardHelpOptions = true)
    static final class CreateApp implements Callable<Integer> {
        @Mixin
        GlobalOptions global;

        @Parameters(paramLabel = "NAME", description = "App name")
        String name;

        @Option(names = "--from", paramLabel = "URL", description = "Follow this repository (https://… or ssh://…): "
                + "its branches and tags become runs and promotions")
        String from;

        @Option(names = "--forge", paramLabel = "FORGE", description = "github, gitlab or gitea (taken from the host "
                + "for github.com, gitlab.com, codeberg.org)")
        String forge;

        @Option(names = "--api-url", paramLabel = "URL", description = "The forge's API, for a self-hosted one "
                + "(e.g. https://git.example.com/api/v4)")
        String apiUrl;

        @Option(names = "--branch-filter", paramLabel = "GLOB", description = "Follow only branches like this "
                + "(e.g. 'main' or 'release/*'); all by default")
        String branchFilter;

        @Option(names = "--poll-interval", paramLabel = "DURATION", description = "How often the repository is "
                + "polled besides webhooks (default 60s)")
        String pollInterval;

        @Option(names = "--token-file", paramLabel = "FILE", description = "HTTPS token (read access; status write "
                + "access to report statuses), kept as the app-wide secret FORGE_TOKEN")
        Path tokenFile;

        @Option(names = "--ssh-key-file", paramLabel = "FILE", description = "SSH private key for an ssh:// URL, kept "
                + "as the app-wide secret FORGE_SSH_KEY")
        Path sshKeyFile;

        @Option(names = "--known-hosts-file", paramLabel = "FILE", description = "The SSH server's host keys in "
                + "known_hosts form (e.g. from ssh-keyscan): the only keys trusted")
        Path knownHostsFile;

        @Option(names = "--webhook-secret-file", paramLabel = "FILE", description = "The webhook secret to use, "
                + "at least 16 characters (one is generated and shown once otherwise)")
        Path webhookSecretFile;

        @Option(names = "--report-statuses", negatable = true, description = "Report each run as a commit status "
                + "(default: when there is a forge and a token)")
        Boolean reportStatuses;

        @Option(names = "--report-deployments", description = "Report deployments to GitHub's Deployments API")
        boolean reportDeployments;

        @Override
        public Integer call() {
            ApiClient api = global.api();
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("name", name);
            if (from != null) {
                body.put("from", from);
                putIfSet(body, "forge", forge);
                putIfSet(body, "api_url", apiUrl);
                putIfSet(body, "branch_filter", branchFilter);
                putIfSet(body, "poll_interval", pollInterval);
                putIfSet(body, "token", read(tokenFile, "--token-file"));
                putIfSet(body, "ssh_key", read(sshKeyFile, "--ssh-key-file"));
                putIfSet(body, "known_hosts", read(knownHostsFile, "--known-hosts-file"));
                putIfSet(body, "webhook_secret", read(webhookSecretFile, "--webhook-secret-file"));
                putIfSet(body, "report_statuses", reportStatuses);
                if (reportDeployments) {
                    body.put("report_deployments", true);
                }
            } else if (forge != null || tokenFile != null || sshKeyFile != null || branchFilter != null) {
                throw CliException.refused("--forge, --token-file, --ssh-key-file and --branch-filter are for an app that "
                        + "follows a repository: give its URL with --from URL");
            }
            App app = api.read(api.post("/api/v1/apps", body), App.class);
            PrintWriter out = global.out();
            out.println("Created app " + app.name());
            if (app.upstream() != null) {
                printFollowed(out, app);
                return 0;
            }
            // Indented on its own line so it can be copied straight into a shell.
            out.println("  git remote add slipway " + (app.remoteUrl() != null ? app.remoteUrl() : app.gitUrl()));
            out.println("When git asks for a password, give a Slipway token (yours is in SLIPWAY_TOKEN; "
                    + "`slipway token create` makes another).");
            return 0;
        }

        private static void printFollowed(PrintWriter out, App app) {
            ApiBodies.Upstream u = app.upstream();
            out.println("It follows " + u.url() + (u.branchFilter() == null ? "" : " (branches " + u.branchFilter() + ")")
                    + ", polled every " + every(u.pollSeconds()) + "; its branches are being fetched and built now.");
            if (u.webhookUrl() != null) {
                out.println("Add a webhook on the forge (push, create and delete events; content type JSON):");
                out.println("  URL:    " + u.webhookUrl());
                out.println("  secret: " + u.webhookSecret());
                out.println("The secret is shown this once; `slipway secret set " + app.name()
                        + " FORGE_WEBHOOK_SECRET --app-wide` replaces it.");
            }
            out.println("Promote with `git push` to env/ refs of Slipway's own remote:");
            out.println("  git remote add slipway " + (app.remoteUrl() != null ? app.remoteUrl() : app.gitUrl()));
        }

        /** 60s, 5m, 24h: as the interval was most likely given. */
        static String every(long seconds) {
            if (seconds >= 3600 && seconds % 3600 == 0) {
                return seconds / 3600 + "h";
            }
            return seconds >= 60 && seconds % 60 == 0 ? seconds / 60 + "m" : seconds + "s";
        }

        private static void putIfSet(Map<String, Object> body, String key, Object value) {
            if (value != null) {
                body.put(key, value);
            }
        }

        private static String read(Path file, String option) {
            if (file == null) {
                return null;
            }
            try {
                return Files.readString(file, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw CliException.refused(option + " " + file + " cannot be read: " + e.getMessage());
            }
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
            boolean follows = apps.apps().stream().anyMatch(app -> app.upstream() != null);
            Table table = follows ? new Table("NAME", "GIT URL", "FOLLOWS", "CREATED") : new Table("NAME", "GIT URL", "CREATED");
            apps.apps().forEach(app -> {
                String created = Formats.age(app.createdAt(), global.now());
                if (follows) {
                    table.row(app.name(), Formats.orNone(app.gitUrl()),
                            app.upstream() == null ? Formats.NONE : app.upstream().url(), created);
                } else {
                    table.row(app.name(), Formats.orNone(app.gitUrl()), created);
                }
            });
            table.print(out);
            return 0;
        }
    }

    @Command(name = "show", description = "Show an app: its remote and, for a followed app, the repository and the "
            + "last look at it", mixinStandardHelpOptions = true)
    static final class ShowApp implements Callable<Integer> {
        @Mixin
        GlobalOptions global;

        @Mixin
        JsonOption json;

        @Parameters(paramLabel = "APP", description = "App name")
        String name;

        @Override
        public Integer call() {
            App app = json.read(global, "/api/v1/apps/" + name, App.class);
            if (app == null) {
                return 0;
            }
            PrintWriter out = global.out();
            out.println("app:      " + app.name());
            out.println("remote:   " + Formats.orNone(app.gitUrl()));
            ApiBodies.Upstream u = app.upstream();
            if (u == null) {
                return 0;
            }
            out.println("follows:  " + u.url() + (u.forge() == null ? "" : " (" + u.forge() + ")"));
            out.println("branches: " + (u.branchFilter() == null ? "all" : u.branchFilter()));
            out.println("polled:   every " + CreateApp.every(u.pollSeconds()));
            out.println("webhook:  " + Formats.orNone(u.webhookUrl()));
            out.println("reports:  " + (u.reportStatuses() ? "commit statuses" : "no statuses")
                    + (u.reportDeployments() ? ", deployments" : ""));
            out.println("synced:   " + (u.syncedAt() == null ? "not yet" : Formats.age(u.syncedAt(), global.now()) + " ago")
                    + (u.syncError() == null ? "" : " — failed: " + u.syncError()));
            return 0;
        }
    }
}
