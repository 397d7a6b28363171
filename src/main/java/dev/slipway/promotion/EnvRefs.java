package dev.slipway.promotion;

import dev.slipway.environment.Deployment;
import dev.slipway.environment.DeploymentRepository;
import dev.slipway.environment.Environment;
import dev.slipway.environment.EnvironmentRepository;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What each shared environment's ref ({@code env/<ENV>}) must name, read from the records, which are the truth: the
 * commit live there — except while a promotion that a push requested is on its way (PENDING, APPROVED, DEPLOYING),
 * when it names the commit pushed. Nothing live and nothing on its way: no ref. Per-branch environments have none.
 */
public final class EnvRefs {
    private final EnvironmentRepository environments;
    private final DeploymentRepository deployments;
    private final PromotionRepository promotions;

    public EnvRefs(EnvironmentRepository environments, DeploymentRepository deployments,
                   PromotionRepository promotions) {
        this.environments = environments;
        this.deployments = deployments;
        this.promotions = promotions;
    }

    /**
     * By environment name, the commit its ref must name, or empty where it must have none: every shared environment
     * the app has, and every environment a pushed promotion is on its way to (it may have no row yet).
     */
    public Map<String, Optional<String>> of(String app) {
        Map<String, Optional<String>> refs = new TreeMap<>();
        for (Environment env : environments.list(app)) {
            if (!env.ephemeral()) {
                refs.put(env.name(), env.live().flatMap(id -> deployments.find(app, id)).map(Deployment::commit));
            }
        }
        // oldest first, so the newest pushed promotion to an environment has the last word
        for (Promotion p : promotions.open(app)) {
            if (p.source() == PromotionSource.PUSH) {
                refs.put(p.environment(), Optional.of(p.commit()));
            }
        }
        return refs;
    }
}
