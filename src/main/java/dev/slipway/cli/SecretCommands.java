package dev.slipway.cli;

import dev.slipway.cli.ApiBodies.AppWideSecretNames;
import dev.slipway.cli.ApiBodies.SecretNames;
import dev.slipway.cli.ApiBodies.SecretValue;
import java.io.ByteArrayOutputStream;
import java.io.Console;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code slipway secret set|list|remove}. A value is never a command-line argument, where shell history and {@code ps}
 * would keep it: it comes from stdin (typed without echo at a terminal) or from a file. {@code --app-wide} names a
 * secret of the whole app (no ENV): credentials Slipway uses on the app's behalf, such as a registry's login.
 */
@Command(
        name = "secret",
        description = "Set secrets (values read from stdin), list their names, remove app-wide ones",
        mixinStandardHelpOptions = true,
        subcommands = {SecretCommands.SetSecret.class, SecretCommands.ListSecrets.class,
            SecretCommands.RemoveSecret.class})
final class SecretCommands {
    /** The server's limit; a larger value is refused here before it is sent. */
    static final int MAX_BYTES = 64 * 1024;
    /** Values shorter than this are not masked in logs (the server's rule, repeated to warn). */
    static final int MIN_MASKED = 4;

    static String path(String app, String env) {
        return ApiClient.appPath(app) + "/environments/" + ApiClient.segment(env) + "/secrets";
    }

    static String appWidePath(String app) {
        return ApiClient.appPath(app) + "/secrets";
    }

    /**
     * ENV NAME, or NAME alone with --app-wide: which secret the positional words after APP name.
     *
     * @return {env or null, name}
     */
    static String[] envAndName(CommandSpec spec, String app, List<String> words, boolean appWide) {
        if (appWide && words.size() == 1) {
            return new String[] {null, words.get(0)};
        }
        if (!appWide && words.size() == 2) {
            return new String[] {words.get(0), words.get(1)};
        }
        throw new ParameterException(spec.commandLine(), appWide
                ? "an app-wide secret has no environment: `slipway secret " + spec.name() + " " + app + " NAME --app-wide`"
                : "name the environment and the secret: `slipway secret " + spec.name() + " " + app + " ENV NAME` "
                        + "(or `" + app + " NAME --app-wide` for a secret of the whole app)");
    }

    @Command(
            name = "set",
            description = {"Set a secret's value for an environment (APP ENV NAME) or the whole app (APP NAME --app-wide),",
                "read from stdin or --value-file (one trailing newline is dropped, so `echo VALUE |` works)",
                "The service gets an environment's secret as an environment variable at its next deploy or restart;",
                "an app-wide secret is for Slipway's own use on the app's behalf (e.g. registry credentials USER:PASSWORD)",
                "and needs the releaser role."},
            mixinStandardHelpOptions = true)
    static final class SetSecret implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        GlobalOptions global;

        @Parameters(index = "0", paramLabel = "APP", description = "App name")
        String app;

        @Parameters(index = "1..2", arity = "1..2", paramLabel = "ENV NAME",
                description = "Environment as the pipeline file names it (dev, not dev-<branch>) and the variable name, "
                        + "e.g. staging API_KEY; with --app-wide only the name")
        List<String> words;

        @Option(names = "--app-wide", description = "A secret of the whole app, in no environment")
        boolean appWide;

        @Option(names = "--value-file", paramLabel = "FILE", description = "Read the value from FILE instead of stdin")
        Path valueFile;

        String env;
        String name;

        @Override
        public Integer call() {
            String[] which = envAndName(spec, app, words, appWide);
            env = which[0];
            name = which[1];
            String value = withoutTrailingNewline(valueFile != null ? fromFile() : fromStdin());
            if (value.isEmpty()) {
                throw new ParameterException(spec.commandLine(), "the value is empty: pipe it in "
                        + "(e.g. `printf %s \"$VALUE\" | slipway secret set " + app + " "
                        + (appWide ? name + " --app-wide" : env + " " + name) + "`) or use --value-file FILE");
            }
            ApiClient api = global.api();
            if (appWide) {
                api.put(appWidePath(app) + "/" + ApiClient.segment(name), new SecretValue(value));
                global.out().println("Set app-wide secret " + name + " of " + app);
            } else {
                api.put(path(app, env) + "/" + ApiClient.segment(name), new SecretValue(value));
                global.out().println("Set secret " + name + " of " + app + " in " + env
                        + "; the service gets it at its next deploy or restart");
            }
            if (value.length() < MIN_MASKED) {
                global.err().println("note: values shorter than " + MIN_MASKED + " characters are not masked in logs");
            }
            return 0;
        }

        private String fromFile() {
            try {
                if (Files.size(valueFile) > MAX_BYTES + 2) {
                    throw tooLarge();
                }
                return Files.readString(valueFile, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new ParameterException(spec.commandLine(), "cannot read --value-file " + valueFile + ": " + e);
            }
        }

        /** At a terminal the value is typed without echo; otherwise stdin is read to its end. */
        private String fromStdin() {
            InputStream in = SlipwayCli.of(spec).in();
            Console console = System.console();
            if (in == System.in && console != null) {
                char[] typed = console.readPassword("Value of %s for %s%s (not shown): ", name, app,
                        env == null ? " (app-wide)" : " in " + env);
                return typed == null ? "" : new String(typed);
            }
            try {
                ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                byte[] buffer = new byte[8192];
                for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                    bytes.write(buffer, 0, n);
                    if (bytes.size() > MAX_BYTES + 2) {
                        throw tooLarge();
                    }
                }
                return bytes.toString(StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new ParameterException(spec.commandLine(), "cannot read the value from stdin: " + e);
            }
        }

        private ParameterException tooLarge() {
            return new ParameterException(spec.commandLine(), "the value is larger than 64 KiB, the most a secret may hold");
        }

        static String withoutTrailingNewline(String value) {
            if (value.endsWith("\r\n")) {
                return value.substring(0, value.length() - 2);
            }
            return value.endsWith("\n") ? value.substring(0, value.length() - 1) : value;
        }
    }

    @Command(name = "list", description = "List the names of an environment's (or with --app-wide, the app's) secrets, "
            + "never their values", mixinStandardHelpOptions = true)
    static final class ListSecrets implements Callable<Integer> {
        @Mixin
        GlobalOptions global;

        @Mixin
        JsonOption json;

        @Parameters(index = "0", paramLabel = "APP", description = "App name")
        String app;

        @Parameters(index = "1", arity = "0..1", paramLabel = "ENV", description = "Environment as the pipeline file names it")
        String env;

        @Option(names = "--app-wide", description = "The app's app-wide secrets instead of an environment's")
        boolean appWide;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            if (appWide == (env != null)) {
                throw new ParameterException(spec.commandLine(), appWide
                        ? "an app-wide secret has no environment: `slipway secret list " + app + " --app-wide`"
                        : "name the environment (`slipway secret list " + app + " ENV`) or use --app-wide");
            }
            if (appWide) {
                return listAppWide();
            }
            SecretNames secrets = json.read(global, path(app, env), SecretNames.class);
            if (secrets == null) { // --json printed it
                return 0;
            }
            PrintWriter out = global.out();
            if (secrets.names().isEmpty()) {
                out.println("No secrets set for " + env + " of " + app + " yet: set one with `slipway secret set "
                        + app + " " + env + " NAME` (the value is read from stdin)");
                return 0;
            }
            secrets.names().forEach(out::println);
            return 0;
        }

        private int listAppWide() {
            AppWideSecretNames secrets = json.read(global, appWidePath(app), AppWideSecretNames.class);
            if (secrets == null) {
                return 0;
            }
            if (secrets.names().isEmpty()) {
                global.out().println("No app-wide secrets set for " + app + " yet: set one with `slipway secret set "
                        + app + " NAME --app-wide` (the value is read from stdin)");
                return 0;
            }
            secrets.names().forEach(global.out()::println);
            return 0;
        }
    }

    @Command(name = "remove", description = "Remove an app-wide secret (APP NAME --app-wide); an environment's secret "
            + "is replaced with `secret set`", mixinStandardHelpOptions = true)
    static final class RemoveSecret implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        GlobalOptions global;

        @Parameters(index = "0", paramLabel = "APP", description = "App name")
        String app;

        @Parameters(index = "1..2", arity = "1..2", paramLabel = "NAME", description = "The app-wide secret's name")
        List<String> words;

        @Option(names = "--app-wide", description = "A secret of the whole app (required: only these can be removed)")
        boolean appWide;

        @Override
        public Integer call() {
            if (!appWide) {
                throw new ParameterException(spec.commandLine(), "only app-wide secrets can be removed: `slipway secret "
                        + "remove " + app + " NAME --app-wide`; replace an environment's secret with `slipway secret set`");
            }
            String name = envAndName(spec, app, words, true)[1];
            global.api().delete(appWidePath(app) + "/" + ApiClient.segment(name));
            global.out().println("Removed app-wide secret " + name + " of " + app);
            return 0;
        }
    }
}
