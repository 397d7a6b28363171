package dev.slipway.image;

/**
 * The names of Slipway's registry: a repository is {@code APP} or {@code APP/NAME}, each part a path component of
 * the distribution spec's grammar (lower case); a tag is the spec's tag grammar.
 */
public final class RegistryNames {
    private RegistryNames() {}

    /** The app a repository belongs to; NAME_INVALID when the name is not {@code APP} or {@code APP/NAME}. */
    public static String appOf(String repository) throws RegistryException {
        String[] parts = repository == null ? new String[0] : repository.split("/", -1);
        if (parts.length < 1 || parts.length > 2) {
            throw invalid(repository, "a repository of Slipway's registry is APP or APP/NAME");
        }
        for (String part : parts) {
            if (!ImageReference.isRepositoryPath(part)) {
                throw invalid(repository, "'" + part + "' must be lower-case letters and digits, separated by '.', "
                        + "'_', '__' or dashes (the distribution spec's name grammar)");
            }
        }
        return parts[0];
    }

    public static boolean isTag(String reference) {
        return ImageReference.isTag(reference);
    }

    private static RegistryException invalid(String repository, String why) {
        return new RegistryException(RegistryError.NAME_INVALID, "invalid repository name '" + repository + "': " + why
                + " (e.g. 'myapp' or 'myapp/worker')", repository);
    }
}
