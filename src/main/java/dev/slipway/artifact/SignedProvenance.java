package dev.slipway.artifact;

/** The provenance of {@code facts} signed, not yet recorded: the envelope's JSON and the key that signed it. */
public record SignedProvenance(BuildFacts facts, String keyId, String envelopeJson) {}
