package dev.slipway.environment.kubernetes;

import dev.slipway.environment.DeployFailedException;
import dev.slipway.environment.DeployTarget.Start;
import dev.slipway.environment.Launch;
import dev.slipway.environment.docker.PullCredential;
import dev.slipway.pipeline.ManifestTemplate;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Turns a deployment's manifest templates into cluster objects: each template rendered with Slipway's variables and
 * the environment's config, each YAML document parsed, and refused unless it is of a {@link ClusterKind}. Without
 * templates it generates what the {@code service:} section describes: a Deployment and a Service named after the app.
 */
final class ManifestRenderer {
    /** The port a generated Deployment's container is told to serve on ({@code PORT}), and its Service's target. */
    static final int CONTAINER_PORT = 8080;

    private final PullCredential pull;
    private final KubernetesSerialization serialization;

    ManifestRenderer(PullCredential pull, KubernetesSerialization serialization) {
        this.pull = pull;
        this.serialization = serialization;
    }

    /** The objects of the deployment, not yet labelled: rendered templates, or the generated pair. */
    List<HasMetadata> render(Start start, List<ManifestTemplate> templates, Optional<String> releaseTag)
            throws DeployFailedException {
        if (templates.isEmpty()) {
            return generated(start);
        }
        Map<String, String> values = values(start, releaseTag);
        List<HasMetadata> objects = new ArrayList<>();
        for (ManifestTemplate template : templates) {
            String text;
            try {
                text = template.render(values);
            } catch (IllegalArgumentException e) {
                throw new DeployFailedException(e.getMessage());
            }
            objects.addAll(parse(template.path(), text));
        }
        return objects;
    }

    /** The variables of every manifest: Slipway's own ({@link ManifestTemplate#BUILT_IN}) over the config keys. */
    Map<String, String> values(Start start, Optional<String> releaseTag) {
        Map<String, String> values = new TreeMap<>(start.launch().config());
        values.put("IMAGE", image(start));
        values.put("IMAGE_TAG", imageTag(start, releaseTag));
        values.put("REGISTRY_HOST", pull.registry());
        values.put("APP", start.app());
        values.put("ENV", start.environment());
        values.put("SLOT", slot(start));
        return values;
    }

    String image(Start start) {
        return pull.image(start.app(), start.digest());
    }

    /** The tag part of {@code ${REGISTRY_HOST}/APP:${IMAGE_TAG}}, pinned by digest whatever the tag says. */
    static String imageTag(Start start, Optional<String> releaseTag) {
        return releaseTag.orElse("env-" + start.environment().replace('/', '-')) + "@" + start.digest();
    }

    /** The start's blue/green slot, "" for an in-place deployment. */
    static String slot(Start start) {
        String slot = start.env().get(SlipwayLabels.SLOT_VARIABLE);
        return slot == null ? "" : slot;
    }

    private List<HasMetadata> parse(String path, String text) throws DeployFailedException {
        List<HasMetadata> objects = new ArrayList<>();
        int line = 1;
        for (String document : text.split("(?m)^---[ \\t]*$", -1)) {
            int firstLine = line;
            line += (int) document.chars().filter(c -> c == '\n').count();
            if (document.lines().allMatch(l -> l.isBlank() || l.stripLeading().startsWith("#"))) {
                continue;
            }
            Object parsed;
            try {
                parsed = serialization.unmarshal(document);
            } catch (RuntimeException e) {
                throw new DeployFailedException(path + ":" + lineOf(document, "", firstLine)
                        + ": not a Kubernetes object: " + e.getMessage());
            }
            if (!(parsed instanceof HasMetadata object) || object.getMetadata() == null
                    || object.getMetadata().getName() == null) {
                throw new DeployFailedException(path + ":" + lineOf(document, "", firstLine)
                        + ": a manifest document is one object with "
                        + "apiVersion, kind and metadata.name");
            }
            if (ClusterKind.of(object).isEmpty()) {
                throw new DeployFailedException(path + ":" + lineOf(document, "kind:", firstLine) + ": kind "
                        + object.getKind() + " ("
                        + object.getApiVersion() + ") is not one Slipway manages; a manifest may hold "
                        + ClusterKind.list());
            }
            objects.add(object);
        }
        return objects;
    }

    /** The line of the document's first line starting with {@code start} (and not blank), counted in its file. */
    private static int lineOf(String document, String start, int firstLine) {
        List<String> lines = document.lines().toList();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (!line.isBlank() && !line.startsWith("#") && line.startsWith(start)) {
                return firstLine + i;
            }
        }
        return firstLine;
    }

    /** A Deployment (one replica, the launch's probes) and a Service (port 80 to the container's 8080). */
    private List<HasMetadata> generated(Start start) {
        Launch launch = start.launch();
        String name = DesiredObjects.dnsName(start.app());
        List<EnvVar> env = new ArrayList<>();
        Map<String, String> config = new LinkedHashMap<>(new TreeMap<>(launch.config()));
        config.put("PORT", Integer.toString(CONTAINER_PORT));
        config.forEach((k, v) -> env.add(new EnvVar(k, v, null)));
        ContainerBuilder container = new ContainerBuilder().withName(name).withImage(image(start)).withEnv(env)
                .addNewPort().withContainerPort(CONTAINER_PORT).endPort()
                .withReadinessProbe(probe(launch.health())).withLivenessProbe(probe(launch.liveness()));
        if (launch.command() != null && !launch.command().isBlank()) {
            container.withCommand("sh", "-c", launch.command());
        }
        Container built = container.build();
        HasMetadata deployment = new DeploymentBuilder().withNewMetadata().withName(name).endMetadata()
                .withNewSpec().withReplicas(1).withNewSelector().endSelector()
                .withNewTemplate().withNewMetadata().endMetadata().withNewSpec().withContainers(built).endSpec()
                .endTemplate().endSpec().build();
        HasMetadata service = new ServiceBuilder().withNewMetadata().withName(name).endMetadata()
                .withNewSpec().withSelector(new LinkedHashMap<>()).addNewPort().withName("http").withPort(80)
                .withTargetPort(new IntOrString(CONTAINER_PORT)).endPort().endSpec().build();
        return List.of(deployment, service);
    }

    private static Probe probe(String path) {
        return new ProbeBuilder().withNewHttpGet().withPath(path == null || path.isBlank() ? "/" : path)
                .withPort(new IntOrString(CONTAINER_PORT)).endHttpGet().build();
    }
}
