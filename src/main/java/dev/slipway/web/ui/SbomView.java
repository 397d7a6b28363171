package dev.slipway.web.ui;

import java.util.List;

/**
 * An SBOM on the run page: the job that wrote it, what it describes, its components ({@code name@version}) and the
 * licenses they name; {@code problem} when the stored document cannot be read any more (collected).
 */
public record SbomView(String job, String specVersion, String describes, int components, List<String> names,
                       List<String> licenses, String href, String problem) {
    public SbomView {
        names = List.copyOf(names);
        licenses = List.copyOf(licenses);
    }
}
