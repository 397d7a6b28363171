package dev.slipway.environment;

import dev.slipway.target.Target;
import java.util.Map;

/**
 * The deploy targets of the machines admins registered ({@code slipway target add}): one connected
 * {@link DeployTarget} per registered target, kept while its endpoint stays the same.
 */
public interface TargetEngines {
    /** No registered machine: every environment runs on this host. */
    TargetEngines NONE = new TargetEngines() {
        @Override
        public DeployTarget engine(Target target) {
            throw new IllegalStateException("no engine for target " + target.name());
        }

        @Override
        public Map<String, DeployTarget> all() {
            return Map.of();
        }
    };

    /** The deploy target of a registered target. */
    DeployTarget engine(Target target);

    /** Every registered target's deploy target, by target name (where a deployment's containers may be found). */
    Map<String, DeployTarget> all();
}
