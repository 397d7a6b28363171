package dev.slipway.pipeline;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * What one document of a manifest must be for Slipway to apply it: a Kubernetes object (apiVersion and kind) of a
 * {@link ManagedKind}, under an apiVersion of that kind's group, and a Deployment whose containers' images are pinned
 * by digest — {@code ${IMAGE}}, {@code ${IMAGE_TAG}} (the release tag with the digest) or {@code …@sha256:…}, written
 * or in a config value — so the same bytes run in every environment.
 */
final class ManifestRules {
    private static final Pattern DIGEST = Pattern.compile("@sha256:[0-9a-f]{64}(?![0-9a-f])");
    private static final List<String> PINNING_VARIABLES = List.of("IMAGE", "IMAGE_TAG");
    private static final List<String> CONTAINER_LISTS = List.of("containers", "initContainers");

    private ManifestRules() {}

    /** {@code config}: the environment's config values, which are fixed at the commit (a digest may be one). */
    static void check(ManifestTemplate template, Node document, Map<String, String> config) throws ManifestException {
        String path = template.path();
        if (!(document instanceof MappingNode object)) {
            throw at(path, document, "a manifest document must be a Kubernetes object, a mapping with apiVersion and "
                    + "kind, got " + describe(document));
        }
        String kind = required(path, object, "kind", "e.g. kind: Deployment");
        String apiVersion = required(path, object, "apiVersion", "e.g. apiVersion: apps/v1");
        Node kindNode = value(object, "kind").orElseThrow();
        ManagedKind managed = ManagedKind.of(kind).orElseThrow(() -> at(path, kindNode, "kind '"
                + shown(ManifestYaml.source(template.text(), kindNode)) + "' is not one Slipway manages; manifests may hold " + ManagedKind.shown()
                + " (apply other objects to the cluster yourself, or ask its admin)"));
        if (!managed.servedBy(apiVersion)) {
            Node versionNode = value(object, "apiVersion").orElseThrow();
            throw at(path, versionNode, "apiVersion '" + shown(ManifestYaml.source(template.text(), versionNode))
                    + "' does not serve "
                    + "kind " + kind + "; write apiVersion: " + managed.apiVersion());
        }
        if (managed == ManagedKind.DEPLOYMENT) {
            checkImages(template, object, config);
        }
    }

    /** Every container's image in the Deployment's pod template (spec.template.spec). */
    private static void checkImages(ManifestTemplate template, MappingNode deployment, Map<String, String> config)
            throws ManifestException {
        Optional<Node> podSpec = value(deployment, "spec").flatMap(s -> value(s, "template"))
                .flatMap(t -> value(t, "spec"));
        if (podSpec.isEmpty()) {
            return;
        }
        for (String list : CONTAINER_LISTS) {
            if (value(podSpec.get(), list).orElse(null) instanceof SequenceNode containers) {
                for (Node container : containers.getValue()) {
                    Optional<Node> image = value(container, "image");
                    if (image.isPresent()) {
                        checkPinned(template, image.get(), config);
                    }
                }
            }
        }
    }

    private static void checkPinned(ManifestTemplate template, Node image, Map<String, String> config)
            throws ManifestException {
        String written = ManifestYaml.source(template.text(), image);
        ManifestTemplate value = new ManifestTemplate(template.path(), written);
        boolean variable = value.uses().stream().anyMatch(use -> PINNING_VARIABLES.contains(use.name()));
        // every variable is known by now; the built-in ones stand for nothing here, config values for themselves
        Map<String, String> values = new HashMap<>(config);
        ManifestTemplate.BUILT_IN.forEach(name -> values.putIfAbsent(name, ""));
        boolean digest = image instanceof ScalarNode && DIGEST.matcher(value.render(values)).find();
        if (!variable && !digest) {
            throw ManifestException.atLine(template.path(), ManifestYaml.line(image), "image '" + shown(written)
                    + "' is not pinned by digest: write ${IMAGE} (or REGISTRY/NAME@sha256:…)");
        }
    }

    private static String required(String path, MappingNode object, String key, String example)
            throws ManifestException {
        Optional<Node> node = value(object, key);
        if (node.isEmpty()) {
            throw at(path, object, "this Kubernetes object has no " + key + "; " + example);
        }
        if (!(node.get() instanceof ScalarNode scalar) || scalar.getTag().equals(Tag.NULL)
                || scalar.getValue().isBlank()) {
            throw at(path, node.get(), key + " must be a name, " + example + ", got " + describe(node.get()));
        }
        return scalar.getValue();
    }

    private static Optional<Node> value(Node mapping, String key) {
        if (mapping instanceof MappingNode m) {
            for (NodeTuple tuple : m.getValue()) {
                if (tuple.getKeyNode() instanceof ScalarNode k && k.getValue().equals(key)) {
                    return Optional.of(tuple.getValueNode());
                }
            }
        }
        return Optional.empty();
    }

    /** The value as written, without its quotes, on one line. */
    private static String shown(String written) {
        String value = written.strip();
        if (value.length() >= 2 && (value.startsWith("\"") && value.endsWith("\"")
                || value.startsWith("'") && value.endsWith("'"))) {
            value = value.substring(1, value.length() - 1);
        }
        int end = value.indexOf('\n');
        return end < 0 ? value : value.substring(0, end) + "…";
    }

    private static String describe(Node node) {
        if (node instanceof SequenceNode) {
            return "a list";
        }
        if (node instanceof MappingNode) {
            return "a mapping";
        }
        return node.getTag().equals(Tag.NULL) ? "nothing" : "'" + ((ScalarNode) node).getValue() + "'";
    }

    private static ManifestException at(String path, Node node, String problem) {
        return ManifestException.at(path, ManifestYaml.line(node), ManifestYaml.column(node), problem);
    }
}
