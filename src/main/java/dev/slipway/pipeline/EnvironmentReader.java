package dev.slipway.pipeline;

import dev.slipway.image.ImageReference;
import dev.slipway.pipeline.YamlNode.Entry;
import dev.slipway.pipeline.YamlNode.Kind;
import dev.slipway.pipeline.YamlNode.Mapping;
import dev.slipway.pipeline.YamlNode.Mark;
import dev.slipway.pipeline.YamlNode.Scalar;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** Reads one entry of {@code environments:}; checks that involve other environments are in {@link EnvironmentsReader}. */
final class EnvironmentReader {
    static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,39}");
    private static final Pattern VARIABLE = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final Pattern TARGET = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");
    private static final Pattern LABEL_KEY = Pattern.compile("[a-z][a-z0-9._-]{0,62}");
    private static final Pattern LABEL_VALUE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,62}");
    private static final String VARIABLE_RULE = "use letters, digits and '_', not starting with a digit";
    private static final List<String> KEYS = List.of("name", "branches", "tags", "ephemeral", "from", "approvals",
            "soak", "ttl", "protected", "strategy", "swap", "keep_warm", "watch", "verify", "config", "secrets",
            "stop_grace", "restart", "registry", "targets", "rollout", "max_unavailable", "converge_interval", "deploy",
            "require");
    private static final List<String> REGISTRY_KEYS = List.of("to", "credentials");
    private static final List<String> DEPLOY_KEYS = List.of("manifests");
    private static final List<String> APPROVAL_KEYS = List.of("required", "role", "not_author");

    /** An environment and the positions that list-level checks need for their messages. */
    record Read(EnvironmentSpec spec, Mark nameAt, Optional<Mark> fromAt) {}

    private EnvironmentReader() {}

    static Read read(YamlNode node) throws PipelineException {
        Mapping mapping = Fields.mapping(node, "each environment must be a mapping with at least 'name'");
        Fields env = new Fields(mapping, owner(mapping), KEYS);
        String name = env.requiredText("name");
        Mark nameAt = env.require("name").at();
        if (!NAME.matcher(name).matches()) {
            throw nameAt.error("environment name '" + name + "' is not allowed; use 1 to 40 lowercase letters, "
                    + "digits and '-', starting with a letter or digit");
        }
        BranchPatterns branches = BranchPatterns.of(patterns(env, "branches"));
        List<String> tags = patterns(env, "tags");
        boolean ephemeral = env.bool("ephemeral").orElse(false);
        checkEphemeral(env, ephemeral, branches, tags);
        Strategy strategy = env.choice("strategy", Strategy.class).orElse(Strategy.RECREATE);
        onlyForBlueGreen(env, strategy, "swap");
        onlyForBlueGreen(env, strategy, "keep_warm");
        Map<String, String> config = config(env);
        EnvironmentSpec spec = new EnvironmentSpec(name, branches, tags, ephemeral,
                env.text("from"),
                approvals(env),
                env.duration("soak", true),
                env.duration("ttl", false),
                env.bool("protected").orElse(name.equals("production")),
                strategy,
                env.choice("swap", SwapMode.class).orElse(SwapMode.MANUAL),
                env.duration("keep_warm", true),
                env.duration("watch", true),
                StepReader.read(env, "verify", false),
                config,
                secrets(env, config),
                env.duration("stop_grace", true),
                PipelineParser.restart(env),
                registry(env),
                targets(env),
                fleet(env),
                deploy(env),
                require(env));
        return new Read(spec, nameAt, env.get("from").map(YamlNode::at));
    }

    private static String owner(Mapping env) {
        return env.entry("name")
                .filter(e -> e.value() instanceof Scalar s && !s.isEmpty())
                .map(e -> "environment '" + ((Scalar) e.value()).text() + "'")
                .orElse("environment");
    }

    private static List<String> patterns(Fields env, String key) throws PipelineException {
        List<String> patterns = new ArrayList<>();
        for (Scalar pattern : env.scalars(key, "a list of patterns, e.g. [ \"main\", \"release/*\" ]", true)) {
            if (pattern.text().equals("!")) {
                throw pattern.at().error("pattern '!' in '" + key + "' of " + env.owner()
                        + " excludes nothing; write the pattern to exclude after it, e.g. \"!main\"");
            }
            patterns.add(pattern.text());
        }
        if (!patterns.isEmpty() && !BranchPatterns.of(patterns).hasPositive()) {
            throw env.get(key).orElseThrow().at().error("'" + key + "' in " + env.owner()
                    + " only has '!' patterns, which exclude but never include, so it matches nothing; "
                    + "add a pattern to include, e.g. [ \"*\", " + "\"" + patterns.get(0) + "\" ]");
        }
        return patterns;
    }

    private static void checkEphemeral(Fields env, boolean ephemeral, BranchPatterns branches, List<String> tags)
            throws PipelineException {
        if (ephemeral && branches.isEmpty()) {
            throw env.keyAt("ephemeral").orElseThrow().error(env.owner() + " is ephemeral (one environment per branch) "
                    + "but has no 'branches'; add e.g. branches: [ \"*\", \"!main\" ]");
        }
        if (ephemeral && !tags.isEmpty()) {
            throw env.keyAt("tags").orElseThrow().error("'tags' cannot be used in " + env.owner()
                    + ", which is ephemeral and so exists per branch; use a separate environment for tags");
        }
    }

    private static void onlyForBlueGreen(Fields env, Strategy strategy, String key) throws PipelineException {
        if (strategy != Strategy.BLUEGREEN && env.get(key).isPresent()) {
            throw env.keyAt(key).orElseThrow().error("'" + key + "' in " + env.owner()
                    + " only applies to blue/green deployments; add strategy: bluegreen or remove '" + key + "'");
        }
    }

    private static Optional<Approvals> approvals(Fields env) throws PipelineException {
        Optional<YamlNode> node = env.get("approvals");
        if (node.isEmpty()) {
            return Optional.empty();
        }
        Mapping mapping = Fields.mapping(node.get(),
                env.expectation("approvals", "a mapping like { required: 1, role: releaser, not_author: true }"));
        Fields approvals = new Fields(mapping, "approvals of " + env.owner(), APPROVAL_KEYS);
        approvals.require("required");
        int required = approvals.integer("required").orElseThrow();
        if (required < 1) {
            throw approvals.require("required").at().error(approvals.expectation("required", "at least 1") + ", got " + required);
        }
        String role = approvals.text("role").orElse(Approvals.DEFAULT_ROLE);
        if (!Approvals.ROLES.contains(role)) {
            throw approvals.require("role").at().error(approvals.expectation("role", "one of "
                    + String.join(", ", Approvals.ROLES)) + ", got '" + role + "'");
        }
        return Optional.of(new Approvals(required, role, approvals.bool("not_author").orElse(false)));
    }

    private static Map<String, String> config(Fields env) throws PipelineException {
        Optional<YamlNode> node = env.get("config");
        if (node.isEmpty()) {
            return Map.of();
        }
        Mapping mapping = Fields.mapping(node.get(), env.expectation("config", "a mapping of NAME: value"));
        Map<String, String> config = new LinkedHashMap<>();
        for (Entry entry : mapping.entries()) {
            variable(entry.key(), entry.keyAt(), "config name", env);
            if (!(entry.value() instanceof Scalar value) || value.kind() == Kind.NULL) {
                throw entry.value().at().error("config value '" + entry.key() + "' in " + env.owner()
                        + " must be a string, number or boolean, got " + entry.value().describe());
            }
            config.put(entry.key(), value.text());
        }
        return config;
    }

    /** {@code registry: { to: HOST[:PORT]/NAMESPACE/NAME, credentials: APP_WIDE_SECRET }}. */
    private static Optional<RegistrySpec> registry(Fields env) throws PipelineException {
        Optional<YamlNode> node = env.get("registry");
        if (node.isEmpty()) {
            return Optional.empty();
        }
        Mapping mapping = Fields.mapping(node.get(), env.expectation("registry",
                "a mapping like { to: \"registry.example.com/team/web\", credentials: REGISTRY_LOGIN }"));
        Fields registry = new Fields(mapping, "registry of " + env.owner(), REGISTRY_KEYS);
        String to = registry.requiredText("to");
        ImageReference reference;
        try {
            reference = ImageReference.parseRepository(to);
        } catch (IllegalArgumentException e) {
            throw registry.require("to").at().error("'to' in registry of " + env.owner() + ": " + e.getMessage());
        }
        Optional<String> credentials = registry.text("credentials");
        if (credentials.isPresent()) {
            variable(credentials.get(), registry.require("credentials").at(), "credentials (an app-wide secret's name)",
                    env);
        }
        return Optional.of(new RegistrySpec(reference, credentials));
    }

    /** {@code deploy: { manifests: DIR }}: DIR relative inside the repository, written with or without a trailing '/'. */
    private static Set<Evidence> require(Fields env) throws PipelineException {
        String words = Arrays.stream(Evidence.values()).map(Evidence::word).collect(Collectors.joining(", "));
        Set<Evidence> require = EnumSet.noneOf(Evidence.class);
        for (Scalar item : env.scalars("require", "a list of evidence, e.g. [ provenance, reproducible ]", false)) {
            Evidence evidence = Arrays.stream(Evidence.values()).filter(e -> e.word().equals(item.text())).findFirst()
                    .orElseThrow(() -> item.at().error("'require' of " + env.owner() + " names '" + item.text()
                            + "', which is no evidence Slipway checks; use " + words));
            if (!require.add(evidence)) {
                throw item.at().error("'require' of " + env.owner() + " names '" + item.text() + "' twice; "
                        + "name it once");
            }
        }
        return require;
    }

    private static Optional<DeploySpec> deploy(Fields env) throws PipelineException {
        Optional<YamlNode> node = env.get("deploy");
        if (node.isEmpty()) {
            return Optional.empty();
        }
        Mapping mapping = Fields.mapping(node.get(), env.expectation("deploy",
                "a mapping like { manifests: k8s/ } (the repository's directory of Kubernetes manifests)"));
        Fields deploy = new Fields(mapping, "deploy of " + env.owner(), DEPLOY_KEYS);
        String manifests = deploy.requiredText("manifests");
        Mark at = deploy.require("manifests").at();
        String dir = manifests.replaceAll("/+$", "").replaceFirst("^(\\./)+", "");
        String rule = "; write a directory inside the repository, relative to its root, e.g. manifests: k8s/";
        if (manifests.startsWith("/") || manifests.matches("[A-Za-z]:.*")) {
            throw at.error("'manifests' in deploy of " + env.owner() + " is '" + manifests + "', an absolute path"
                    + rule);
        }
        if (manifests.contains("\\")) {
            throw at.error("'manifests' in deploy of " + env.owner() + " is '" + manifests + "', which has a '\\'; "
                    + "separate directories with '/'" + rule);
        }
        if (dir.isEmpty() || dir.equals(".")) {
            throw at.error("'manifests' in deploy of " + env.owner() + " is '" + manifests + "', the repository's "
                    + "root, where the pipeline file and the sources are" + rule);
        }
        for (String segment : dir.split("/", -1)) {
            if (segment.equals("..") || segment.equals(".") || segment.isEmpty()) {
                throw at.error("'manifests' in deploy of " + env.owner() + " is '" + manifests + "', which has "
                        + (segment.isEmpty() ? "an empty part ('//')" : "'" + segment + "' in it") + rule);
            }
        }
        return Optional.of(new DeploySpec(dir));
    }

    /** {@code rollout}, {@code max_unavailable}, {@code converge_interval}: how the environment's targets follow it. */
    private static FleetSpec fleet(Fields env) throws PipelineException {
        Optional<RolloutMode> rollout = env.choice("rollout", RolloutMode.class);
        Optional<Integer> maxUnavailable = env.integer("max_unavailable");
        if (maxUnavailable.isPresent() && maxUnavailable.get() < 1) {
            throw env.require("max_unavailable").at().error("max_unavailable of " + env.owner() + " must be at least 1 "
                    + "(how many targets a one_by_one rollout updates at a time), got " + maxUnavailable.get());
        }
        Optional<java.time.Duration> interval = env.duration("converge_interval", false);
        return new FleetSpec(rollout, maxUnavailable.orElse(1), interval.orElse(FleetSpec.DEFAULT_CONVERGE_INTERVAL));
    }

    /** {@code targets: [prod-a, prod-b]} or {@code targets: { site: ka }}: narrows what an admin bound here. */
    private static Optional<TargetChoice> targets(Fields env) throws PipelineException {
        Optional<YamlNode> node = env.get("targets");
        if (node.isEmpty()) {
            return Optional.empty();
        }
        String expected = "a list of target names like [prod-a, prod-b] or labels like { site: ka }";
        if (node.get() instanceof Mapping mapping) {
            if (mapping.entries().isEmpty()) {
                throw mapping.at().error(env.expectation("targets", expected) + ", got an empty mapping");
            }
            Map<String, String> labels = new LinkedHashMap<>();
            for (Entry entry : mapping.entries()) {
                if (!LABEL_KEY.matcher(entry.key()).matches()) {
                    throw entry.keyAt().error("label '" + entry.key() + "' in targets of " + env.owner() + " is not "
                            + "allowed; use 1-63 of a-z, 0-9, '.', '_' and '-', starting with a letter (e.g. site)");
                }
                if (!(entry.value() instanceof Scalar value) || !LABEL_VALUE.matcher(value.text()).matches()) {
                    throw entry.value().at().error("the value of label '" + entry.key() + "' in targets of "
                            + env.owner() + " must be 1-63 letters, digits, '.', '_' or '-' (e.g. site: ka), got "
                            + entry.value().describe());
                }
                labels.put(entry.key(), value.text());
            }
            return Optional.of(new TargetChoice.Labelled(labels));
        }
        List<Scalar> names = env.scalars("targets", expected, true);
        if (names.isEmpty()) {
            throw node.get().at().error(env.expectation("targets", expected) + ", got an empty list; leave 'targets' "
                    + "out to run on every target bound to the environment");
        }
        List<String> targets = new ArrayList<>();
        for (Scalar name : names) {
            if (!TARGET.matcher(name.text()).matches()) {
                throw name.at().error("target name '" + name.text() + "' in " + env.owner() + " is not allowed; "
                        + "target names are 1-63 of a-z, 0-9 and '-' (`slipway target list` shows them)");
            }
            if (targets.contains(name.text())) {
                throw name.at().error("target '" + name.text() + "' is listed twice in targets of " + env.owner());
            }
            targets.add(name.text());
        }
        return Optional.of(new TargetChoice.Named(targets));
    }

    private static List<String> secrets(Fields env, Map<String, String> config) throws PipelineException {
        Set<String> seen = new HashSet<>();
        List<String> secrets = new ArrayList<>();
        for (Scalar secret : env.scalars("secrets", "a list of secret names, e.g. [ DB_PASSWORD ]", false)) {
            variable(secret.text(), secret.at(), "secret name", env);
            if (!seen.add(secret.text())) {
                throw secret.at().error("secret '" + secret.text() + "' is listed twice in " + env.owner());
            }
            if (config.containsKey(secret.text())) {
                throw secret.at().error("'" + secret.text() + "' is both in 'config' and in 'secrets' of "
                        + env.owner() + "; a variable comes from one of them only");
            }
            secrets.add(secret.text());
        }
        return secrets;
    }

    private static void variable(String name, Mark at, String what, Fields env) throws PipelineException {
        if (!VARIABLE.matcher(name).matches()) {
            throw at.error(what + " '" + name + "' in " + env.owner() + " is not allowed; " + VARIABLE_RULE);
        }
    }
}
