package dev.slipway.artifact;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Reads a CycloneDX JSON document just far enough to know it is one ({@code bomFormat}, {@code specVersion}) and to
 * show what it lists; the document itself is kept byte for byte, never re-encoded.
 */
public final class CycloneDx {
    /** Larger documents are refused unread: an SBOM of even a big service is a few MB. */
    public static final int MAX_BYTES = 16 * 1024 * 1024;
    public static final String MEDIA_TYPE = "application/vnd.cyclonedx+json";
    private static final Pattern SPEC_VERSION = Pattern.compile("1\\.[0-9]+");
    private static final ObjectMapper JSON = new ObjectMapper();

    private CycloneDx() {}

    /** {@code where}: how the error names the file, e.g. "sbom 'target/bom.json'". */
    public static SbomSummary read(byte[] bytes, String where) throws SbomException {
        if (bytes.length > MAX_BYTES) {
            throw new SbomException(where + " is " + bytes.length + " bytes; at most " + MAX_BYTES + " (16 MiB) are kept");
        }
        JsonNode root;
        try {
            root = JSON.readTree(bytes);
        } catch (JsonProcessingException e) {
            throw new SbomException(where + " is not valid JSON (line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr() + ": " + e.getOriginalMessage() + "); write it as CycloneDX JSON, "
                    + "e.g. the CycloneDX Maven plugin's outputFormat json");
        } catch (IOException e) {
            throw new SbomException(where + " cannot be read: " + e.getMessage());
        }
        if (root == null || !root.isObject()) {
            throw new SbomException(where + " must be a JSON object (a CycloneDX document)");
        }
        if (!"CycloneDX".equals(root.path("bomFormat").asText(null))) {
            throw new SbomException(where + " is not a CycloneDX document: its bomFormat must be \"CycloneDX\" (it is "
                    + (root.has("bomFormat") ? root.get("bomFormat") : "missing") + "); SPDX and other formats are "
                    + "not kept");
        }
        JsonNode version = root.get("specVersion");
        if (version == null || !version.isTextual() || !SPEC_VERSION.matcher(version.asText()).matches()) {
            throw new SbomException(where + " has no CycloneDX specVersion (\"1.4\", \"1.5\", \"1.6\"…): it says "
                    + (version == null ? "nothing" : version.toString()));
        }
        Optional<SbomSummary.Component> subject = root.path("metadata").has("component")
                ? Optional.of(component(root.path("metadata").get("component"), "metadata.component", where))
                : Optional.empty();
        List<SbomSummary.Component> components = new ArrayList<>();
        components(root.get("components"), "components", where, components);
        return new SbomSummary(version.asText(), subject, components);
    }

    /** The components of a list, and those nested in them, in document order. */
    private static void components(JsonNode list, String path, String where, List<SbomSummary.Component> into)
            throws SbomException {
        if (list == null || list.isNull()) {
            return;
        }
        if (!list.isArray()) {
            throw new SbomException(where + ": '" + path + "' must be a list of components");
        }
        for (int i = 0; i < list.size(); i++) {
            String at = path + "[" + i + "]";
            into.add(component(list.get(i), at, where));
            components(list.get(i).get("components"), at + ".components", where, into);
        }
    }

    private static SbomSummary.Component component(JsonNode node, String path, String where) throws SbomException {
        if (!node.isObject() || !node.path("name").isTextual() || node.get("name").asText().isBlank()) {
            throw new SbomException(where + ": '" + path + "' must be a component with a name");
        }
        List<String> licenses = new ArrayList<>();
        for (JsonNode choice : node.path("licenses")) {
            JsonNode license = choice.path("license");
            String named = choice.has("expression") ? choice.get("expression").asText()
                    : license.has("id") ? license.get("id").asText() : license.path("name").asText("");
            if (!named.isBlank() && !licenses.contains(named)) {
                licenses.add(named);
            }
        }
        return new SbomSummary.Component(node.get("name").asText(), node.path("version").asText(""),
                node.path("purl").asText(""), licenses);
    }
}
