package dev.slipway.pipeline;

import dev.slipway.artifact.LayerPath;
import dev.slipway.image.BaseImage;
import dev.slipway.image.ImageRecipe;
import dev.slipway.image.ImageReference;
import dev.slipway.pipeline.YamlNode.Entry;
import dev.slipway.pipeline.YamlNode.Mapping;
import dev.slipway.pipeline.YamlNode.Scalar;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Pattern;

/**
 * Reads a job's {@code image:} — the image the job produces: how Slipway builds it ({@code base}, {@code files},
 * {@code entrypoint}, {@code cmd}, {@code env}, {@code workdir}, {@code user}, {@code port}, {@code labels}), or
 * {@code pushed: NAME} (or {@code pushed: true} for the app's own repository) when the job pushes it itself.
 */
final class ImageReader {
    static final List<String> KEYS = List.of("base", "files", "entrypoint", "cmd", "env", "workdir", "user", "port",
            "labels", "pushed");
    private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final String EXAMPLE = "e.g. image: { base: scratch, files: [ { from: \"rootfs/\", to: \"/\" } ], "
            + "cmd: [ \"/bin/server\" ] }";

    private ImageReader() {}

    static ImageRecipe read(YamlNode node, String job) throws PipelineException {
        String owner = "the image of job '" + job + "'";
        Mapping mapping = Fields.mapping(node, "'image' in job '" + job + "' must be a mapping, " + EXAMPLE);
        Fields fields = new Fields(mapping, owner, KEYS);
        if (fields.get("pushed").isPresent()) {
            return pushed(fields, mapping);
        }
        BaseImage base = base(fields);
        List<LayerPath> files = files(fields);
        List<String> entrypoint = command(fields, "entrypoint");
        List<String> cmd = command(fields, "cmd");
        if (base.isScratch() && files.isEmpty()) {
            throw node.at().error(owner + " is empty: name the workspace files that form it, e.g. files: [ { from: "
                    + "\"rootfs/\", to: \"/\" } ], or a base image");
        }
        if (base.isScratch() && entrypoint == null && cmd == null) {
            throw node.at().error(owner + " has nothing to run: add cmd (exec form, e.g. cmd: [ \"/bin/server\" ]) or "
                    + "entrypoint");
        }
        Optional<String> workdir = absolute(fields, "workdir");
        Optional<String> user = fields.text("user");
        OptionalInt port = fields.integer("port").map(p -> OptionalInt.of(p)).orElse(OptionalInt.empty());
        if (port.isPresent() && (port.getAsInt() < 1 || port.getAsInt() > 65535)) {
            throw fields.require("port").at().error(fields.expectation("port", "a TCP port from 1 to 65535")
                    + ", got " + port.getAsInt());
        }
        return new ImageRecipe(base, files, entrypoint, cmd, map(fields, "env", true), workdir, user, port,
                map(fields, "labels", false), Optional.empty());
    }

    private static ImageRecipe pushed(Fields fields, Mapping mapping) throws PipelineException {
        for (Entry entry : mapping.entries()) {
            if (!entry.key().equals("pushed")) {
                throw entry.keyAt().error("'" + entry.key() + "' has no meaning next to 'pushed' in " + fields.owner()
                        + ": the job builds and pushes the image itself; remove it");
            }
        }
        YamlNode value = fields.require("pushed");
        if (value instanceof Scalar s && s.kind() == YamlNode.Kind.BOOLEAN && s.text().equals("true")) {
            return ImageRecipe.pushed("");
        }
        String name = Fields.text(value, fields.expectation("pushed", "the repository name under the app (APP/NAME), "
                + "e.g. pushed: worker, or pushed: true for the app's own repository"));
        if (!ImageReference.isRepositoryPath(name)) {
            throw value.at().error(fields.expectation("pushed", "a repository name of lowercase letters, digits and "
                    + "'.', '_', '-' separators (and '/' between parts)") + ", got '" + name + "'");
        }
        return ImageRecipe.pushed(name);
    }

    private static BaseImage base(Fields fields) throws PipelineException {
        Optional<YamlNode> node = fields.get("base");
        if (node.isEmpty()) {
            return BaseImage.scratch();
        }
        if (node.get() instanceof Mapping m) {
            Fields base = new Fields(m, "'base' of " + fields.owner(), List.of("image", "credentials"));
            return new BaseImage(reference(base.require("image"), base), base.text("credentials"));
        }
        return new BaseImage(reference(node.get(), fields), Optional.empty());
    }

    private static String reference(YamlNode node, Fields owner) throws PipelineException {
        String reference = Fields.text(node, "the base image must be scratch, APP[:TAG] of this Slipway or "
                + "HOST[:PORT]/NAME:TAG, optionally as { image: REF, credentials: APP_WIDE_SECRET }");
        if (reference.equals(BaseImage.SCRATCH)) {
            return reference;
        }
        try {
            ImageReference.parseBase(reference);
        } catch (IllegalArgumentException e) {
            throw node.at().error("base image '" + reference + "' is not a valid image reference; write scratch, "
                    + "APP:TAG, APP@sha256:… or HOST:PORT/NAME:TAG — " + e.getMessage());
        }
        return reference;
    }

    private static List<LayerPath> files(Fields fields) throws PipelineException {
        Optional<YamlNode> node = fields.get("files");
        if (node.isEmpty()) {
            return List.of();
        }
        List<LayerPath> files = new ArrayList<>();
        for (YamlNode item : Fields.list(node.get(), fields.expectation("files", "a list of { from, to }, e.g. "
                + "[ { from: \"rootfs/\", to: \"/\" } ]"))) {
            if (item instanceof Scalar s && !s.isEmpty()) {
                files.add(new LayerPath(s.text(), "/" + s.text().replaceFirst("^\\./", "")));
                continue;
            }
            Fields file = new Fields(Fields.mapping(item, "each entry of 'files' must be { from: WORKSPACE_PATH, to: "
                    + "IMAGE_PATH }"), "an entry of 'files'", List.of("from", "to"));
            String from = file.requiredText("from");
            if (from.startsWith("/") || List.of(from.split("/")).contains("..")) {
                throw file.require("from").at().error("'from' must be a path relative to the workspace without '..', "
                        + "got '" + from + "'");
            }
            String to = absolute(file, "to").orElse("/");
            files.add(new LayerPath(from, to));
        }
        return files;
    }

    private static Optional<String> absolute(Fields fields, String key) throws PipelineException {
        Optional<String> path = fields.text(key);
        if (path.isPresent() && (!path.get().startsWith("/") || List.of(path.get().split("/")).contains(".."))) {
            throw fields.require(key).at().error(fields.expectation(key, "an absolute path in the image without '..', "
                    + "e.g. /app") + ", got '" + path.get() + "'");
        }
        return path;
    }

    /** Exec form only: a list of words, never run through a shell (write the shell yourself, as the example does). */
    private static List<String> command(Fields fields, String key) throws PipelineException {
        Optional<YamlNode> node = fields.get(key);
        if (node.isEmpty()) {
            return null;
        }
        if (node.get() instanceof Scalar s && !s.isEmpty()) {
            throw s.at().error(fields.expectation(key, "a list (exec form), e.g. [ \"/bin/sh\", \"-c\", \"" + s.text()
                    + "\" ]") + "; a plain string would not be run through a shell");
        }
        List<String> words = new ArrayList<>();
        for (Scalar word : fields.scalars(key, "a list of words (exec form), e.g. [ \"/bin/server\", \"--port\", \"8080\" ]", false)) {
            words.add(word.text());
        }
        if (words.isEmpty()) {
            throw node.get().at().error(fields.expectation(key, "a list of at least one word"));
        }
        return words;
    }

    private static Map<String, String> map(Fields fields, String key, boolean names) throws PipelineException {
        Optional<YamlNode> node = fields.get(key);
        Map<String, String> result = new LinkedHashMap<>();
        if (node.isEmpty()) {
            return result;
        }
        Mapping mapping = Fields.mapping(node.get(), fields.expectation(key, "a mapping, e.g. { NAME: value }"));
        for (Entry entry : mapping.entries()) {
            if (names && !ENV_NAME.matcher(entry.key()).matches()) {
                throw entry.keyAt().error("'" + entry.key() + "' is not a valid variable name in '" + key + "' of "
                        + fields.owner() + "; use letters, digits and '_', not starting with a digit");
            }
            String value = entry.value() instanceof Scalar s ? (s.kind() == YamlNode.Kind.NULL ? "" : s.text()) : null;
            if (value == null) {
                throw entry.value().at().error("the value of '" + entry.key() + "' in '" + key + "' of " + fields.owner()
                        + " must be plain text");
            }
            result.put(entry.key(), value);
        }
        return result;
    }
}
