package dev.slipway.pipeline;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Reads a job's {@code container:}: the image its steps run in (a Maven + JDK build image, say), as a Docker engine
 * names it: {@code [HOST[:PORT]/]NAME[/NAME…][:TAG][@sha256:HEX]}. Not to be confused with {@code image:}, the image
 * a job produces. The engine resolves the name; here it is only checked for the shape Docker accepts, so a typo
 * is said at push time with its line and column instead of in the job's log.
 */
final class ContainerImage {
    private static final String COMPONENT = "[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*";
    private static final String HOST = "(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?(?:\\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*"
            + "[a-zA-Z0-9])?)*(?::[0-9]{1,5})?/)";
    private static final Pattern REFERENCE = Pattern.compile(HOST + "?" + COMPONENT + "(?:/" + COMPONENT + ")*"
            + "(?::[A-Za-z0-9_][A-Za-z0-9_.-]{0,127})?(?:@sha256:[0-9a-f]{64})?");
    private static final String EXAMPLE = "e.g. container: maven:3.9-eclipse-temurin-17 or "
            + "registry.example.com:5000/build/jdk17@sha256:…";

    private ContainerImage() {}

    static Optional<String> read(Fields job, String name) throws PipelineException {
        Optional<YamlNode> node = job.get("container");
        if (node.isEmpty()) {
            return Optional.empty();
        }
        String text = Fields.text(node.get(), job.expectation("container", "the image its steps run in, " + EXAMPLE));
        if (text.length() > 255 || !REFERENCE.matcher(text).matches()) {
            throw node.get().at().error("'" + text + "' (the container of job '" + name + "') is not an image name "
                    + "a Docker engine takes: lower-case NAME[/NAME][:TAG][@sha256:DIGEST], optionally after "
                    + "HOST[:PORT]/, " + EXAMPLE + " ('image:' is for the image a job produces)");
        }
        return Optional.of(text);
    }
}
