package dev.slipway.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code slipway executor add|list|remove}: the Docker engines jobs that say {@code container: IMAGE} run on,
 * registered by an admin. TLS files are read here and sent as text; the server checks them, seals the key and never
 * returns it.
 */
@Command(
        name = "executor",
        description = "Admin: register Docker engines that jobs with `container:` run on",
        mixinStandardHelpOptions = true,
        subcommands = {ExecutorCommands.Add.class, ExecutorCommands.ListExecutors.class, ExecutorCommands.Remove.class})
final class ExecutorCommands {
    /** A PEM file is small; anything larger is not one. */
    private static final long MAX_PEM_BYTES = 64 * 1024;

    record ExecutorView(String name, String endpoint, boolean tls, boolean insecure, String createdAt,
                        String createdBy) {
        String security() {
            return endpoint.startsWith("unix:") ? "local socket (workspace mounted)"
                    : (tls ? "TLS" : "INSECURE (plain tcp)") + " (workspace copied)";
        }
    }

    record ExecutorList(List<ExecutorView> executors) {}

    @Command(name = "add", mixinStandardHelpOptions = true,
            description = "Register a Docker engine for container jobs: unix:///PATH on this host, or tcp://HOST:PORT "
                    + "with TLS client certificates")
    static final class Add implements Callable<Integer> {
        @Mixin
        GlobalOptions global;

        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "NAME", description = "Executor name (a-z, 0-9, '-')")
        String name;

        @Option(names = "--docker", required = true, paramLabel = "ENDPOINT",
                description = "The engine: unix:///var/run/docker.sock or tcp://HOST:PORT")
        String endpoint;

        @Option(names = "--tls-ca", paramLabel = "FILE", description = "CA certificate (PEM) that signed the engine's")
        Path tlsCa;

        @Option(names = "--tls-cert", paramLabel = "FILE", description = "Client certificate (PEM) the engine checks")
        Path tlsCert;

        @Option(names = "--tls-key", paramLabel = "FILE", description = "Client key (PEM); stored sealed, never shown")
        Path tlsKey;

        @Option(names = "--insecure", description = "Accept a tcp:// engine without TLS (anyone who reaches it can run containers)")
        boolean insecure;

        @Override
        public Integer call() {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("name", name);
            body.put("endpoint", endpoint);
            body.put("tls_ca", pem(tlsCa, "--tls-ca"));
            body.put("tls_cert", pem(tlsCert, "--tls-cert"));
            body.put("tls_key", pem(tlsKey, "--tls-key"));
            body.put("insecure", insecure);
            ApiClient api = global.api();
            ExecutorView added = api.read(api.post("/api/v1/executors", body), ExecutorView.class);
            global.out().println("executor " + added.name() + " added: docker at " + added.endpoint() + " ("
                    + added.security() + "); jobs with `container: IMAGE` run there");
            return 0;
        }

        private String pem(Path file, String option) {
            if (file == null) {
                return null;
            }
            try {
                if (Files.size(file) > MAX_PEM_BYTES) {
                    throw new ParameterException(spec.commandLine(), option + " " + file + " is larger than "
                            + MAX_PEM_BYTES / 1024 + " KiB: not a PEM file");
                }
                return Files.readString(file, StandardCharsets.US_ASCII);
            } catch (IOException e) {
                throw new ParameterException(spec.commandLine(), "cannot read " + option + " " + file + ": " + e);
            }
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Every executor")
    static final class ListExecutors implements Callable<Integer> {
        @Mixin
        GlobalOptions global;

        @Mixin
        JsonOption json;

        @Override
        public Integer call() {
            ExecutorList list = json.read(global, "/api/v1/executors", ExecutorList.class);
            if (list == null) {
                return 0;
            }
            PrintWriter out = global.out();
            if (list.executors().isEmpty()) {
                out.println("No executors: jobs with `container:` fail until an admin adds one with `slipway executor "
                        + "add NAME --docker unix:///var/run/docker.sock`");
                return 0;
            }
            Table table = new Table("NAME", "ENDPOINT", "SECURITY", "ADDED BY");
            list.executors().forEach(e -> table.row(e.name(), e.endpoint(), e.security(), e.createdBy()));
            table.print(out);
            return 0;
        }
    }

    @Command(name = "remove", mixinStandardHelpOptions = true,
            description = "Forget an executor (jobs running there run on)")
    static final class Remove implements Callable<Integer> {
        @Mixin
        GlobalOptions global;

        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @Override
        public Integer call() {
            global.api().delete("/api/v1/executors/" + ApiClient.segment(name));
            global.out().println("executor " + name + " removed");
            return 0;
        }
    }
}
