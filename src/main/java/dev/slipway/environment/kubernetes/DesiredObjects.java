package dev.slipway.environment.kubernetes;

import dev.slipway.environment.DeployFailedException;
import dev.slipway.environment.DeployTarget.Start;
import dev.slipway.environment.docker.PullCredential;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvFromSourceBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * What a start asks the cluster to hold, from the rendered objects: each labelled as Slipway's (app, environment,
 * deployment); each Deployment's pods selected by app and environment (and named and selected by slot in
 * blue/green), its images pinned by digest, its secrets read from one Secret and its images pulled with Slipway's pull
 * secret; each Service selecting the environment's pods — in blue/green, those of the slot it selects now, so that
 * starting a slot never moves traffic.
 */
final class DesiredObjects {
    /** The namespace's pull secret for Slipway's registry: shared by every app, so labelled as Slipway's only. */
    static final String PULL_SECRET = "slipway-pull";

    private final String namespace;
    private final PullCredential pull;

    DesiredObjects(String namespace, PullCredential pull) {
        this.namespace = namespace;
        this.pull = pull;
    }

    /**
     * The objects to apply, in apply order (pull secret, config, Services, then Deployments). {@code servedSlot} says
     * which slot a Service of that name selects in the cluster now (empty: the Service is new or selects none).
     */
    List<HasMetadata> of(Start start, List<HasMetadata> rendered, Function<String, Optional<String>> servedSlot)
            throws DeployFailedException {
        String slot = ManifestRenderer.slot(start);
        Optional<String> secretName = start.secretNames().stream().anyMatch(start.env()::containsKey)
                ? Optional.of(secretName(start.app(), start.environment())) : Optional.empty();
        List<HasMetadata> desired = new ArrayList<>();
        desired.add(pullSecret());
        secretName.ifPresent(name -> desired.add(secrets(name, start)));
        for (HasMetadata object : rendered) {
            ObjectMeta meta = object.getMetadata();
            if (meta.getNamespace() != null && !meta.getNamespace().equals(namespace)) {
                throw new DeployFailedException(ClusterKind.describe(object) + " names namespace " + meta.getNamespace()
                        + ", but this target deploys into " + namespace + ": leave metadata.namespace out");
            }
            meta.setNamespace(null);
            meta.setLabels(merged(meta.getLabels(),
                    SlipwayLabels.of(start.app(), start.environment(), start.deployment())));
            if (object instanceof Deployment d) {
                deployment(d, start, slot, secretName);
            } else if (object instanceof Service s) {
                service(s, start, slot, servedSlot);
            }
            desired.add(object);
        }
        desired.sort(java.util.Comparator.comparing(o -> ClusterKind.of(o).orElseThrow()));
        return desired;
    }

    private void deployment(Deployment d, Start start, String slot, Optional<String> secretName)
            throws DeployFailedException {
        if (d.getSpec() == null || d.getSpec().getTemplate() == null || d.getSpec().getTemplate().getSpec() == null) {
            throw new DeployFailedException(ClusterKind.describe(d) + " has no spec.template.spec");
        }
        Map<String, String> pods = SlipwayLabels.selector(start.app(), start.environment(), slot);
        if (!slot.isEmpty()) {
            d.getMetadata().setName(d.getMetadata().getName() + "-" + slot);
            d.getMetadata().getLabels().put(SlipwayLabels.SLOT, slot);
        }
        LabelSelector selector = d.getSpec().getSelector() == null ? new LabelSelector() : d.getSpec().getSelector();
        selector.setMatchLabels(merged(selector.getMatchLabels(), pods));
        d.getSpec().setSelector(selector);
        ObjectMeta podMeta = d.getSpec().getTemplate().getMetadata() == null ? new ObjectMeta()
                : d.getSpec().getTemplate().getMetadata();
        Map<String, String> podLabels = merged(podMeta.getLabels(), pods);
        podLabels.put(SlipwayLabels.DEPLOYMENT, Long.toString(start.deployment())); // not in the selector: immutable
        podMeta.setLabels(podLabels);
        d.getSpec().getTemplate().setMetadata(podMeta);
        PodSpec spec = d.getSpec().getTemplate().getSpec();
        for (Container c : Stream.concat(spec.getContainers().stream(), spec.getInitContainers().stream()).toList()) {
            if (c.getImage() == null || !c.getImage().contains("@sha256:")) {
                throw new DeployFailedException(ClusterKind.describe(d) + " container " + c.getName() + ": image '"
                        + c.getImage() + "' is not pinned by digest; write image: ${IMAGE} or "
                        + "${REGISTRY_HOST}/" + start.app() + ":${IMAGE_TAG}");
            }
            secretName.ifPresent(name -> {
                List<EnvFromSource> from = new ArrayList<>(c.getEnvFrom());
                from.add(new EnvFromSourceBuilder().withNewSecretRef().withName(name).endSecretRef().build());
                c.setEnvFrom(from);
            });
        }
        List<LocalObjectReference> pullSecrets = new ArrayList<>(spec.getImagePullSecrets());
        if (pullSecrets.stream().noneMatch(r -> PULL_SECRET.equals(r.getName()))) {
            pullSecrets.add(new LocalObjectReference(PULL_SECRET));
        }
        spec.setImagePullSecrets(pullSecrets);
    }

    private static void service(Service s, Start start, String slot, Function<String, Optional<String>> servedSlot) {
        if (s.getSpec() == null || s.getSpec().getSelector() == null) {
            return; // a Service without a selector (ExternalName, own endpoints) is not Slipway's to point
        }
        String selected = slot.isEmpty() ? "" : servedSlot.apply(s.getMetadata().getName()).orElse(slot);
        s.getSpec().setSelector(merged(s.getSpec().getSelector(), SlipwayLabels.selector(start.app(),
                start.environment(), selected)));
    }

    /** The environment's secrets, one key each: what every container of its Deployments reads with envFrom. */
    private static Secret secrets(String name, Start start) {
        Map<String, String> data = new LinkedHashMap<>();
        start.secretNames().stream().sorted().filter(start.env()::containsKey).forEach(key -> data.put(key,
                Base64.getEncoder().encodeToString(start.env().get(key).getBytes(StandardCharsets.UTF_8))));
        return new SecretBuilder().withNewMetadata().withName(name)
                .withLabels(SlipwayLabels.of(start.app(), start.environment(), start.deployment())).endMetadata()
                .withType("Opaque").withData(data).build();
    }

    private Secret pullSecret() {
        String auth = Base64.getEncoder().encodeToString((pull.user() + ":" + pull.token())
                .getBytes(StandardCharsets.UTF_8));
        String config = "{\"auths\":{\"" + json(pull.registry()) + "\":{\"username\":\"" + json(pull.user())
                + "\",\"password\":\"" + json(pull.token()) + "\",\"auth\":\"" + auth + "\"}}}";
        return new SecretBuilder().withNewMetadata().withName(PULL_SECRET)
                .withLabels(Map.of(SlipwayLabels.MANAGED_BY, SlipwayLabels.SLIPWAY)).endMetadata()
                .withType("kubernetes.io/dockerconfigjson")
                .withData(Map.of(".dockerconfigjson", Base64.getEncoder().encodeToString(
                        config.getBytes(StandardCharsets.UTF_8))))
                .build();
    }

    /** The Secret holding an environment's secrets: {@code slipway-APP-ENV}, made DNS-safe. */
    static String secretName(String app, String environment) {
        return dnsName("slipway-" + app + "-" + environment);
    }

    /** Lower case, letters, digits and '-', at most 63 characters, starting and ending with a letter or digit. */
    static String dnsName(String name) {
        String safe = name.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9-]", "-");
        safe = safe.length() > 63 ? safe.substring(0, 63) : safe;
        return safe.replaceAll("^-+|-+$", "");
    }

    private static Map<String, String> merged(Map<String, String> own, Map<String, String> ours) {
        Map<String, String> labels = new LinkedHashMap<>(own == null ? Map.of() : own);
        labels.putAll(ours);
        return labels;
    }

    private static String json(String text) {
        return text == null ? "" : text.replace("\\", "\\\\").replace("\"", "\\\"");
    }
}
