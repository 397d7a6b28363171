package dev.slipway.promotion;

import dev.slipway.pipeline.EnvironmentSpec;

/** One condition an environment puts on the artifacts that enter it. */
interface Gate {
    GateStatus evaluate(Promotion promotion, EnvironmentSpec target);
}
