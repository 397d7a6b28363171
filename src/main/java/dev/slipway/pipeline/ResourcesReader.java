package dev.slipway.pipeline;

import dev.slipway.pipeline.YamlNode.Mapping;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Reads a job's {@code resources:} and checks each value is a Kubernetes quantity a cluster accepts (a positive
 * number with an optional suffix: {@code 500m}, {@code 1.5} or {@code 2} CPUs; {@code 512Mi}, {@code 2Gi} or
 * {@code 1G} of memory), so a typo is said at push time with its line and column, not when the pod is refused.
 */
final class ResourcesReader {
    private static final List<String> KEYS = List.of("cpu", "memory");
    private static final String NUMBER = "(?:[0-9]+(?:\\.[0-9]*)?|\\.[0-9]+)";
    private static final Pattern CPU = Pattern.compile(NUMBER + "(?:m|k|M|G|e[0-9]+)?");
    /** Memory in bytes: binary (Ki…Ei) or decimal (k…E) suffixes; "m" (milli-bytes) is almost always a typo for Mi. */
    private static final Pattern MEMORY = Pattern.compile(NUMBER + "(?:Ki|Mi|Gi|Ti|Pi|Ei|k|M|G|T|P|E|e[0-9]+)?");
    private static final String EXAMPLE = "e.g. resources: { cpu: 1, memory: 2Gi }";

    private ResourcesReader() {}

    static JobResources read(Fields job, String name) throws PipelineException {
        Optional<YamlNode> node = job.get("resources");
        if (node.isEmpty()) {
            return JobResources.NONE;
        }
        Mapping mapping = Fields.mapping(node.get(), job.expectation("resources", "a mapping with cpu and/or memory, "
                + EXAMPLE));
        Fields fields = new Fields(mapping, "resources of job '" + name + "'", KEYS);
        return new JobResources(quantity(fields, "cpu", CPU, "a number of CPUs, like 1, 0.5 or 500m"),
                quantity(fields, "memory", MEMORY, "bytes with a suffix, like 512Mi, 2Gi or 1G"));
    }

    private static Optional<String> quantity(Fields fields, String key, Pattern shape, String expected)
            throws PipelineException {
        Optional<YamlNode> value = fields.get(key);
        if (value.isEmpty()) {
            return Optional.empty();
        }
        String text = Fields.text(value.get(), fields.expectation(key, expected));
        if (!shape.matcher(text).matches() || !positive(text)) {
            String hint = key.equals("memory") && text.endsWith("m") ? " ('m' is milli-bytes: did you mean '"
                    + text.substring(0, text.length() - 1) + "Mi'?)" : "";
            throw value.get().at().error("'" + text + "' is not a " + key + " quantity Kubernetes takes" + hint
                    + "; expected " + expected + " (greater than zero), " + EXAMPLE);
        }
        return Optional.of(text);
    }

    private static boolean positive(String text) {
        return text.chars().anyMatch(c -> c >= '1' && c <= '9' && text.indexOf(c) < firstSuffix(text));
    }

    private static int firstSuffix(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!(c == '.' || (c >= '0' && c <= '9'))) {
                return i;
            }
        }
        return text.length();
    }
}
