package dev.slipway.runner;

import dev.slipway.pipeline.JobExecutor;
import dev.slipway.pipeline.JobResources;
import dev.slipway.pipeline.StepSpec;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What one job's pod is made of: the pod itself (the job's {@code container:} image running {@code pod-job.sh},
 * {@code restartPolicy: Never}, {@code activeDeadlineSeconds} = the job's timeout, the job's resources as requests
 * with memory also its limit, no service account token, an emptyDir at {@value #FILES} for the workspace) and a
 * Secret of the same name holding the job's variables, which the pod takes by reference ({@code envFrom}): no value
 * of the job's environment is written in the pod spec. Both carry the labels a restarted server finds them by.
 */
record JobPod(String name, Pod pod, Secret secret) {
    static final String MANAGED_BY = "app.kubernetes.io/managed-by";
    static final String APP = "slipway.dev/app";
    static final String RUN = "slipway.dev/run";
    static final String JOB = "slipway.dev/job";
    static final String CONTAINER = "job";
    /** The pod's own directory: the workspace below it, the tars it fetches and sends beside it. */
    static final String FILES = "/slipway";
    static final String WORKSPACE = FILES + "/work";
    static final String TERMINATION_LOG = "/dev/termination-log";
    static final String SCRIPT = script();
    private static final SecureRandom RANDOM = new SecureRandom();

    /** {@code apiUrl}: Slipway's address as the cluster's pods reach it. */
    static JobPod of(JobExecutor.Context context, String image, String namespace, String apiUrl) {
        String app = context.run().app();
        long run = context.run().number();
        String job = context.job().name();
        String name = name(app, run, job);
        Map<String, String> labels = labels(app, run, job);
        Secret secret = new SecretBuilder().withNewMetadata().withName(name).withNamespace(namespace)
                .withLabels(labels).endMetadata().withType("Opaque").withData(encoded(context.env())).build();
        Pod pod = new PodBuilder().withNewMetadata().withName(name).withNamespace(namespace).withLabels(labels)
                .endMetadata().withNewSpec().withRestartPolicy("Never")
                .withActiveDeadlineSeconds(Math.max(1, (context.job().timeout().toMillis() + 999) / 1000))
                .withAutomountServiceAccountToken(false)
                .addNewContainer().withName(CONTAINER).withImage(image).withCommand("sh", "-c", SCRIPT)
                .withEnv(plain(context, apiUrl)).addNewEnvFrom().withNewSecretRef().withName(name).endSecretRef()
                .endEnvFrom().withResources(resources(context.job().resources()))
                .withTerminationMessagePath(TERMINATION_LOG).withTerminationMessagePolicy("File")
                .addNewVolumeMount().withName("slipway").withMountPath(FILES).endVolumeMount()
                .endContainer()
                .addNewVolume().withName("slipway").withNewEmptyDir().endEmptyDir().endVolume()
                .endSpec().build();
        return new JobPod(name, pod, secret);
    }

    /** The labels of a job's pod and Secret: managed by Slipway, and whose job it is. */
    static Map<String, String> labels(String app, long run, String job) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(MANAGED_BY, "slipway");
        labels.put(APP, labelValue(app));
        labels.put(RUN, Long.toString(run));
        labels.put(JOB, labelValue(job));
        return labels;
    }

    /**
     * Not secret, so in the spec: where the API is, the job's path in it, the steps, and the pod's own paths for the
     * workspace, HOME and TMPDIR (they override the Secret's values of the server's paths).
     */
    private static List<EnvVar> plain(JobExecutor.Context context, String apiUrl) {
        List<EnvVar> env = new ArrayList<>();
        env.add(new EnvVar("SLIPWAY_API_URL", apiUrl, null));
        env.add(new EnvVar("SLIPWAY_JOB_PATH", "/api/v1/apps/" + context.run().app() + "/runs/"
                + context.run().number() + "/jobs/" + context.job().name(), null));
        env.add(new EnvVar("SLIPWAY_WORKSPACE", WORKSPACE, null));
        env.add(new EnvVar("HOME", WORKSPACE + "/" + LocalJobExecutor.OWN + "/home", null));
        env.add(new EnvVar("TMPDIR", WORKSPACE + "/" + LocalJobExecutor.OWN + "/tmp", null));
        env.add(new EnvVar("SLIPWAY_TERMINATION_LOG", TERMINATION_LOG, null));
        List<StepSpec> steps = context.job().steps();
        env.add(new EnvVar("SLIPWAY_STEP_COUNT", Integer.toString(steps.size()), null));
        for (int i = 0; i < steps.size(); i++) {
            env.add(new EnvVar("SLIPWAY_STEP_" + (i + 1), steps.get(i).run(), null));
        }
        return env;
    }

    private static ResourceRequirements resources(JobResources resources) {
        ResourceRequirementsBuilder builder = new ResourceRequirementsBuilder();
        resources.cpu().ifPresent(cpu -> builder.addToRequests("cpu", new Quantity(cpu)));
        resources.memory().ifPresent(memory -> builder.addToRequests("memory", new Quantity(memory))
                .addToLimits("memory", new Quantity(memory)));
        return builder.build();
    }

    private static Map<String, String> encoded(Map<String, String> env) {
        Map<String, String> data = new TreeMap<>();
        env.forEach((k, v) -> data.put(k, Base64.getEncoder().encodeToString(v.getBytes(StandardCharsets.UTF_8))));
        return data;
    }

    /** {@code APP-RUN-JOB-xxxxx}: a DNS label (63 at most, '_' as '-'), unique per attempt. */
    static String name(String app, long run, String job) {
        String base = (app + "-" + run + "-" + job).toLowerCase().replaceAll("[^a-z0-9-]", "-");
        base = base.length() > 56 ? base.substring(0, 56) : base;
        base = base.replaceAll("-+$", "");
        StringBuilder suffix = new StringBuilder();
        for (int i = 0; i < 6; i++) {
            suffix.append("abcdefghijklmnopqrstuvwxyz0123456789".charAt(RANDOM.nextInt(36)));
        }
        return base + "-" + suffix;
    }

    /** A label value: 63 characters at most, starting and ending with a letter or digit. */
    static String labelValue(String text) {
        String value = text.length() > 63 ? text.substring(0, 63) : text;
        return value.replaceAll("[^A-Za-z0-9]+$", "");
    }

    private static String script() {
        try (InputStream in = JobPod.class.getResourceAsStream("pod-job.sh")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException | NullPointerException e) {
            throw new UncheckedIOException(new IOException("pod-job.sh is missing from Slipway's jar", e));
        }
    }
}
