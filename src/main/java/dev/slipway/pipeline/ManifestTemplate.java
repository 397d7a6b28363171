package dev.slipway.pipeline;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One Kubernetes manifest file of a repository ({@code deploy: { manifests: k8s/ }}) as written, with its
 * {@code ${NAME}} variables: where each one is (for {@code k8s/app.yml:LINE: unknown variable VAR} at push time) and
 * the text with values put in (at deployment). {@code $${NAME}} stays a literal {@code ${NAME}}.
 */
public record ManifestTemplate(String path, String text) {
    /** The variables Slipway gives every manifest; the environment's config keys come on top. */
    public static final List<String> BUILT_IN = List.of("IMAGE", "IMAGE_TAG", "REGISTRY_HOST", "APP", "ENV", "SLOT");

    private static final Pattern VARIABLE = Pattern.compile("\\$?\\$\\{([^}\\n]*)}");
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    public ManifestTemplate {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(text, "text");
    }

    /** A {@code ${NAME}} as written: its name, 1-based line and column. */
    public record Use(String name, int line, int column) {}

    /** Every {@code ${…}} in the text, in order (escaped {@code $${…}} left out). */
    public List<Use> uses() {
        List<Use> uses = new ArrayList<>();
        Matcher m = VARIABLE.matcher(text);
        while (m.find()) {
            if (m.group().startsWith("$$")) {
                continue;
            }
            int line = 1;
            int lineStart = 0;
            for (int i = 0; i < m.start(); i++) {
                if (text.charAt(i) == '\n') {
                    line++;
                    lineStart = i + 1;
                }
            }
            uses.add(new Use(m.group(1), line, m.start() - lineStart + 1));
        }
        return uses;
    }

    /** The first use of a variable that is not in {@code known}, as {@code k8s/app.yml:LINE: unknown variable VAR}. */
    public java.util.Optional<String> unknown(Set<String> known) {
        return unknown(known, Set.of());
    }

    /**
     * As {@link #unknown(Set)}; a use of one of {@code secrets} (the environment's secret names) is told where secrets
     * go instead: a value in a manifest would be stored and shown wherever the manifest is.
     */
    public java.util.Optional<String> unknown(Set<String> known, Set<String> secrets) {
        for (Use use : uses()) {
            if (!NAME.matcher(use.name()).matches()) {
                return java.util.Optional.of(path + ":" + use.line() + ": '${" + use.name() + "}' is not a variable "
                        + "name: write ${NAME} with letters, digits and _ (or $${…} for a literal ${…})");
            }
            if (!known.contains(use.name()) && secrets.contains(use.name())) {
                return java.util.Optional.of(path + ":" + use.line() + ": unknown variable " + use.name() + ": it is "
                        + "one of the environment's secrets, and secrets reach pods through a Kubernetes Secret "
                        + "Slipway keeps in the namespace (use it with secretKeyRef or envFrom), never as a value "
                        + "written into a manifest");
            }
            if (!known.contains(use.name())) {
                return java.util.Optional.of(path + ":" + use.line() + ": unknown variable " + use.name()
                        + ": known are " + String.join(", ", known.stream().sorted().toList())
                        + " (built in, and the environment's config keys); write $${" + use.name() + "} for a literal");
            }
        }
        return java.util.Optional.empty();
    }

    /**
     * The text with every {@code ${…}} and {@code $${…}} replaced by as many {@code _} as it has characters, so that
     * YAML can read it before there are values (a {@code ${…}} in a flow list would not parse) and every line and
     * column is where it was written.
     */
    public String blanked() {
        Matcher m = VARIABLE.matcher(text);
        StringBuilder out = new StringBuilder(text.length());
        while (m.find()) {
            m.appendReplacement(out, "_".repeat(m.group().codePointCount(0, m.group().length())));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** The text with each {@code ${NAME}} replaced by its value; a name without one is an error naming file:line. */
    public String render(Map<String, String> values) {
        Matcher m = VARIABLE.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String replacement;
            if (m.group().startsWith("$$")) {
                replacement = m.group().substring(1);
            } else {
                replacement = values.get(m.group(1));
                if (replacement == null) {
                    throw new IllegalArgumentException(unknown(values.keySet()).orElse(path + ": unknown variable "
                            + m.group(1)));
                }
            }
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        return out.toString();
    }
}
