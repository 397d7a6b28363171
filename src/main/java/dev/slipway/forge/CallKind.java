package dev.slipway.forge;

/** What a call to the forge does: a commit status, creating a deployment there, or a state of one it created. */
public enum CallKind {
    STATUS, DEPLOYMENT, DEPLOYMENT_STATUS
}
