package dev.slipway.pipeline;

import dev.slipway.pipeline.YamlNode.Mapping;
import java.util.List;
import java.util.Optional;

/**
 * Parses and validates a {@code .slipway.yml}. Any problem is a {@link PipelineException} that
 * names the line and column and says what was expected; a file that parses is safe to run.
 */
public final class PipelineParser {
    public static final String FILE = ".slipway.yml";
    /** Larger files are refused before they are read: no pipeline needs more, and the push must stay quick. */
    public static final int MAX_FILE_BYTES = 256 * 1024;

    private static final List<String> TOP_KEYS = List.of("stages", "service", "environments");
    private static final List<String> SERVICE_KEYS = List.of("command", "health", "start_timeout", "stop_grace",
            "restart");
    private static final List<String> HEALTH_KEYS = List.of("path", "liveness");

    public PipelineSpec parse(String yamlText) throws PipelineException {
        PipelineText.check(yamlText, MAX_FILE_BYTES);
        YamlNode root = YamlReader.read(yamlText);
        Mapping mapping = Fields.mapping(root, "the file must be a mapping that starts with 'stages:'");
        Fields top = new Fields(mapping, "the file", TOP_KEYS);
        List<StageSpec> stages = new StagesReader().read(top.require("stages"));
        Optional<YamlNode> serviceNode = top.get("service");
        boolean image = stages.stream().flatMap(s -> s.jobs().stream()).anyMatch(JobSpec::producesImage);
        Optional<ServiceSpec> service = serviceNode.isPresent() ? Optional.of(service(serviceNode.get(), image))
                : image ? Optional.of(ServiceSpec.ofImage()) : Optional.empty();
        Optional<YamlNode> environmentsNode = top.get("environments");
        List<EnvironmentSpec> environments =
                environmentsNode.isPresent() ? EnvironmentsReader.read(environmentsNode.get()) : List.of();
        PipelineSpec spec = new PipelineSpec(stages, service, environments);
        checkDeployable(spec, top);
        return spec;
    }

    /** {@code image}: the artifact is an image, which says itself how it runs, so a command is optional. */
    private static ServiceSpec service(YamlNode node, boolean image) throws PipelineException {
        Mapping mapping = Fields.mapping(node, "'service' must be a mapping with at least 'command'");
        Fields service = new Fields(mapping, "service", SERVICE_KEYS);
        String command = image ? service.text("command").orElse(ServiceSpec.IMAGE_COMMAND) : service.requiredText("command");
        Optional<YamlNode> healthNode = service.get("health");
        String health = ServiceSpec.DEFAULT_HEALTH;
        String liveness = null;
        if (healthNode.isPresent() && healthNode.get() instanceof Mapping healthMap) {
            Fields paths = new Fields(healthMap, "health of service", HEALTH_KEYS);
            health = path(paths, "path", paths.requiredText("path"));
            liveness = paths.text("liveness").isPresent()
                    ? path(paths, "liveness", paths.text("liveness").get()) : null;
        } else if (healthNode.isPresent()) {
            health = path(service, "health", Fields.text(healthNode.get(), service.expectation("health",
                    "a path like /healthz or a mapping like { path: /ready, liveness: /live }")));
        }
        return new ServiceSpec(command, health,
                service.duration("start_timeout", false).orElse(ServiceSpec.DEFAULT_START_TIMEOUT),
                service.duration("stop_grace", true).orElse(ServiceSpec.DEFAULT_STOP_GRACE), liveness,
                restart(service).orElse(RestartPolicy.DEFAULT));
    }

    /** {@code restart:} of the service or of an environment: on-failure, always or never. */
    static Optional<RestartPolicy> restart(Fields fields) throws PipelineException {
        return fields.word("restart", RestartPolicy.words()).flatMap(RestartPolicy::of);
    }

    /** A health path must be one: the probe asks http://127.0.0.1:PORT followed by it. */
    private static String path(Fields owner, String key, String path) throws PipelineException {
        if (!path.startsWith("/")) {
            throw owner.require(key).at().error(owner.expectation(key, "a path starting with '/', e.g. /healthz")
                    + ", got '" + path + "'");
        }
        return path;
    }

    /** Environments deploy the run's artifact with the service command, so both must exist. */
    private static void checkDeployable(PipelineSpec spec, Fields top) throws PipelineException {
        if (spec.environments().isEmpty()) {
            return;
        }
        // An image says itself how it runs; a 'service:' next to it only adds settings (port, health).
        boolean noService = spec.service().isEmpty();
        boolean noArtifact = spec.artifactJob().isEmpty();
        String artifactFix = "add artifact: [ \"dist/\" ] to the job that builds the app";
        String serviceFix = "add a 'service:' section with the command that starts it, "
                + "e.g. service: { command: \"./dist/server --port $PORT\" }";
        String problem;
        if (noService && noArtifact) {
            problem = "environments need an artifact and a service to run it: " + artifactFix + ", and " + serviceFix;
        } else if (noArtifact) {
            problem = "environments need an artifact to deploy, but no job declares one; " + artifactFix;
        } else if (noService) {
            problem = "environments need to know how to run the artifact; " + serviceFix;
        } else {
            return;
        }
        throw top.keyAt("environments").orElseThrow().error(problem);
    }
}
