package dev.slipway.artifact;

import java.util.List;
import java.util.Optional;

/**
 * What a CycloneDX document says, as far as people read it on a run's page: its spec version, what it describes
 * ({@code metadata.component}) and its components with their licenses.
 */
public record SbomSummary(String specVersion, Optional<Component> subject, List<Component> components) {
    public SbomSummary {
        components = List.copyOf(components);
    }

    /** A component: name, version (may be empty), package URL (may be empty), license ids or names. */
    public record Component(String name, String version, String purl, List<String> licenses) {
        public Component {
            licenses = List.copyOf(licenses);
        }

        /** {@code name@version}, or the name alone when it has no version. */
        public String label() {
            return version.isEmpty() ? name : name + "@" + version;
        }
    }

    /** Every license named, once each, sorted. */
    public List<String> licenses() {
        return components.stream().flatMap(c -> c.licenses().stream()).distinct().sorted().toList();
    }
}
