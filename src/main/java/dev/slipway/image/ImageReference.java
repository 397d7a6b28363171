package dev.slipway.image;

import dev.slipway.artifact.Digest;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Where an image lives in an external registry: {@code HOST[:PORT]/NAMESPACE/NAME} with a {@code :TAG}, an
 * {@code @sha256:…} digest, both, or (for a place to copy to, {@link #parseRepository}) neither. The registry host is
 * always written out: Slipway never guesses Docker Hub, so {@code web:1.0} is an error that says so.
 */
public record ImageReference(String registry, String repository, Optional<String> tag, Optional<Digest> digest) {
    private static final String EXAMPLES = "e.g. 127.0.0.1:5000/team/web:1.0 or registry.example.com/web@sha256:<64 hex>";
    /** The distribution spec's path component: lower-case alphanumerics joined by '.', '_', '__' or dashes. */
    private static final Pattern COMPONENT = Pattern.compile("[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*");
    private static final Pattern TAG = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9._-]{0,127}");
    private static final Pattern HOST = Pattern.compile(
            "(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*(?::[0-9]{1,5})?"
                    + "|\\[[0-9A-Fa-f:]+\\](?::[0-9]{1,5})?");

    public ImageReference {
        Objects.requireNonNull(registry, "registry");
        Objects.requireNonNull(repository, "repository");
        Objects.requireNonNull(tag, "tag");
        Objects.requireNonNull(digest, "digest");
    }

    /** An image: a tag, a digest or both must be given ({@code name:tag@sha256:…} means the digest). */
    public static ImageReference parse(String text) {
        ImageReference reference = parseAny(text, true);
        if (reference.tag.isEmpty() && reference.digest.isEmpty()) {
            throw invalid(text, "it names no image in " + reference.registry + "/" + reference.repository
                    + ": add a tag (:1.0) or a digest (@sha256:…)");
        }
        return reference;
    }

    /**
     * A base image: an external one as {@link #parse} reads it, or — when the first part names no registry host — an
     * image of this Slipway ({@code APP[/NAME]} with a tag, a digest or neither, which means {@code latest}), whose
     * {@link #registry} is empty.
     */
    public static ImageReference parseBase(String text) {
        ImageReference reference = parseAny(text, false);
        if (!reference.isLocal() && reference.tag.isEmpty() && reference.digest.isEmpty()) {
            throw invalid(text, "it names no image in " + reference.registry + "/" + reference.repository
                    + ": add a tag (:1.0) or a digest (@sha256:…)");
        }
        return reference;
    }

    /** An image of this Slipway (from {@link #parseBase}), not of an external registry. */
    public boolean isLocal() {
        return registry.isEmpty();
    }

    /** A repository to copy into: {@code HOST[:PORT]/NAMESPACE/NAME}, no tag or digest. */
    public static ImageReference parseRepository(String text) {
        ImageReference reference = parseAny(text, true);
        if (reference.tag.isPresent() || reference.digest.isPresent()) {
            throw new IllegalArgumentException("'" + text + "' is not a repository: leave out the tag and digest, "
                    + "Slipway adds them (e.g. 127.0.0.1:5000/team/web)");
        }
        return reference;
    }

    private static ImageReference parseAny(String text, boolean hostRequired) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("missing image reference: write HOST[:PORT]/NAME[:TAG][@sha256:…], " + EXAMPLES);
        }
        if (!text.equals(text.strip()) || text.chars().anyMatch(Character::isWhitespace)) {
            throw invalid(text, "it contains whitespace");
        }
        String rest = text;
        Optional<Digest> digest = Optional.empty();
        int at = rest.indexOf('@');
        if (at >= 0) {
            try {
                digest = Optional.of(Digest.parse(rest.substring(at + 1)));
            } catch (IllegalArgumentException e) {
                throw invalid(text, "the part after '@' " + e.getMessage().replaceFirst("^'[^']*' ", ""));
            }
            rest = rest.substring(0, at);
        }
        int slash = rest.indexOf('/');
        String registry = slash < 0 ? "" : rest.substring(0, slash);
        String path = rest.substring(slash + 1);
        if (!looksLikeHost(registry)) {
            if (hostRequired && slash < 0) {
                throw invalid(text, "it has no registry host: write the registry first, Slipway does not assume Docker Hub");
            }
            if (hostRequired) {
                throw invalid(text, "'" + registry + "' is not a registry host: write the registry first "
                        + "(a name with a '.' or a ':PORT', or localhost), Slipway does not assume Docker Hub");
            }
            registry = "";
            path = rest; // this Slipway's APP[/NAME]
        }
        Optional<String> tag = Optional.empty();
        int colon = path.lastIndexOf(':');
        if (colon >= 0) {
            String t = path.substring(colon + 1);
            if (!TAG.matcher(t).matches()) {
                throw invalid(text, "tag '" + t + "' is not allowed: up to 128 letters, digits, '_', '.' and '-', "
                        + "not starting with '.' or '-'");
            }
            tag = Optional.of(t);
            path = path.substring(0, colon);
        }
        checkPath(text, path);
        return new ImageReference(registry, path, tag, digest);
    }

    /** Whether {@code path} is a repository name of the spec's grammar: components joined by '/'. */
    public static boolean isRepositoryPath(String path) {
        for (String component : path.split("/", -1)) {
            if (!COMPONENT.matcher(component).matches()) {
                return false;
            }
        }
        return true;
    }

    /** Whether {@code tag} is a tag of the spec's grammar. */
    public static boolean isTag(String tag) {
        return tag != null && TAG.matcher(tag).matches();
    }

    private static boolean looksLikeHost(String registry) {
        return HOST.matcher(registry).matches()
                && (registry.contains(".") || registry.contains(":") || registry.equals("localhost"));
    }

    private static void checkPath(String text, String path) {
        if (path.isEmpty()) {
            throw invalid(text, "it has no repository name after the registry host");
        }
        for (String component : path.split("/", -1)) {
            if (!COMPONENT.matcher(component).matches()) {
                throw invalid(text, "repository part '" + component + "' is not allowed: use lower-case letters and "
                        + "digits, joined by '.', '_' or '-'");
            }
        }
        if (path.length() > 255) {
            throw invalid(text, "the repository name is " + path.length() + " characters; registries allow 255");
        }
    }

    private static IllegalArgumentException invalid(String text, String why) {
        return new IllegalArgumentException("'" + text + "' is not an image reference: " + why + " ("
                + EXAMPLES + ")");
    }

    /** What goes after {@code /manifests/}: the digest when there is one (it pins the content), else the tag. */
    public String reference() {
        return digest.map(Digest::toString).orElseGet(() -> tag.orElseThrow(
                () -> new IllegalStateException(this + " names a repository, not an image")));
    }

    public ImageReference withTag(String newTag) {
        return new ImageReference(registry, repository, Optional.of(newTag), Optional.empty());
    }

    public ImageReference withDigest(Digest newDigest) {
        return new ImageReference(registry, repository, Optional.empty(), Optional.of(newDigest));
    }

    @Override
    public String toString() {
        return (isLocal() ? "" : registry + "/") + repository + tag.map(t -> ":" + t).orElse("") + digest.map(d -> "@" + d).orElse("");
    }
}
