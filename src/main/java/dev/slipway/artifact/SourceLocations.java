package dev.slipway.artifact;

/** Where an app's source comes from, as provenance names it: the upstream it follows, else its git URL here. */
public interface SourceLocations {
    String repository(String app);
}
