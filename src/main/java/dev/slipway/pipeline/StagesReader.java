package dev.slipway.pipeline;

import dev.slipway.pipeline.YamlNode.Entry;
import dev.slipway.pipeline.YamlNode.Mapping;
import dev.slipway.pipeline.YamlNode.Mark;
import dev.slipway.pipeline.YamlNode.Scalar;
import java.nio.file.FileSystems;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Reads {@code stages:} with its jobs. One instance per file: job names and the artifact job
 * are checked across the whole pipeline, not per stage.
 */
final class StagesReader {
    static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_-]*");
    private static final String NAME_RULE = "use lowercase letters, digits, '_' and '-', starting with a letter or digit";
    private static final List<String> STAGE_KEYS = List.of("name", "jobs");
    private static final List<String> JOB_KEYS = List.of("steps", "timeout", "artifact", "image", "pass", "cache",
            "container", "resources", "sbom");

    private final Map<String, Mark> stageNames = new HashMap<>();
    private final Map<String, String> jobStages = new HashMap<>();
    private String artifactJob;
    private Mark artifactAt;
    /** Where the last stage read so far passes files: an error if it stays the last one. */
    private final List<Mark> passesInLastStage = new ArrayList<>();

    List<StageSpec> read(YamlNode node) throws PipelineException {
        List<YamlNode> items = Fields.list(node, "'stages' must be a list of stages, each with 'name' and 'jobs'");
        if (items.isEmpty()) {
            throw node.at().error("'stages' must list at least one stage, e.g. - name: build");
        }
        List<StageSpec> stages = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            passesInLastStage.clear();
            stages.add(stage(items.get(i), i));
        }
        if (!passesInLastStage.isEmpty()) {
            throw passesInLastStage.get(0).error("a job of the last stage ('" + stages.get(stages.size() - 1).name()
                    + "') passes files, but no later stage can use them: remove 'pass', or add a stage after it");
        }
        return stages;
    }

    private StageSpec stage(YamlNode node, int index) throws PipelineException {
        Mapping mapping = Fields.mapping(node, "each stage must be a mapping with 'name' and 'jobs'");
        Fields fields = new Fields(mapping, owner(mapping, index), STAGE_KEYS);
        String name = fields.requiredText("name");
        Mark nameAt = fields.require("name").at();
        if (!NAME.matcher(name).matches()) {
            throw nameAt.error("stage name '" + name + "' is not allowed; " + NAME_RULE);
        }
        Mark first = stageNames.putIfAbsent(name, nameAt);
        if (first != null) {
            throw nameAt.error("stage name '" + name + "' is already used at line " + first.line()
                    + "; stage names must be unique");
        }
        String owner = "stage '" + name + "'";
        YamlNode jobsNode = fields.require("jobs");
        Mapping jobs = Fields.mapping(jobsNode, fields.expectation("jobs", "a mapping of job name to job, e.g. compile: { steps: [ \"make\" ] }"));
        if (jobs.entries().isEmpty()) {
            throw jobsNode.at().error("'jobs' in " + owner + " must define at least one job");
        }
        List<JobSpec> specs = new ArrayList<>();
        for (Entry job : jobs.entries()) {
            specs.add(job(job, name));
        }
        return new StageSpec(name, specs);
    }

    /** "stage 'build'" when the name is readable, else "stage 2", so early errors still say which. */
    private static String owner(Mapping stage, int index) {
        return stage.entry("name")
                .filter(e -> e.value() instanceof Scalar s && !s.isEmpty())
                .map(e -> "stage '" + ((Scalar) e.value()).text() + "'")
                .orElse("stage " + (index + 1));
    }

    private JobSpec job(Entry job, String stage) throws PipelineException {
        String name = job.key();
        if (!NAME.matcher(name).matches()) {
            throw job.keyAt().error("job name '" + name + "' is not allowed; " + NAME_RULE);
        }
        String other = jobStages.putIfAbsent(name, stage);
        if (other != null) {
            throw job.keyAt().error("job name '" + name + "' is already used in stage '" + other
                    + "'; job names must be unique across the pipeline");
        }
        String owner = "job '" + name + "'";
        Mapping mapping = Fields.mapping(job.value(), owner + " must be a mapping with 'steps'");
        Fields fields = new Fields(mapping, owner, JOB_KEYS);
        List<StepSpec> steps = StepReader.read(fields, "steps", true);
        Duration timeout = fields.duration("timeout", false).orElse(JobSpec.DEFAULT_TIMEOUT);
        List<String> artifact = artifact(fields, name);
        java.util.Optional<dev.slipway.image.ImageRecipe> image = image(fields, name);
        return new JobSpec(name, steps, timeout, artifact, pass(fields), CachePaths.read(fields), image,
                ContainerImage.read(fields, name), ResourcesReader.read(fields, name), sbom(fields, name, stage));
    }

    /**
     * {@code sbom:} one file in the workspace, the CycloneDX JSON the job writes about the run's artifact: so declared
     * by the job that produces the artifact, or a job of a later stage (which then finds it built).
     */
    private java.util.Optional<String> sbom(Fields job, String name, String stage) throws PipelineException {
        if (job.get("sbom").isEmpty()) {
            return java.util.Optional.empty();
        }
        YamlNode node = job.get("sbom").get();
        if (!(node instanceof Scalar path) || path.isEmpty()) {
            throw node.at().error(job.expectation("sbom", "the path of one CycloneDX JSON file in the job's "
                    + "workspace, e.g. target/bom.json"));
        }
        String text = workspacePath(path, "sbom");
        if (text.chars().anyMatch(c -> c == '*' || c == '?' || c == '[' || c == '{') || text.endsWith("/")) {
            throw path.at().error("sbom path '" + text + "' must name one file, without wildcards, e.g. target/bom.json");
        }
        boolean artifactHere = name.equals(artifactJob);
        boolean artifactEarlier = artifactJob != null && !jobStages.get(artifactJob).equals(stage);
        if (!artifactHere && !artifactEarlier) {
            throw path.at().error("job '" + name + "' declares 'sbom', which describes the run's artifact, but "
                    + (artifactJob == null ? "no job of this or an earlier stage" : "job '" + artifactJob
                    + "' of the same stage") + " produces it; declare 'sbom' in the job with 'artifact' or 'image', "
                    + "or in a job of a later stage");
        }
        return java.util.Optional.of(text);
    }

    private List<String> artifact(Fields job, String name) throws PipelineException {
        if (job.get("artifact").isEmpty()) {
            return List.of();
        }
        Mark at = job.keyAt("artifact").orElseThrow();
        if (artifactJob != null) {
            throw at.error("job '" + name + "' declares 'artifact', but job '" + artifactJob + "' (line "
                    + artifactAt.line() + ") already does; a run has one artifact, so declare it in one job only");
        }
        List<Scalar> paths = job.scalars("artifact", "a list of paths in the job's workspace, e.g. [ \"dist/\" ]", true);
        if (paths.isEmpty()) {
            throw job.get("artifact").get().at().error(job.expectation("artifact", "a list of at least one path, e.g. [ \"dist/\" ]"));
        }
        List<String> result = new ArrayList<>();
        for (Scalar path : paths) {
            result.add(artifactPath(path));
        }
        artifactJob = name;
        artifactAt = at;
        return result;
    }

    /** {@code image:} the image this job produces: the run's one deployable artifact, as {@code artifact:} would be. */
    private java.util.Optional<dev.slipway.image.ImageRecipe> image(Fields job, String name) throws PipelineException {
        if (job.get("image").isEmpty()) {
            return java.util.Optional.empty();
        }
        Mark at = job.keyAt("image").orElseThrow();
        if (artifactJob != null) {
            String what = artifactJob.equals(name) ? "declares 'artifact' too" : "is declared by job '" + artifactJob
                    + "' (line " + artifactAt.line() + ") already";
            throw at.error("job '" + name + "' declares 'image', but the run's deployable artifact " + what
                    + "; a run has one deployable artifact, so keep either 'artifact' or 'image', in one job only");
        }
        dev.slipway.image.ImageRecipe recipe = ImageReader.read(job.get("image").get(), name);
        artifactJob = name;
        artifactAt = at;
        return java.util.Optional.of(recipe);
    }

    /** {@code pass:} plain paths in the workspace (no wildcards) that later stages get a copy of. */
    private List<String> pass(Fields job) throws PipelineException {
        if (job.get("pass").isEmpty()) {
            return List.of();
        }
        List<Scalar> paths = job.scalars("pass", "a list of paths in the job's workspace, e.g. [ \"target/\" ]", true);
        if (paths.isEmpty()) {
            throw job.get("pass").get().at().error(job.expectation("pass", "a list of at least one path, e.g. [ \"target/\" ]"));
        }
        List<String> result = new ArrayList<>();
        for (Scalar path : paths) {
            String text = workspacePath(path, "pass");
            if (text.chars().anyMatch(c -> c == '*' || c == '?' || c == '[' || c == '{')) {
                throw path.at().error("pass path '" + text + "' has a wildcard; name the files or directories themselves, "
                        + "e.g. [ \"target/\" ]");
            }
            if (text.replace('\\', '/').replaceAll("^(\\./)+", "").matches("\\.?/?|\\.git(/.*)?")) {
                throw path.at().error("pass path '" + text + "' names the whole workspace or its .git; name the "
                        + "directories a later stage needs, e.g. [ \"target/\" ]");
            }
            result.add(text);
        }
        passesInLastStage.add(job.keyAt("pass").orElseThrow());
        return result;
    }

    /** Artifact paths name files inside the job's workspace; anything reaching outside it is refused. */
    private static String artifactPath(Scalar path) throws PipelineException {
        String text = workspacePath(path, "artifact");
        try {
            FileSystems.getDefault().getPathMatcher("glob:" + text);
        } catch (PatternSyntaxException e) {
            throw path.at().error("artifact path '" + text + "' is not a valid pattern (" + e.getDescription() + " at "
                    + "character " + (e.getIndex() + 1) + "): * and ? match within one name, ** across directories, "
                    + "[abc] one of the characters, {a,b} either");
        }
        return text;
    }

    private static String workspacePath(Scalar path, String what) throws PipelineException {
        String text = path.text();
        if (text.isBlank()) {
            throw path.at().error(what + " path must not be empty");
        }
        if (text.startsWith("/") || text.startsWith("\\") || text.matches("[A-Za-z]:.*")) {
            throw path.at().error(what + " path '" + text + "' must be relative to the job's workspace, e.g. 'dist/'");
        }
        if (List.of(text.split("[/\\\\]")).contains("..")) {
            throw path.at().error(what + " path '" + text + "' must stay inside the job's workspace; '..' is not allowed");
        }
        return text;
    }
}
