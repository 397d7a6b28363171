package dev.slipway.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code slipway target add|list|show|remove|label|bind|unbind}: the machines apps run on, registered and bound by an
 * admin. TLS files are read here and sent as text; the server checks them, seals the key and never returns it.
 */
@Command(
        name = "target",
        description = "Admin: register Docker engines and Kubernetes clusters as targets and bind app environments to them",
        mixinStandardHelpOptions = true,
        subcommands = {TargetCommands.Add.class, TargetCommands.ListTargets.class, TargetCommands.Show.class,
            TargetCommands.Remove.class, TargetCommands.Label.class, TargetCommands.Bind.class,
            TargetCommands.Unbind.class})
final class TargetCommands {
    /** A PEM file is small; anything larger is not one. */

    record TargetView(String name, String kind, String endpoint, boolean tls, boolean insecure,
                      Map<String, String> labels, String createdAt, String createdBy, String namespace, String context,
                      Boolean inCluster) {
        String labelText() {
            return labels == null || labels.isEmpty() ? "-" : String.join(",", labels.entrySet().stream()
                    .map(e -> e.getKey() + "=" + e.getValue()).toList());
        }

        /** How Slipway gets in: a Docker engine's transport, or a cluster's kubeconfig context / service account. */
        String security() {
            return "kubernetes".equals(kind) ? ClusterText.access(context, inCluster)
                    : endpoint.startsWith("unix:") ? "local socket" : tls ? "TLS" : "INSECURE (plain tcp)";
        }

        String namespaceText() {
            return namespace == null ? "-" : namespace;
        }
    }

    record TargetList(List<TargetView> targets) {}

    record BindingView(String app, String environment, String target, String label, String boundAt, String boundBy) {
        String selector() {
            return target != null ? target : "label " + label;
        }
    }

    record TargetDetail(TargetView target, List<BindingView> boundBy) {}

    @Command(name = "add", mixinStandardHelpOptions = true,
            description = "Register a Docker engine (--docker unix:///PATH on this host, or tcp://HOST:PORT with TLS client "
                    + "certificates) or a Kubernetes cluster's namespace (--kubernetes --kubeconfig FILE [--context C] "
                    + "| --in-cluster, --namespace NS)")
    static final class Add implements Callable<Integer> {
        @Mixin
        GlobalOptions global;

        @Parameters(index = "0", paramLabel = "NAME", description = "Target name (a-z, 0-9, '-')")
        String name;

        @Mixin
        EngineOptions engine;

        @Option(names = "--label", paramLabel = "KEY=VALUE", description = "A label (repeatable), e.g. --label site=ka")
        List<String> labels = new ArrayList<>();

        @Override
        public Integer call() {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("name", name);
            engine.putInto(body);
            body.put("labels", labels);
            ApiClient api = global.api();
            TargetView added = api.read(api.post("/api/v1/targets", body), TargetView.class);
            global.out().println("target " + added.name() + " added: " + added.kind() + " at " + added.endpoint()
                    + (added.namespace() == null ? "" : ", namespace " + added.namespace()) + " (" + added.security()
                    + ")" + (added.labels().isEmpty() ? "" : ", labels " + added.labelText())
                    + "; bind it with `slipway target bind " + added.name() + " --app APP --env ENV`");
            return 0;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Every target")
    static final class ListTargets implements Callable<Integer> {
        @Mixin
        GlobalOptions global;

        @Mixin
        JsonOption json;

        @Override
        public Integer call() {
            TargetList list = json.read(global, "/api/v1/targets", TargetList.class);
            if (list == null) {
                return 0;
            }
            PrintWriter out = global.out();
            if (list.targets().isEmpty()) {
                out.println("No targets: every environment runs on this host. Add one with `slipway target add NAME "
                        + "--docker unix:///var/run/docker.sock` or `slipway target add NAME --kubernetes --kubeconfig "
                        + "FILE --namespace NS`");
                return 0;
            }
            Table table = new Table("NAME", "KIND", "ENDPOINT", "NAMESPACE", "ACCESS", "LABELS");
            list.targets().forEach(t -> table.row(t.name(), t.kind(), t.endpoint(), t.namespaceText(), t.security(),
                    t.labelText()));
            table.print(out);
            return 0;
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "A target and the environments bound to it")
    static final class Show implements Callable<Integer> {
        @Mixin
        GlobalOptions global;

        @Mixin
        JsonOption json;

        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @Override
        public Integer call() {
            TargetDetail detail = json.read(global, "/api/v1/targets/" + ApiClient.segment(name), TargetDetail.class);
            if (detail == null) {
                return 0;
            }
            PrintWriter out = global.out();
            TargetView t = detail.target();
            out.println("target:   " + t.name());
            out.println("kind:     " + t.kind());
            out.println("endpoint: " + t.endpoint() + " (" + t.security() + ")");
            if (t.namespace() != null) {
                out.println("namespace: " + t.namespace());
                out.println("context:  " + (t.context() == null ? "-" : t.context()));
            }
            out.println("labels:   " + t.labelText());
            out.println("added:    " + t.createdAt() + " by " + t.createdBy());
            if (detail.boundBy().isEmpty()) {
                out.println("bound:    nothing (`slipway target bind " + t.name() + " --app APP --env ENV`)");
                return 0;
            }
            out.println("bound:");
            Table table = new Table("APP", "ENVIRONMENT", "BY", "BOUND BY", "AT");
            detail.boundBy().forEach(b -> table.row(b.app(), b.environment(), b.selector(), b.boundBy(), b.boundAt()));
            table.print(out);
            return 0;
        }
    }

    @Command(name = "remove", mixinStandardHelpOptions = true, description = "Forget a target (refused while bound)")
    static final class Remove implements Callable<Integer> {
        @Mixin
        GlobalOptions global;

        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @Override
        public Integer call() {
            global.api().delete("/api/v1/targets/" + ApiClient.segment(name));
            global.out().println("target " + name + " removed");
            return 0;
        }
    }

    @Command(name = "label", mixinStandardHelpOptions = true,
            description = "Set (add NAME KEY=VALUE) or remove (remove NAME KEY) a target's label")
    static final class Label implements Callable<Integer> {
        @Mixin
        GlobalOptions global;

        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "add|remove")
        String verb;

        @Parameters(index = "1", paramLabel = "NAME")
        String name;

        @Parameters(index = "2", paramLabel = "KEY=VALUE|KEY")
        String label;

        @Override
        public Integer call() {
            ApiClient api = global.api();
            String path = "/api/v1/targets/" + ApiClient.segment(name) + "/labels/";
            TargetView after;
            if (verb.equals("add")) {
                int eq = label.indexOf('=');
                if (eq < 0) {
                    throw new ParameterException(spec.commandLine(), "give the label as KEY=VALUE, e.g. site=ka");
                }
                api.put(path + ApiClient.segment(label.substring(0, eq)), Map.of("value", label.substring(eq + 1)));
                after = api.read(api.get("/api/v1/targets/" + ApiClient.segment(name)).get("target"), TargetView.class);
            } else if (verb.equals("remove")) {
                after = api.read(api.delete(path + ApiClient.segment(label)), TargetView.class);
            } else {
                throw new ParameterException(spec.commandLine(), "say add or remove: `slipway target label add " + name
                        + " site=ka` or `slipway target label remove " + name + " site`");
            }
            global.out().println("target " + name + " labels: " + after.labelText());
            return 0;
        }
    }

    /** NAME or --label KEY=VALUE: what a binding names. */
    static final class Selector {
        @Parameters(index = "0", paramLabel = "NAME", description = "A target's name")
        String target;

        @Option(names = "--label", paramLabel = "KEY=VALUE", description = "Every target with this label, now or later")
        String label;

        String text() {
            return target != null ? target : "label " + label;
        }
    }

    abstract static class BindingCommand implements Callable<Integer> {
        @Mixin
        GlobalOptions global;

        @ArgGroup(exclusive = true, multiplicity = "1")
        Selector selector;

        @Option(names = "--app", required = true, paramLabel = "APP")
        String app;

        @Option(names = "--env", required = true, paramLabel = "ENV", description = "As the pipeline file names it")
        String env;
    }

    @Command(name = "bind", mixinStandardHelpOptions = true,
            description = "Run an app's environment on a target, or on every target with a label (also later ones)")
    static final class Bind extends BindingCommand {
        @Override
        public Integer call() {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("app", app);
            body.put("environment", env);
            body.put("target", selector.target);
            body.put("label", selector.label);
            global.api().post("/api/v1/target-bindings", body);
            global.out().println(app + "/" + env + " bound to " + selector.text());
            return 0;
        }
    }

    @Command(name = "unbind", mixinStandardHelpOptions = true, description = "Undo a `slipway target bind`")
    static final class Unbind extends BindingCommand {
        @Override
        public Integer call() {
            global.api().delete(ApiClient.withQuery("/api/v1/target-bindings", "app", app, "environment", env,
                    "target", selector.target, "label", selector.label));
            global.out().println(app + "/" + env + " no longer bound to " + selector.text());
            return 0;
        }
    }
}
