package dev.slipway.auth;

/** An authenticated caller. */
public record Principal(String user) {}
