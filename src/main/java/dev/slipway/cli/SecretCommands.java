package dev.slipway.cli;

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
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code slipway secret set|list}. A value is never a command-line argument, where shell history and {@code ps}
 * would keep it: it comes from stdin (typed without echo at a terminal) or from a file.
 */
@Command(
        name = "secret",
        description = "Set secrets (values read from stdin) and list their names",
        mixinStandardHelpOptions = true,
        subcommands = {SecretCommands.SetSecret.class, SecretCommands.ListSecrets.class})
final class SecretCommands {
    /** The server's limit; a larger value is refused here before it is sent. */
    static final int MAX_BYTES = 64 * 1024;
    /** Values shorter than this are not masked in logs (the server's rule, repeated to warn). */
    static final int MIN_MASKED = 4;

    static String path(String app, String env) {
        return ApiClient.appPath(app) + "/environments/" + ApiClient.segment(env) + "/secrets";
    }

    @Command(
            name = "set",
            description = {"Set a secret's value for an environment, read from stdin or --value-file",
                "(one trailing newline is dropped, so `echo VALUE |` works)",
                "The service gets it as an environment variable at its next deploy or restart."},
            mixinStandardHelpOptions = true)
    static final class SetSecret implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        GlobalOptions global;

        @Parameters(index = "0", paramLabel = "APP", description = "App name")
        String app;

        @Parameters(index = "1", paramLabel = "ENV", description = "Environment as the pipeline file names it (dev, not dev-<branch>)")
        String env;

        @Parameters(index = "2", paramLabel = "NAME", description = "Variable name, e.g. API_KEY")
        String name;

        @Option(names = "--value-file", paramLabel = "FILE", description = "Read the value from FILE instead of stdin")
        Path valueFile;

        @Override
        public Integer call() {
            String value = withoutTrailingNewline(valueFile != null ? fromFile() : fromStdin());
            if (value.isEmpty()) {
                throw new ParameterException(spec.commandLine(), "the value is empty: pipe it in "
                        + "(e.g. `printf %s \"$VALUE\" | slipway secret set " + app + " " + env + " " + name
                        + "`) or use --value-file FILE");
            }
            ApiClient api = global.api();
            api.put(path(app, env) + "/" + ApiClient.segment(name), new SecretValue(value));
            global.out().println("Set secret " + name + " of " + app + " in " + env
                    + "; the service gets it at its next deploy or restart");
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
                char[] typed = console.readPassword("Value of %s for %s in %s (not shown): ", name, app, env);
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

    @Command(name = "list", description = "List the names of an environment's secrets (never their values)",
            mixinStandardHelpOptions = true)
    static final class ListSecrets implements Callable<Integer> {
        @Mixin
        GlobalOptions global;

        @Mixin
        JsonOption json;

        @Parameters(index = "0", paramLabel = "APP", description = "App name")
        String app;

        @Parameters(index = "1", paramLabel = "ENV", description = "Environment as the pipeline file names it")
        String env;

        @Override
        public Integer call() {
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
    }
}
