package dev.slipway.boot;

import dev.slipway.environment.TargetNarrowing;
import dev.slipway.store.SqlTargetRepository;
import dev.slipway.target.Targets;

/**
 * Step 4b, targets: the machines admins registered and bound (client keys sealed with the secrets' key), and the
 * check of a pipeline file's {@code targets:} against those bindings.
 */
record TargetWiring(Targets targets, TargetNarrowing narrowing) {

    static TargetWiring wire(StoreWiring store, AuthWiring auth, SecretWiring secrets) {
        Targets targets = new Targets(new SqlTargetRepository(store.db()), secrets.targetKeys(), store.apps(),
                auth.access(), store.db(), store.audit(), store.clock());
        return new TargetWiring(targets, new TargetNarrowing(targets));
    }
}
