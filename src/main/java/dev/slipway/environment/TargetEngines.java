package dev.slipway.environment;

import dev.slipway.target.Target;
import dev.slipway.target.TargetKind;
import java.util.LinkedHashMap;
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

    /** One engine set per kind of target (Docker engines, Kubernetes clusters), seen as one. */
    static TargetEngines byKind(Map<TargetKind, TargetEngines> kinds) {
        Map<TargetKind, TargetEngines> copy = Map.copyOf(kinds);
        return new TargetEngines() {
            @Override
            public DeployTarget engine(Target target) {
                TargetEngines of = copy.get(target.kind());
                if (of == null) {
                    throw new IllegalStateException("this server drives no " + target.kind().text() + " targets (target "
                            + target.name() + ")");
                }
                return of.engine(target);
            }

            @Override
            public Map<String, DeployTarget> all() {
                Map<String, DeployTarget> all = new LinkedHashMap<>();
                copy.values().forEach(engines -> all.putAll(engines.all()));
                return all;
            }
        };
    }
}
