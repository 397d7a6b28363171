package dev.slipway.promotion;

/** Where a promotion request came from, as shown in its record and the environment's history. */
public enum PromotionSource { CLI, API, TAG, PUSH }
