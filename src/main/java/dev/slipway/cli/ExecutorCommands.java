package dev.slipway.cli;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/**
 * {@code slipway executor add|list|remove}: the Docker engines jobs that say {@code container: IMAGE} run on,
 * registered by an admin. TLS files are read here and sent as text; the server checks them, seals the key and never
 * returns it.
 */
@Command(
        name = "executor",
        description = "Admin: register Docker engines and Kubernetes clusters that jobs with `container:` run on",
        mixinStandardHelpOptions = true,
        subcommands = {ExecutorCommands.Add.class, ExecutorCommands.ListExecutors.class, ExecutorCommands.Remove.class})
final class ExecutorCommands {
    /** A PEM file is small; anything larger is not one. */

    record ExecutorView(String name, String kind, String endpoint, boolean tls, boolean insecure, String createdAt,
                        String createdBy, String namespace, String context, Boolean inCluster) {
        String security() {
            if ("kubernetes".equals(kind)) {
                return ClusterText.access(context, inCluster) + ", namespace " + namespace + " (jobs as pods)";
            }
            return endpoint.startsWith("unix:") ? "local socket (workspace mounted)"
                    : (tls ? "TLS" : "INSECURE (plain tcp)") + " (workspace copied)";
        }
    }

    record ExecutorList(List<ExecutorView> executors) {}

    @Command(name = "add", mixinStandardHelpOptions = true,
            description = "Register a Docker engine for container jobs (--docker unix:///PATH on this host, or "
                    + "tcp://HOST:PORT with TLS client certificates) or a Kubernetes cluster's namespace where they run "
                    + "as pods (--kubernetes --kubeconfig FILE [--context C] | --in-cluster, --namespace NS)")
    static final class Add implements Callable<Integer> {
        @Mixin
        GlobalOptions global;

        @Parameters(index = "0", paramLabel = "NAME", description = "Executor name (a-z, 0-9, '-')")
        String name;

        @Mixin
        EngineOptions engine;

        @Override
        public Integer call() {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("name", name);
            engine.putInto(body);
            ApiClient api = global.api();
            ExecutorView added = api.read(api.post("/api/v1/executors", body), ExecutorView.class);
            global.out().println("executor " + added.name() + " added: " + added.kind() + " at " + added.endpoint() + " ("
                    + added.security() + "); jobs with `container: IMAGE` run there");
            return 0;
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
            Table table = new Table("NAME", "KIND", "ENDPOINT", "ACCESS", "ADDED BY");
            list.executors().forEach(e -> table.row(e.name(), e.kind(), e.endpoint(), e.security(), e.createdBy()));
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
