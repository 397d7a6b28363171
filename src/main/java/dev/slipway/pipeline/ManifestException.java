package dev.slipway.pipeline;

/**
 * A manifest Slipway will not apply, or a manifests directory it will not read: the message starts with the path, and
 * the line (and column) when the problem is at one, e.g. {@code k8s/app.yml:7: unknown variable NOPE: …}. A push of a
 * commit with one fails as one with an invalid pipeline file does.
 */
public final class ManifestException extends Exception {
    private static final long serialVersionUID = 1L;

    public ManifestException(String message) {
        super(message);
    }

    /** {@code path:line:column: problem}. */
    static ManifestException at(String path, int line, int column, String problem) {
        return new ManifestException(path + ":" + line + ":" + column + ": " + problem);
    }

    /** {@code path:line: problem}, for a value written on that line. */
    static ManifestException atLine(String path, int line, String problem) {
        return new ManifestException(path + ":" + line + ": " + problem);
    }
}
