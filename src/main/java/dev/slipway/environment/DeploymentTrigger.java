package dev.slipway.environment;

/** How a deployment came about, as shown in an environment's history. */
public enum DeploymentTrigger { PUSH, PROMOTION, TAG, ROLLBACK }
