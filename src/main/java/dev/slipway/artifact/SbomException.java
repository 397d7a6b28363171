package dev.slipway.artifact;

/** A file that is not a CycloneDX JSON document Slipway can keep, with what is wrong. */
public class SbomException extends Exception {
    public SbomException(String message) {
        super(message);
    }
}
