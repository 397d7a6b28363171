package dev.slipway.image;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.slipway.artifact.Digest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Writes an image's configuration and manifest as JSON whose bytes depend only on the recipe and the base: keys in a
 * fixed order, a fixed creation time, no host or user names. The base's own settings are kept and the recipe's
 * applied over them as Docker does (an entrypoint given without a cmd clears the base's cmd).
 */
final class ImageConfigs {
    static final String EPOCH = "1970-01-01T00:00:00Z";
    static final String DEFAULT_PATH = "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
    private static final ObjectMapper JSON = new ObjectMapper();

    private ImageConfigs() {}

    /** The configuration of an image made of the base's layers and {@code added} (uncompressed: digest = diff id). */
    static byte[] config(ResolvedBase base, ImageRecipe recipe, Optional<Digest> added, String addedBy) throws ImageException {
        ObjectNode baseConfig = base.config().map(ImageConfigs::read).orElseGet(JSON::createObjectNode);
        ObjectNode config = JSON.createObjectNode();
        config.put("created", EPOCH);
        config.put("architecture", baseConfig.path("architecture").asText("amd64"));
        config.put("os", baseConfig.path("os").asText("linux"));
        config.set("config", runSettings(baseConfig.path("config"), recipe));
        ObjectNode rootfs = config.putObject("rootfs");
        rootfs.put("type", "layers");
        ArrayNode diffIds = rootfs.putArray("diff_ids");
        baseConfig.path("rootfs").path("diff_ids").forEach(id -> diffIds.add(id.asText()));
        ArrayNode history = config.putArray("history");
        baseConfig.path("history").forEach(history::add);
        added.ifPresent(layer -> {
            diffIds.add(layer.toString());
            ObjectNode entry = history.addObject();
            entry.put("created", EPOCH);
            entry.put("created_by", addedBy);
        });
        if (diffIds.size() != base.layers().size() + (added.isPresent() ? 1 : 0)) {
            throw new ImageException("base image " + base.reference() + " is inconsistent: its configuration lists "
                    + (diffIds.size() - (added.isPresent() ? 1 : 0)) + " layers but its manifest " + base.layers().size()
                    + "; rebuild or re-push the base image");
        }
        return bytes(config);
    }

    private static ObjectNode runSettings(JsonNode inherited, ImageRecipe recipe) {
        ObjectNode settings = inherited.isObject() ? ((ObjectNode) inherited).deepCopy() : JSON.createObjectNode();
        ArrayNode env = JSON.createArrayNode();
        settings.path("Env").forEach(e -> env.add(e.asText()));
        if (env.isEmpty()) {
            env.add(DEFAULT_PATH);
        }
        for (Map.Entry<String, String> variable : recipe.env().entrySet()) {
            String entry = variable.getKey() + "=" + variable.getValue();
            int at = indexOf(env, variable.getKey());
            if (at >= 0) {
                env.set(at, entry);
            } else {
                env.add(entry);
            }
        }
        settings.set("Env", env);
        if (recipe.entrypoint() != null) {
            settings.set("Entrypoint", strings(recipe.entrypoint()));
            if (recipe.cmd() == null) {
                settings.remove("Cmd");
            }
        }
        if (recipe.cmd() != null) {
            settings.set("Cmd", strings(recipe.cmd()));
        }
        recipe.workdir().ifPresent(dir -> settings.put("WorkingDir", dir));
        recipe.user().ifPresent(user -> settings.put("User", user));
        recipe.port().ifPresent(port -> {
            ObjectNode ports = settings.path("ExposedPorts").isObject() ? (ObjectNode) settings.get("ExposedPorts")
                    : settings.putObject("ExposedPorts");
            ports.putObject(port + "/tcp");
        });
        if (!recipe.labels().isEmpty()) {
            ObjectNode labels = settings.path("Labels").isObject() ? (ObjectNode) settings.get("Labels")
                    : settings.putObject("Labels");
            recipe.labels().forEach(labels::put);
        }
        return settings;
    }

    /** An OCI image manifest naming the configuration and the layers, in order. */
    static byte[] manifest(Descriptor config, List<Descriptor> layers) {
        ObjectNode manifest = JSON.createObjectNode();
        manifest.put("schemaVersion", 2);
        manifest.put("mediaType", OciMediaTypes.OCI_MANIFEST);
        manifest.set("config", descriptor(config));
        ArrayNode list = manifest.putArray("layers");
        layers.forEach(layer -> list.add(descriptor(layer)));
        return bytes(manifest);
    }

    /** A descriptor as manifests write it: mediaType, digest, size (Referrers' manifests too). */
    static ObjectNode descriptor(Descriptor d) {
        ObjectNode node = JSON.createObjectNode();
        node.put("mediaType", d.mediaType());
        node.put("digest", d.digest().toString());
        node.put("size", d.size());
        return node;
    }

    private static int indexOf(ArrayNode env, String name) {
        for (int i = 0; i < env.size(); i++) {
            if (env.get(i).asText().startsWith(name + "=")) {
                return i;
            }
        }
        return -1;
    }

    private static ArrayNode strings(List<String> values) {
        ArrayNode array = JSON.createArrayNode();
        values.forEach(array::add);
        return array;
    }

    static ObjectNode read(byte[] bytes) {
        try {
            JsonNode node = JSON.readTree(bytes);
            return node != null && node.isObject() ? (ObjectNode) node : JSON.createObjectNode();
        } catch (IOException e) {
            return JSON.createObjectNode();
        }
    }

    static byte[] bytes(JsonNode node) {
        try {
            return JSON.writeValueAsString(node).getBytes(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write JSON", e);
        }
    }
}
