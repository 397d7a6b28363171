package dev.slipway.pipeline;

import java.util.function.UnaryOperator;

/** Hides an app's secret values in log text before it is written or served. Wired to the secrets at boot. */
@FunctionalInterface
public interface LogMasking {
    LogMasking NONE = app -> UnaryOperator.identity();

    /** A masker for one app's log lines, holding the app's secret values as they are now. */
    UnaryOperator<String> maskerFor(String app);
}
