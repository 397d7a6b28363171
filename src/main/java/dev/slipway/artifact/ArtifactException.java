package dev.slipway.artifact;

/** An artifact problem the user can act on; the message says what was wrong and what to do. */
public final class ArtifactException extends Exception {

    public ArtifactException(String message) {
        super(message);
    }

    public ArtifactException(String message, Throwable cause) {
        super(message, cause);
    }
}
